"""Turn `journal.yaml` and an issue's `issue.yaml` into a checked `Issue`.

The issue inherits every key of the journal and may override any of it.
All problems are reported at once, each as `file:line:col: key: ...`.
Files named by the manifest must exist inside the issue folder.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer import yamlfile
from pamphleteer.errors import UserError, display_path
from pamphleteer.schema import Field, Problems, check, missing
from pamphleteer.papers import sheet_size
from pamphleteer.units import parse_length
from pamphleteer.yamlfile import Node, Seq

MIN_BLEED = 9.0  # points: what printers ask for

PICTURE = {
    "file": Field(str, required=True, help="a picture file, relative to the issue folder"),
    "caption": Field(str),
    "credit": Field(str),
    "width": Field(str, choices=("column", "full")),
}
ARTICLE = {
    "file": Field(str, required=True, help="an article file, relative to the issue folder"),
    "pictures": Field([PICTURE], aliases=("images", "photos", "figures")),
    "section": Field(str),
    "encoding": Field(str),
    "lang": Field(str),
    "columns": Field(int, choices=(1, 2)),
}
CONTACT = {"email": Field(str), "web": Field(str), "address": Field(str), "phone": Field(str)}
BACK_PAGE = {
    "title": Field(str),
    "text": Field(str),
    "subscribe": Field(str),
    "contact": Field(CONTACT),
    "colophon": Field(str),
}
COVER = {
    "title": Field(str),
    "picture": Field(str),
    "caption": Field(str),
    "credit": Field(str),
    "headlines": Field([str]),
}
FONTS = {"body": Field(str), "sans": Field(str)}
PRINT = {
    # the print edition
    "binding": Field(str, choices=("saddle", "perfect", "none")),
    "bleed": Field(str, help="a length such as 0.125in or 3mm"),
    "standard": Field(str, choices=("x-4", "x-1a", "x-3")),
    "profile": Field(str, help="the printer's CMYK ICC profile, relative to journal.yaml's folder"),
    "colour": Field(str, choices=("rgb", "cmyk", "grayscale")),
    "min_ppi_warn": Field(int, help="pictures under this resolution at placed size are warned about"),
    "min_ppi_error": Field(int, help="pictures under this resolution stop the print build"),
    # the booklet (see `pamphleteer impose --help`)
    "binding_side": Field(str, choices=("left", "right")),
    "sheet": Field(str, help="a paper name (letter, tabloid, a4, a3, sra3...) or WxH with a unit"),
    "last": Field(int, help="pages kept after the blank padding pages"),
    "signature": Field(int, help="pages per signature for perfect binding, a multiple of 4"),
    "creep": Field(str, help="the paper's caliper, such as 0.1mm"),
    "duplex": Field(str, choices=("long", "short")),
    "marks": Field(bool),
    "scale": Field(bool),
    "cover_apart": Field(bool, help="true to impose the cover sheet to its own PDF"),
}
READER = {
    "max_ppi": Field(int, help="pictures above this resolution are downsampled in the reader edition"),
}
SCHEMA = {
    # the journal
    "name": Field(str, required=True),
    "slug": Field(str, required=True, help="a short file-name word such as `lantern`"),
    "tagline": Field(str),
    "lang": Field(str),
    "trim": Field(str, help="digest, letter, a5, a4 or WxH with a unit (5.5x8.5in)"),
    "fonts": Field(FONTS),
    "styles": Field([str]),
    "end_mark": Field(str),
    "padding_pages": Field([str], help="templates padding-<kind>.html.j2 that fill the print edition to "
                                       "a multiple of 4 pages, e.g. [subscribe, notes]"),
    "publisher": Field(str),
    "print": Field(PRINT),
    "reader": Field(READER),
    # the issue
    "issue": Field(int, required=True, aliases=("number", "no", "issue_number")),
    "date": Field(str, required=True, help="text such as \"2012-09\" or \"September 2012\""),
    "price": Field(str),
    "cover": Field(COVER),
    "articles": Field([ARTICLE], required=True, aliases=("contents", "article")),
    "back_page": Field(BACK_PAGE),
}

TRIMS = {  # width x height in CSS inches
    "digest": (5.5, 8.5),
    "letter": (8.5, 11.0),
    "a5": (148 / 25.4, 210 / 25.4),
    "a4": (210 / 25.4, 297 / 25.4),
}


@dataclass
class Picture:
    path: Path
    caption: str = ""
    credit: str = ""
    width: str = "column"


@dataclass
class ArticleEntry:
    path: Path
    pictures: list[Picture] = field(default_factory=list)
    section: str | None = None
    encoding: str = "utf-8"
    lang: str | None = None
    columns: int | None = None


@dataclass
class Issue:
    """Everything the later stages need to know about one issue."""

    number: int
    date: str
    folder: Path
    manifest: Path
    root: Path
    settings: dict
    articles: list[ArticleEntry]
    warnings: list[str] = field(default_factory=list)  # `file:line:col: ...` for what is odd, not wrong

    @property
    def slug(self) -> str:
        return self.settings["slug"]

    @property
    def trim_inches(self) -> tuple[float, float]:
        return parse_trim(self.settings.get("trim", "digest"))


def find_manifest(spec: str, cwd: Path | None = None) -> Path:
    """An issue number, folder or manifest path to the manifest's path."""
    cwd = cwd or Path.cwd()
    candidate = Path(spec)
    if spec.isdigit() and not candidate.exists():
        candidate = cwd / "issues" / spec / "issue.yaml"
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
    raise UserError("no journal.yaml in this folder or above it", folder)


