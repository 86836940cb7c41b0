"""Turn a Markdown article with YAML front matter into an `Article`.

Footnotes become inline `<span class="footnote">` elements at their call,
so the renderer can float them to the foot of the page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pamphleteer import yamlfile
from pamphleteer.errors import UserError, display_path
from pamphleteer.readers import rawhtml
from pamphleteer.readers.article import Article
from pamphleteer.readers.typography import inline_text, markdown, unpaired_quotes
from pamphleteer.schema import Field, Problems, check, missing

FRONT_MATTER = {
    "title": Field(str, required=True),
    "subtitle": Field(str),
    "author": Field(str, aliases=("by", "authors", "writer")),
    "affiliation": Field(str),
    "date": Field(str, help="text such as \"2012-08-20\" (in quotes)"),
    "source": Field(str),
    "to": Field(str),
    "lang": Field(str),
    "section": Field(str),
    "pull_quote": Field(str, help="a sentence from the article, set large in the middle of its text"),
    "columns": Field(int, choices=(1, 2)),
}
HTML_FIELDS = {"title", "subtitle", "author", "affiliation", "source", "pull_quote"}  # set as typographic HTML
_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def read_markdown(text: str, path: Path) -> Article:
    meta, body, body_line = split_front_matter(text, path)
    if not body.strip():
        raise UserError("the article has front matter but no text", path, body_line)
    warnings: list[str] = []
    blocks = render_blocks(body, warn=lambda line, message: warnings.append(
        f"{display_path(path)}:{body_line + line}: {message}"))
    article = Article(path=path, blocks=blocks, **meta)
    article.warnings = list(dict.fromkeys(warnings))
    return article


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """(checked front matter, body text, body's first line number)."""
    match = _FENCE.match(text)
    if not match:
        raise UserError("expected front matter between `---` lines at the top (title: ...)", path, 1)
    data = yamlfile.parse(match[1] or "", path, first_line=2)
    if data is None:
        raise UserError("the front matter is empty; expected at least `title:`", path, 2)
    if not isinstance(data, dict):
        raise UserError("the front matter must be keys with values, one a line, such as `title: \"...\"`",
                        path, 2)
    problems = Problems()
    check(data, FRONT_MATTER, problems)
    missing(data, FRONT_MATTER, problems)
    if problems.errors:
        raise UserError.many(problems.errors)
    meta = {key: inline_text(str(value)) if key in HTML_FIELDS else str(value)
            for key, value in data.items() if value is not None}
    return meta, text[match.end():], text.count("\n", 0, match.end()) + 1


def render_blocks(body: str, *, warn=lambda line, message: None) -> list[str]:
    """Markdown to a list of top-level HTML blocks, footnotes set inline; raw HTML as `rawhtml` allows.

    `warn(line, message)` hears of each tag left out, `line` counted from 0 in `body`. The blocks of the
    texts read last are kept (watch reads every article again after each save; most have not changed).
    """
    blocks, warnings = _blocks(body)
    for line, message in warnings:
        warn(line, message)
    return list(blocks)


@lru_cache(maxsize=512)
def _blocks(body: str) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...]]:
    warnings: list[tuple[int, str]] = []
    md = markdown()
    env: dict = {}
    tokens = md.parse(body, env)
    rawhtml.clean(tokens, lambda line, message: warnings.append((line, message)))
    env["notes"], tokens = _take_footnotes(tokens)
    blocks, start = [], 0
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting <= 0:
            blocks.append(md.renderer.render(tokens[start:index + 1], md.options, env))
            start = index + 1
    return tuple(unpaired_quotes(block.strip()) for block in blocks if block.strip()), tuple(warnings)


def _take_footnotes(tokens):
    """Each footnote's tokens by its number, rendered at its call; and the tokens without the footnote list."""
    notes: dict[int, list] = {}
    kept, current = [], None
    for token in tokens:
        if token.type == "footnote_open":
            current = notes.setdefault(token.meta["id"], [])
        elif token.type == "footnote_close":
            current = None
        elif token.type in ("footnote_block_open", "footnote_block_close", "footnote_anchor"):
            continue
        else:
            (kept if current is None else current).append(token)
    return notes, kept
