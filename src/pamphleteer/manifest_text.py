"""Edit a manifest as text, so the editor's comments, order and quoting stay as they wrote them.

`new` copies whole top-level parts of the previous issue.yaml with
`top_level_parts()`; `import` adds an article entry with `add_article()`,
which re-reads the result and puts the old text back if it would not load.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from pamphleteer import yamlfile
from pamphleteer.errors import UserError


def quoted(text: str) -> str:
    """Text as a double-quoted YAML scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def top_level_parts(text: str) -> dict[str, str]:
    """Each top-level key's lines, with the comment lines right above it, as written."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return {}
    lines = text.splitlines(keepends=True)
    starts = [_with_comments_above(lines, key.start_mark.line) for key, _ in root.value]
    ends = starts[1:] + [len(lines)]
    return {key.value: "".join(lines[start:end]).rstrip("\n") + "\n"
            for (key, _), start, end in zip(root.value, starts, ends)}


def _with_comments_above(lines: list[str], line: int) -> int:
    while line > 0 and lines[line - 1].lstrip().startswith("#"):
        line -= 1
    return line


def entry_text(entry: dict, indent: int, comments: list[str] = ()) -> str:
    """An `articles:` item as block YAML: `- file: ...` at `indent` spaces, then its other keys.

    Comment lines go right after `file:` and `pictures:`, so that a commented-out
    picture, once uncommented, stands in the pictures list.
    """
    lines = []
    for number, (key, value) in enumerate(entry.items()):
        lead = " " * indent + ("- " if number == 0 else "  ")
        lines.extend(_key_lines(lead, key, value, indent + 2))
        if key == ("pictures" if "pictures" in entry else "file"):
            lines.extend(" " * (indent + 2) + "# " + comment for comment in comments)
    return "\n".join(lines) + "\n"


def _key_lines(lead: str, key: str, value, indent: int) -> list[str]:
    if isinstance(value, list):
        lines = [f"{lead}{key}:"]
        for item in value:
            lines.extend(entry_text(item, indent + 2).rstrip("\n").split("\n"))
        return lines
    plain = key == "file" and re.fullmatch(r"[\w./-]+", value)
    return [f"{lead}{key}: {value if plain else quoted(value)}"]


def add_article(manifest: Path, entry: dict, comments: list[str] = ()) -> int:
    """Append `entry` (and comment lines under it) to the manifest's `articles:`; return its index there.

    A manifest that would not load afterwards is put back as it was.
    """
    before = yamlfile.read_text(manifest)
    after = _with_entry(before, entry, list(comments), manifest)
    manifest.write_text(after, encoding="utf-8")
    try:
        articles = (yamlfile.read(manifest) or {}).get("articles")
        if not isinstance(articles, list) or articles[-1].get("file") != entry["file"]:
            raise UserError("the new entry did not come out last under `articles:`")
    except UserError as error:
        manifest.write_text(before, encoding="utf-8")
        raise UserError(f"could not add the article to the manifest ({error.message}); it is unchanged: "
                        f"add this entry under `articles:` by hand:\n{entry_text(entry, 2)}", manifest) from None
    return len(articles) - 1


def _with_entry(text: str, entry: dict, comments: list[str], manifest: Path) -> str:
    yamlfile.parse(text, manifest)  # a manifest that does not load is reported as it is
    root = yaml.compose(text)
    articles = next((value for key, value in root.value if key.value == "articles"), None) \
        if isinstance(root, yaml.MappingNode) else None
    if articles is None:
        return text.rstrip("\n") + "\narticles:\n" + entry_text(entry, 2, comments)
    if isinstance(articles, yaml.ScalarNode) and articles.value in ("", "~", "null"):  # `articles:` alone
        return _insert_after(text, articles.start_mark.index, entry_text(entry, 2, comments))
    if not isinstance(articles, yaml.SequenceNode) or (articles.flow_style and articles.value):
        line = articles.start_mark.line + 1
        raise UserError("articles: expected a list written one `- file:` item per line, so the new article "
                        "can be added to it", manifest, line, articles.start_mark.column + 1)
    if not articles.value:  # `articles: []`
        start, end = articles.start_mark.index, articles.end_mark.index
        rest = text[end:].lstrip(" ")
        return text[:start].rstrip(" ") + "\n" + entry_text(entry, 2, comments) + rest.removeprefix("\n")
    dash = articles.start_mark.column
    return _insert_after(text, _last_index(articles.value[-1]), entry_text(entry, dash, comments), dash)


def _insert_after(text: str, index: int, insert: str, dash: int = 0) -> str:
    """`insert` at the start of the line after the one `index` is on (a block scalar ends on a line start),
    and after the comment lines indented under the item it follows."""
    if index > 0 and text[index - 1] == "\n":
        cut = index
    else:
        cut = text.find("\n", index)
        cut = len(text) if cut < 0 else cut + 1
    while re.match(r" {%d,}#[^\n]*(\n|$)" % (dash + 1), text[cut:]):
        cut += len(re.match(r"[^\n]*\n?", text[cut:])[0])
    prefix = text[:cut] if text[:cut].endswith("\n") else text[:cut] + "\n"
    return prefix + insert + text[cut:]


def _last_index(node) -> int:
    """Where the last scalar inside `node` ends, in the text."""
    if isinstance(node, yaml.MappingNode) and node.value:
        return _last_index(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_index(node.value[-1])
    return node.end_mark.index