def load(spec: str) -> Issue:
    """Read and check the journal and issue manifests; raise every problem at once."""
    manifest = find_manifest(spec)
    journal_path = find_journal(manifest.parent)
    journal, issue = yamlfile.read(journal_path), yamlfile.read(manifest)
    problems = Problems()
    for data, path in ((journal, journal_path), (issue, manifest)):
        if data is None:
            data = _empty(path)
        check(data, SCHEMA, problems)
    merged = merge(journal or _empty(journal_path), issue or _empty(manifest))
    missing(merged, SCHEMA, problems)
    if not problems.errors:
        _check_values(merged, manifest.parent, problems)
        _check_journal_files(merged, journal_path.parent, problems)
    if problems.errors:
        raise UserError.many(problems.errors)
    return Issue(
        number=merged["issue"], date=merged["date"], folder=manifest.parent, manifest=manifest,
        root=journal_path.parent, settings=merged,
        articles=[_article(entry, manifest.parent) for entry in merged["articles"]],
        warnings=_uncaptioned(merged),
    )


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


def parse_trim(text: str) -> tuple[float, float]:
    """`digest`, `a5`... or `5.5x8.5in` / `148x210mm` to inches."""
    if text.lower() in TRIMS:
        return TRIMS[text.lower()]
    from pamphleteer.units import parse_size
    width, height = parse_size(text)
    return width / 72, height / 72


PRINTED_TEXT = ("name", "tagline", "price", "cover", "back_page", "articles")  # keys whose text is set in print
LENGTHS = {"bleed": parse_length, "creep": parse_length, "sheet": sheet_size}  # print: values read early


def _check_glyphs(node, families: list[str], problems: Problems, name: str = "") -> None:
    """Every character the manifests put on the page must be in the journal's fonts (body and sans)."""
    from pamphleteer import fonts

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


def _check_print(data: Node, problems: Problems) -> None:
    """Lengths and sizes under `print:` read as they will be used, so a slip is named here."""
    settings = data.get("print") or {}
    for key, parser in LENGTHS.items():
        if key in settings:
            try:
                value = parser(settings[key])
            except ValueError as error:
                problems.add(f"print.{key}: {error}", settings, key)
                continue
            if key == "bleed" and value < MIN_BLEED:
                problems.add(f"print.bleed: {settings[key]!r} is less than the 9 pt (3 mm) printers ask for",
                             settings, key)


