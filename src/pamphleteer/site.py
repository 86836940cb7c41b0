"""Turn every built issue into the journal's website: output/site/.

`index.html` lists every issue, newest first: its cover as a thumbnail, its
number and date, its contents with authors, and links to the issue's PDF,
its EPUB and each article's PDF. Each issue has a folder (`47/`) with its
own page, the article pages of the web edition (web.py), its pictures and
its files; `feed.atom` announces the issues. Static files and no script:
any web host serves the folder as it is.

An issue not built yet (no web edition in output/N/) is built first. The
site is made in a staging folder and put in place of the old one only when
all of it is made, so a failure leaves the previous site as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

from pamphleteer import articlepdfs, document, manifest, metadata, pictures, validate
from pamphleteer.editions import EDITIONS
from pamphleteer.errors import UserError
from pamphleteer.screen import environment, page_name, render

THUMBNAIL = 240  # pixels, the cover's longer side on the index
FEED_ENTRIES = 20


def build_site(root: Path, *, progress=None) -> Path:
    """output/site/ for every issue under root/issues/; the folder written."""
    from pamphleteer.build import build  # build imports this module's neighbours; only `site` needs it

    folders = sorted((path.parent for path in (root / "issues").glob("*/issue.yaml")),
                     key=lambda folder: (not folder.name.isdigit(), int(folder.name) if folder.name.isdigit() else 0),
                     reverse=True)
    if not folders:
        raise UserError("no issues to put on the site; expected issues/N/issue.yaml", root / "issues")
    out = root / "output"
    out.mkdir(exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".site-", dir=out))
    try:
        entries = []
        for folder in folders:
            issue = manifest.load(str(folder))
            built = out / str(issue.number)
            if not (built / _web_name(issue)).is_dir():
                build(str(folder), built, progress=progress)
            entries.append(_issue(issue, validate.read_all(issue), built, stage))
        _write_front(root, entries, stage)
        _swap(stage, out / "site")
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return out / "site"


def _web_name(issue) -> str:
    return f"{issue.slug}-{issue.number}{EDITIONS['web'].suffix}"


def _issue(issue, articles, built: Path, stage: Path) -> dict:
    """The issue's folder on the site, with its page; what the index says of it."""
    folder = stage / str(issue.number)
    shutil.copytree(built / _web_name(issue), folder)
    downloads = []
    for label, name in (("PDF", f"{issue.slug}-{issue.number}.pdf"), ("EPUB", f"{issue.slug}-{issue.number}.epub")):
        if (built / name).is_file():
            shutil.copyfile(built / name, folder / name)
            downloads.append((label, name, _size(built / name)))
    if (built / articlepdfs.FOLDER).is_dir():
        shutil.copytree(built / articlepdfs.FOLDER, folder / articlepdfs.FOLDER)
    entry = _entry(issue, articles, folder, downloads)
    env = environment(issue)
    (folder / "index.html").write_text(render(env, "site-issue.html.j2", meta=entry["meta"],
                                                  entry={**entry, "base": ""}), encoding="utf-8")
    return entry


def _entry(issue, articles, folder: Path, downloads: list) -> dict:
    meta = metadata.for_issue(issue, articles)
    items = [{"file": f"{page_name(a)}.html", "title": a.title, "plain_title": document.plain(a.title),
              "author": a.author, "lang": a.lang, "pdf": f"{articlepdfs.FOLDER}/{articlepdfs.file_name(issue, a)}"}
             for a in articles]
    grouped, start = [], 0
    for section, members in document.sections(articles):
        grouped.append((section, items[start:start + len(members)]))
        start += len(members)
    thumbnail, size = None, None
    if issue.cover.picture:
        data, size = pictures.thumbnail(issue.folder / issue.cover.picture, THUMBNAIL)
        thumbnail = "cover-thumbnail.jpg"
        (folder / thumbnail).write_bytes(data)
    return {"meta": meta, "issue": issue, "sections": grouped, "downloads": downloads, "thumbnail": thumbnail,
            "thumbnail_size": size, "base": f"{issue.number}/",
            "cover_title": document.plain(issue.cover.title) if issue.cover.title else ""}


def _write_front(root: Path, entries: list[dict], stage: Path) -> None:
    """index.html, feed.atom and style.css, from the newest issue's journal settings."""
    newest = entries[0]["issue"]
    env = environment(newest)
    journal = {"journal": newest, "journal_name": entries[0]["meta"].journal, "tagline": newest.tagline,
               "publisher": entries[0]["meta"].publisher, "issn": newest.issn}
    (stage / "index.html").write_text(render(env, "site-index.html.j2", entries=entries, **journal),
                                      encoding="utf-8")
    (stage / "feed.atom").write_text(_feed(env, entries, journal), encoding="utf-8")
    stylesheet = root / "styles" / EDITIONS["web"].stylesheet
    if not stylesheet.is_file():
        raise UserError("the website's stylesheet is missing; expected styles/web.css beside journal.css", stylesheet)
    shutil.copyfile(stylesheet, stage / "style.css")


def _feed(env, entries: list[dict], journal: dict) -> str:
    slug = entries[0]["issue"].slug
    return render(env, "site-feed.atom.j2", entries=entries[:FEED_ENTRIES], **journal,
                      feed_id=_urn(slug, "feed"), ids={e["meta"].number: _urn(slug, e["meta"].number) for e in entries},
                      updated=max(e["meta"].date for e in entries))


def _urn(slug: str, name) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pamphleteer:{slug}:{name}')}"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


def _swap(stage: Path, site: Path) -> None:
    """The new site in place of the old, the old one removed after."""
    old = stage.with_name(stage.name + "-old")
    if site.exists():
        site.replace(old)
    stage.replace(site)
    shutil.rmtree(old, ignore_errors=True)
