"""Turn a mailing-list post, a Word document or a web page into a Markdown article of an issue.

Importers are chosen by file extension from `IMPORTERS`; each reads its
source into a `Draft`. `import_article()` then writes the draft as
`articles/NAME.md`, saves its pictures into `pictures/`, adds the article
to the issue's manifest and checks the issue, so that `describe()` can tell
the editor what was found and what is left to do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer import manifest, manifest_text, validate
from pamphleteer.errors import UserError, display_path
from pamphleteer.importers import draft as drafts
from pamphleteer.importers import mail, web, word
from pamphleteer.importers.draft import Draft, DraftPicture

IMPORTERS = {
    ".txt": mail.read,
    ".docx": word.read,
    ".html": web.read,
    ".htm": web.read,
}
HINTS = {  # extensions that cannot be imported, and what to do instead
    ".doc": "open it in Word or LibreOffice and save it as .docx",
    ".odt": "open it in LibreOffice and save it as Word (.docx)",
    ".rtf": "open it in Word or LibreOffice and save it as .docx",
    ".pdf": "copy its text into a .txt file in the mailing-list form, or ask the author for the .docx",
    ".md": "a Markdown article needs no import: put it in the issue's articles/ and list it in issue.yaml",
}
SLUG_LENGTH = 40  # characters of whole words
SLUG_STOPWORDS = {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


@dataclass
class Imported:
    """What `import_article` made, and what the check of the issue then said."""

    source: Path
    draft: Draft
    article: Path
    manifest: Path
    index: int
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_article(source: Path, *, into: str | None = None, pictures: list[Path] = (), name: str | None = None,
                   section: str | None = None, encoding: str = "utf-8", cwd: Path | None = None) -> Imported:
    """Write `source` as a Markdown article into issue `into` (default: the latest) and list it there."""
    reader = IMPORTERS.get(source.suffix.lower())
    if reader is None:
        hint = HINTS.get(source.suffix.lower(), f"known: {', '.join(sorted(IMPORTERS))}")
        raise UserError(f"cannot import '{source.suffix}' files; {hint}", source)
    target = _manifest(into, cwd or Path.cwd())
    if not source.is_file():
        raise UserError("file not found", source)
    draft = reader(source, encoding)
    _check_found(draft, source)
    _attach(draft, [Path(p) for p in pictures])
    folder = target.parent
    stem = name or slug(draft.meta["title"]) or slug(source.stem) or "article"
    article = folder / "articles" / f"{stem}.md"
    if article.exists():
        raise UserError(f"{display_path(article)} already exists; delete it to import again, or give another "
                        "name with --name", source)
    saved = _save_pictures(draft, folder, stem)
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(drafts.markdown(draft), encoding="utf-8")
    entry = {"file": article.relative_to(folder).as_posix()}
    if saved:
        entry["pictures"] = [_picture_entry(picture) for picture in saved]
    if section:
        entry["section"] = section
    try:
        index = manifest_text.add_article(target, entry, _missing_pictures(draft))
    except UserError:
        article.unlink()
        raise
    imported = Imported(source, draft, article, target, index)
    _check(imported)
    return imported


def slug(text: str) -> str:
    """A file name from a title: its first words, lower case, ASCII where the letters allow."""
    ascii_words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
                             .decode().lower())
    words = ascii_words if ascii_words else re.findall(r"\w+", text.lower())
    kept = []
    for token in words:
        if kept and len("-".join(kept + [token])) > SLUG_LENGTH:
            break
        kept.append(token)
    while len(kept) > 1 and kept[-1] in SLUG_STOPWORDS:
        kept.pop()
    return "-".join(kept)[:SLUG_LENGTH * 2]


def _manifest(into: str | None, cwd: Path) -> Path:
    """The manifest of issue `into`, or of the latest issue."""
    root = manifest.find_journal(cwd.resolve()).parent
    if into is None:
        issues = sorted(int(p.parent.name) for p in (root / "issues").glob("*/issue.yaml") if p.parent.name.isdigit())
        if not issues:
            raise UserError("there is no issue to import into yet: make one with `make new NUMBER`")
        into = str(issues[-1])
    try:
        return manifest.find_manifest(into, root)
    except UserError as error:
        raise UserError(f"{error.message}; make the issue first with `make new {into}`",
                        error.path) from None


def _check_found(draft: Draft, source: Path) -> None:
    if not any(isinstance(block, str) and block.strip() for block in draft.blocks):
        raise UserError(f"found no text in {draft.kind}; is it the right file?", source)
    if not draft.meta.get("title"):
        draft.meta["title"] = source.stem.replace("_", " ").replace("-", " ")
        draft.notes.append("found no title: the file's name stands for it; write the real one in the front matter")


def _attach(draft: Draft, files: list[Path]) -> None:
    """Files given with --picture, in order, to the pictures the text names without a file; the rest added."""
    waiting = [picture for picture in draft.pictures if not picture.data and not picture.source]
    for file in files:
        if not file.is_file():
            raise UserError("picture file not found", file)
        picture = waiting.pop(0) if waiting else DraftPicture(placed=False)
        if not picture.placed:
            draft.blocks.append(picture)
        picture.source, picture.suffix = file, file.suffix.lower()


def _save_pictures(draft: Draft, folder: Path, stem: str) -> list[DraftPicture]:
    saved = []
    for number, picture in enumerate((p for p in draft.pictures if p.data or p.source), 1):
        path = folder / "pictures" / f"{stem}-{number}{picture.suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(picture.data if picture.data is not None else picture.source.read_bytes())
        picture.file = path.relative_to(folder).as_posix()
        saved.append(picture)
    return saved


def _picture_entry(picture: DraftPicture) -> dict:
    entry = {"file": picture.file}
    if picture.caption:
        entry["caption"] = picture.caption
    if picture.credit:
        entry["credit"] = picture.credit
    return entry


def _missing_pictures(draft: Draft) -> list[str]:
    """Comment lines for the manifest: pictures the text names that have no file yet."""
    missing = [p for p in draft.pictures if not p.file]
    if not missing:
        return []
    lines = ["The text names pictures with no file yet: save each in pictures/, put its name",
             "in place of FILE.png, and delete the `# ` in front of the lines below."]
    if len(missing) == len(draft.pictures):
        lines.append("pictures:")
    for picture in missing:
        lines += ["  - file: pictures/FILE.png", f"  {' ' * 2}caption: {manifest_text.quoted(picture.caption)}"]
    return lines


def _check(imported: Imported) -> None:
    """Check the issue as it now is; problems are told, not raised: the article is there to be fixed."""
    try:
        checked = validate.check(str(imported.manifest))
    except UserError as error:
        imported.problems = str(error).splitlines()
        return
    imported.warnings = checked.warnings


def describe(imported: Imported) -> list[str]:
    """What was found and made, a line each, for the editor to check."""
    draft, meta = imported.draft, imported.draft.meta
    lines = [f"imported {display_path(imported.source)} ({draft.kind}) as {display_path(imported.article)}"]
    for key in ("title", "subtitle", "author", "affiliation", "date", "to"):
        written = f"   (written {draft.written[key]!r})" if key in draft.written else ""
        lines.append(f"  {key + ':':<13}{meta.get(key) or '(none found)'}{written}")
    texts = [block for block in draft.blocks if isinstance(block, str)]
    heads = sum(block.startswith("#") for block in texts)
    notes = sum(bool(re.match(r"\[\^\w+\]:", block)) for block in texts)
    lines.append(f"  {'text:':<13}{len(texts) - heads - notes} paragraphs, {heads} subheads, {notes} footnotes")
    for number, picture in enumerate(draft.pictures, 1):
        where = picture.file or "no file yet (see the comment under the article in issue.yaml)"
        lines.append(f"  picture {number}:   {picture.caption or '(no caption)'}  ->  {where}")
    lines.append(f"  listed in {display_path(imported.manifest)} as articles[{imported.index}]")
    lines += [f"note: {note}" for note in draft.notes]
    return lines