def _check_journal_files(data: Node, root: Path, problems: Problems) -> None:
    """Extra stylesheets and padding page templates must be the journal's own files."""
    styles = data.get("styles") or Seq()
    for index, name in enumerate(styles):
        path = (root / name).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            problems.add(f"styles[{index}]: '{name}' is not a file inside the journal's folder", styles, index)
    kinds = data.get("padding_pages") or Seq()
    for index, kind in enumerate(kinds):
        if not (root / "templates" / f"padding-{kind}.html.j2").is_file():
            problems.add(f"padding_pages[{index}]: no template templates/padding-{kind}.html.j2", kinds, index)


def _check_values(data: Node, folder: Path, problems: Problems) -> None:
    seen: dict[Path, int] = {}
    fonts = data.get("fonts") or {}
    families = [fonts.get("body", "Charis SIL"), fonts.get("sans", "PT Sans")]
    for key in PRINTED_TEXT:
        if key in data:
            _check_glyphs(_only(data, key), families, problems)
    _check_print(data, problems)
    if data.get("trim"):
        try:
            parse_trim(data["trim"])
        except ValueError as error:
            problems.add(f"trim: {error}", data, "trim")
    if not data["articles"]:
        problems.add(f"articles: the issue has no articles yet; add one with "
                     f"`pamphleteer import FILE --into {data['issue']}`", data, "articles")
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
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        problems.add(f"{name}: '{relative}' lies outside the issue folder", node, key)
    elif path.is_dir():
        problems.add(f"{name}: '{relative}' is a folder; expected a file in it", node, key)
    elif not path.is_file():
        problems.add(f"{name}: '{relative}' does not exist (paths are relative to {folder.name}/)", node, key)
    else:
        return path
    return None


def _readable(entry: Node, path: Path, problems: Problems, name: str, number) -> None:
    """An article file needs a reader for its kind, and a known encoding if one is named."""
    from pamphleteer.readers import READERS  # the readers build Articles, which need this module

    if path.suffix.lower() not in READERS:
        problems.add(f"{name}.file: '{entry['file']}' cannot be read as an article (known: "
                     f"{', '.join(sorted(READERS))}); turn it into Markdown with "
                     f"`pamphleteer import {entry['file']} --into {number}`", entry, "file")
    if entry.get("encoding"):
        try:
            codecs.lookup(entry["encoding"])
        except LookupError:
            problems.add(f"{name}.encoding: found unknown encoding {entry['encoding']!r}, expected a name "
                         "such as utf-8 or cp1252", entry, "encoding")


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
    from pamphleteer.pictures import fault

    found = fault(path)
    if found == "not a picture":
        problems.add(f"{name}: '{node[key]}' is not a picture; expected {PICTURE_KINDS} "
                     "(save it again in one of these)", node, key)
    elif found:
        problems.add(f"{name}: '{node[key]}' is a damaged picture ({found}); save it again", node, key)


def _uncaptioned(data: Node) -> list[str]:
    """A warning for each article picture that has no caption."""
    found = []
    for index, entry in enumerate(data["articles"]):
        for number, picture in enumerate(entry.get("pictures") or []):
            if not picture.get("caption"):
                line, column = picture.where("file")
                found.append(f"{display_path(picture.path)}:{line}:{column}: articles[{index}].pictures[{number}]: "
                             f"'{picture['file']}' has no caption; add `caption:` under it")
    return found


def _article(entry: Node, folder: Path) -> ArticleEntry:
    pictures = [Picture(path=(folder / p["file"]).resolve(), caption=p.get("caption") or "",
                        credit=p.get("credit") or "", width=p.get("width") or "column")
                for p in entry.get("pictures") or []]
    return ArticleEntry(path=(folder / entry["file"]).resolve(), pictures=pictures,
                        section=entry.get("section"), encoding=entry.get("encoding") or "utf-8",
                        lang=entry.get("lang"), columns=entry.get("columns"))


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
