"""Turn `journal.yaml` and an issue's `issue.yaml` into a checked, typed `settings.Issue`.

The issue inherits every key of the journal and may override any of it.
All problems are reported at once, each as `file:line:col: key: ...`.
Files named by the manifest must exist inside the issue folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from pamphleteer import fonts, yamlfile
from pamphleteer.errors import UserError, display_path
from pamphleteer.pictures import fault
from pamphleteer.readers import READERS
from pamphleteer.schema import Problems, build, check, fields_of, missing
from pamphleteer.settings import Issue
from pamphleteer.yamlfile import Node, Seq

SCHEMA = fields_of(Issue)  # every key of journal.yaml and issue.yaml


def find_manifest(spec: str, cwd: Path | None = None) -> Path:
    """An issue number (under the journal's issues/, from its folder or any folder below), folder or manifest."""
    cwd = cwd or Path.cwd()
    candidate = Path(spec)
    if spec.isdigit() and not candidate.exists():
        candidate = journal_root(cwd) / "issues" / spec / "issue.yaml"
    if candidate.is_dir():
        candidate = candidate / "issue.yaml"
    if not candidate.is_file():
        raise UserError(f"no issue '{spec}': its manifest would be here", candidate)
    return candidate.resolve()


def find_journal(folder: Path) -> Path:
    """The nearest `journal.yaml` above the issue folder."""
    for parent in [folder, *folder.parents]:
        if (parent / "journal.yaml").is_file():
            return parent / "journal.yaml"
    raise UserError("no journal.yaml in this folder or above it; run the command from the journal's folder "
                    "(the one with journal.yaml and issues/)", folder)


def journal_root(cwd: Path) -> Path:
    """The journal's folder: `cwd` or the nearest folder above it with a journal.yaml."""
    return find_journal(cwd.resolve()).parent


def load(spec: str) -> Issue:
    """Read and check the journal and issue manifests; raise every problem at once."""
    manifest = find_manifest(spec)
    journal_path = find_journal(manifest.parent)
    problems = Problems()
    journal = as_mapping(yamlfile.read(journal_path), journal_path, problems)
    issue = as_mapping(yamlfile.read(manifest), manifest, problems)
    if problems.errors:  # a file that is not keys at all: nothing more to say about its keys
        raise UserError.many(problems.errors)
    for data in (journal, issue):
        check(data, SCHEMA, problems)
    merged = merge(journal, issue)
    missing(merged, SCHEMA, problems)
    if problems.errors:
        raise UserError.many(problems.errors)
    origins: dict[str, str] = {}
    loaded = build(Issue, merged, origins=origins, folder=manifest.parent, manifest=manifest,
                   root=journal_path.parent, warnings=_picture_warnings(merged))
    loaded.origins = origins
    _check_values(merged, loaded, problems)
    _check_journal_files(merged, loaded.root, problems)
    if problems.errors:
        raise UserError.many(problems.errors)
    _resolve(loaded, merged)
    loaded.warnings += _unlisted(loaded) + _coverless(loaded)
    return loaded


def as_mapping(data, path: Path, problems: Problems) -> Node:
    """A manifest's top level must be a mapping of keys; an empty file is an empty mapping."""
    if data is None or isinstance(data, Node):
        return data if data is not None else _empty(path)
    kind = "a list" if isinstance(data, Seq) else f"the text {str(data)[:40]!r}"
    problems.errors.append(UserError(f"found {kind}, expected a mapping of keys such as `issue: 48` "
                                     "and `articles:`, one a line", path, 1, 1))
    return _empty(path)


def _resolve(issue: Issue, data: Node) -> None:
    """Each article's and picture's file as a resolved path; where each picture is named, for messages."""
    for entry, node in zip(issue.articles, data["articles"]):
        entry.path = (issue.folder / entry.file).resolve()
        for picture, item in zip(entry.pictures, node.get("pictures") or []):
            picture.path = (issue.folder / picture.file).resolve()
            picture.where = (item.source("file"), item.where("file")[0])
    cover = data.get("cover")
    if issue.cover.picture and isinstance(cover, Node):
        issue.cover.where = (cover.source("picture"), cover.where("picture")[0])


def merge(base: Node, override: Node) -> Node:
    """Deep-merge two mappings, keeping each key's position from where it came."""
    result = Node(base)
    result._positions = dict(base._positions)
    result._sources = {key: base.source(key) for key in base}
    result.path, result.line, result.column = override.path, override.line, override.column
    for key, value in override.items():
        if isinstance(value, Node) and isinstance(base.get(key), Node):
            value = merge(base[key], value)
        result[key] = value
        result._positions[key] = override.where(key)
        result._sources[key] = override.source(key)
    return result


PRINTED_TEXT = ("name", "tagline", "price", "cover", "back_page", "articles")  # keys whose text is set in print


def _check_glyphs(node, families: list[str], problems: Problems, name: str = "") -> None:
    """Every character the manifests put on the page must be in the journal's fonts (body and sans)."""
    items = node.items() if isinstance(node, Node) else enumerate(node) if isinstance(node, Seq) else ()
    for key, value in items:
        label = f"{name}.{key}" if isinstance(node, Node) else f"{name}[{key}]"
        if isinstance(value, str) and key != "file":
            missing = fonts.missing(value, families)
            if missing:
                names = ", ".join(fonts.describe(c) for c in missing[:5])
                problems.add(f"{label.lstrip('.')}: {names} not in the fonts {' and '.join(families)}; "
                             "replace it or choose fonts that have it", node, key)
        elif isinstance(value, (Node, Seq)):
            _check_glyphs(value, families, problems, label)


def _check_journal_files(data: Node, root: Path, problems: Problems) -> None:
    """Extra stylesheets and padding page templates must be the journal's own files."""
    styles = data.get("styles") or Seq()
    for index, name in enumerate(styles):
        if not _journal_file(root, name):
            problems.add(f"styles[{index}]: '{name}' is not a file inside the journal's folder", styles, index)
    printing = data.get("print") or Node()
    if printing.get("profile") and not _journal_file(root, printing["profile"]):
        problems.add(f"print.profile: '{printing['profile']}' is not a file inside the journal's folder",
                     printing, "profile")
    kinds = data.get("padding_pages") or Seq()
    for index, kind in enumerate(kinds):
        if not (root / "templates" / f"padding-{kind}.html.j2").is_file():
            problems.add(f"padding_pages[{index}]: no template templates/padding-{kind}.html.j2", kinds, index)


def _installed(chosen: Node, issue: Issue, problems: Problems) -> bool:
    """The fonts named (in journal.yaml or issue.yaml, at their line) must be installed; the defaults by setup."""
    for key in ("body", "sans"):
        try:
            fonts.font_files(getattr(issue.fonts, key))
        except UserError as error:
            if key not in chosen:
                raise
            problems.add(f"fonts.{key}: '{chosen[key]}' is not an installed font; name one that "
                         "`fc-list : family` shows, or install it", chosen, key)
            return False
    return True


def _journal_file(root: Path, name: str) -> bool:
    path = (root / name).resolve()
    return path.is_relative_to(root.resolve()) and path.is_file()


def _check_values(data: Node, issue: Issue, problems: Problems) -> None:
    """What the types alone do not say: printed text in the fonts, files inside the issue folder."""
    seen: dict[Path, int] = {}
    folder = issue.folder
    if not _installed(data.get("fonts") or Node(), issue, problems):
        return
    for key in PRINTED_TEXT:
        if key in data:
            _check_glyphs(_only(data, key), issue.fonts.families, problems)
    if not data["articles"]:
        problems.add(f"articles: the issue has no articles yet; add one with "
                     f"`make import FILE=path/to/the/file N={data['issue']}`", data, "articles")
    for index, entry in enumerate(data["articles"]):
        path = _inside(entry, "file", folder, problems, f"articles[{index}].file")
        if path in seen:
            problems.add(f"articles[{index}].file: '{entry['file']}' is already listed as "
                         f"articles[{seen[path]}]", entry, "file")
        elif path:
            seen[path] = index
            _readable(entry, path, problems, f"articles[{index}]", data["issue"])
        for number, picture in enumerate(entry.get("pictures") or []):
            name = f"articles[{index}].pictures[{number}].file"
            _picture(picture, "file", _inside(picture, "file", folder, problems, name), problems, name)
    cover = data.get("cover") or {}
    if cover.get("picture"):
        _picture(cover, "picture", _inside(cover, "picture", folder, problems, "cover.picture"), problems,
                 "cover.picture")


def _inside(node: Node, key: str, folder: Path, problems: Problems, name: str) -> Path | None:
    """The file `node[key]` names, which must exist inside the issue folder."""
    relative = node[key]
    try:
        problem, path = _where(folder, relative)
    except (ValueError, RuntimeError, OSError) as error:
        problem, path = f"cannot be opened ({_unopenable(error)})", None
    if problem:
        problems.add(f"{name}: '{relative}' {problem}", node, key)
    return path


def _where(folder: Path, relative: str) -> tuple[str | None, Path | None]:
    """(what is wrong with the file, or None; the file) for a name written in the manifest."""
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        return "lies outside the issue folder", None
    if path.is_dir():
        return "is a folder; expected a file in it", None
    if not path.is_file():
        return f"does not exist (paths are relative to {folder.name}/)", None
    return None, path


def _unopenable(error: Exception) -> str:
    if "null" in str(error):
        return "it holds a NUL character; write the file's name as it is"
    if isinstance(error, RuntimeError):
        return "it is a link that leads back to itself"
    return error.strerror or str(error)


def _readable(entry: Node, path: Path, problems: Problems, name: str, number) -> None:
    """An article file needs a reader for its kind."""
    if path.suffix.lower() not in READERS:
        problems.add(f"{name}.file: '{entry['file']}' cannot be read as an article (known: "
                     f"{', '.join(sorted(READERS))}); turn it into Markdown with "
                     f"`make import FILE={display_path(path)} N={number}`", entry, "file")


PICTURE_KINDS = "PNG, JPEG, GIF, TIFF, WebP or SVG"


def _picture(node: Node, key: str, path: Path | None, problems: Problems, name: str) -> None:
    """A picture file must be one the renderer can draw: checked by Pillow (SVG by its first tag)."""
    if path is None:
        return
    if path.suffix.lower() == ".svg":
        with path.open("rb") as file:
            if b"<svg" in file.read(4096):
                return
        problems.add(f"{name}: '{node[key]}' is not an SVG drawing; expected {PICTURE_KINDS}", node, key)
        return
    found = fault(path)
    if found == "not a picture":
        problems.add(f"{name}: '{node[key]}' is not a picture; expected {PICTURE_KINDS} "
                     "(save it again in one of these)", node, key)
    elif found:
        problems.add(f"{name}: '{node[key]}' is a damaged picture ({found}); save it again", node, key)


PICTURE_WARNINGS = {  # (has alt, has caption) -> what is missing and what to add
    (False, False): "has neither alt text nor a caption; add `alt:` (what it shows, read out to readers who "
                    "cannot see it) and `caption:` under it",
    (False, True): "has no alt text, so its caption is read out in its place; add `alt:` (what it shows) under it",
    (True, False): "has no caption; add `caption:` under it",
}


def _picture_warnings(data: Node) -> list[str]:
    """A warning for each article picture without alt text or without a caption."""
    found = []
    for index, entry in enumerate(data["articles"]):
        for number, picture in enumerate(entry.get("pictures") or []):
            missing_text = PICTURE_WARNINGS.get((bool(picture.get("alt")), bool(picture.get("caption"))))
            if missing_text:
                line, column = picture.where("file")
                found.append(f"{display_path(picture.path)}:{line}:{column}: articles[{index}].pictures[{number}]: "
                             f"'{picture['file']}' {missing_text}")
    return found


def _unlisted(issue: Issue) -> list[str]:
    """A warning for each file in the issue's articles/ that the manifest does not list (it would not be printed)."""
    listed = {entry.path for entry in issue.articles}
    folder = issue.folder / "articles"
    found = sorted(path for path in folder.iterdir() if path.is_file() and not _scratch(path.name)) \
        if folder.is_dir() else []
    return [f"{display_path(path)}: not listed under `articles:` in {display_path(issue.manifest)}, so it is not "
            f"printed; add `- file: articles/{path.name}` where it belongs, or move it out of articles/"
            for path in found if path.resolve() not in listed]


SCRATCH = re.compile(  # editors' temporary files, by name: nobody's article, no reason to rebuild
    r"\..*"                  # hidden: vim's .x.swp, emacs's .#x lock, gedit's .goutputstream-X, .DS_Store
    r"|.*~|#.*#"             # backups (x~) and emacs's autosaves (#x#)
    r"|.*\.(?:sw[a-p]|swx|tmp|bak|part|kate-swp)"
    r"|sed[A-Za-z0-9]{6}"     # sed -i writes sedXXXXXX beside the file, then renames it onto the file
    r"|4913|~\$.*")           # vim's test of the folder; Word's lock file


def _scratch(name: str) -> bool:
    """Hidden files and editors' temporary files, which are nobody's article."""
    return bool(SCRATCH.fullmatch(name))


def is_scratch(path: Path) -> bool:
    """An editor's temporary file (by its name), which is nobody's article and no reason to rebuild."""
    return _scratch(Path(path).name)


def _coverless(issue: Issue) -> list[str]:
    cover = issue.cover
    if cover.title or cover.picture or cover.headlines:
        return []
    return [f"{display_path(issue.manifest)}: the issue has no cover: its front page shows the masthead alone; "
            "add `cover:` with a `title:`, a `picture:` and `headlines:` (see issues/47/issue.yaml)"]


def _only(data: Node, key: str) -> Node:
    """A mapping holding just `data[key]`, with its position and file."""
    node = Node({key: data[key]})
    node._positions = {key: data.where(key)}
    node.path, node.line, node.column = data.source(key), *data.where(key)
    node._sources = {key: data.source(key)} if hasattr(data, "_sources") else {}
    return node


def _empty(path: Path) -> Node:
    node = Node()
    node._positions, node.path, node.line, node.column = {}, path, 1, 1
    return node
