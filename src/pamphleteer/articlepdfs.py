"""Turn the reader edition's laid-out pages into one PDF per article: articles/<slug>-<issue>-<article>.pdf.

Each article's pages are taken from the issue's layout, not laid out again,
so they look exactly as in the issue: the same running heads and folios,
and page labels that read as in the issue (an article on pages 11-15 shows
11-15). Each file carries the article's own title, author and language,
and is tagged like the reader edition.

An article's PDF is kept (kept.py) under a digest of everything that
decides its bytes: the parts its pages were laid out as (their HTML, CSS
and the renderer's settings, stylesheets and pictures: Layout.sources), its
metadata and pages, this package's code, the engines' versions and the font
files. A build after one article changed writes that article's PDF alone.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from pamphleteer import fonts, kept, metadata, render

FOLDER = "articles"
LIBRARIES = ("libpango", "libharfbuzz", "libfontconfig", "libfreetype", "libfribidi", "libz.")  # loaded by WeasyPrint
BACK_PAGE = "back-page"  # the back page's id (templates/back.html.j2): the last article ends before it


def write_all(issue, articles, rendered: render.Rendered, folder: Path, *, variant: str | None,
              keep: Path | None = None) -> dict:
    """Every article's PDF into `folder`, the ones kept in `keep` by an earlier build taken from there; what was
    written, for build.json."""
    folder.mkdir(exist_ok=True)
    whole = metadata.for_issue(issue, articles)
    written = {}
    for article, pages in zip(articles, page_ranges(articles, rendered)):
        name = file_name(issue, article)
        meta = metadata.for_article(whole, article, pages)
        identifier = hashlib.sha256(name.encode()).hexdigest()[:32].encode()
        front = rendered.layout.sources[0]  # the document the pages are copied from is the front's
        sources = [front, *rendered.layout.sources[pages[0] - 1:pages[1]]]
        made_from = hashlib.sha256(repr((_made_by(tuple(issue.fonts.families)), sources, meta, identifier, variant,
                                         pages)).encode()).hexdigest()
        pdf = kept.read(keep / name, made_from) if keep else None
        if pdf is None:
            pdf = render.write_part(rendered.layout, *pages, meta=meta, identifier=identifier, variant=variant)
            if keep:
                kept.write(keep / name, made_from, pdf)
        (folder / name).write_bytes(pdf)
        written[name] = {"article": article.path.name, "pages": list(pages)}
    return written


@functools.cache
def _made_by(families: tuple[str, ...]) -> str:
    """This package's code and engines (kept.code), the system libraries that shape and write text, and the
    font files."""
    digest = hashlib.sha256(kept.code().encode())
    for file in [font for family in families for font in fonts.font_files(family)] + _libraries():
        stat = Path(file).stat()
        digest.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _libraries() -> list[str]:
    """The system libraries that shape and write text (`LIBRARIES`), as this process loaded them (Linux:
    /proc/self/maps; none where that cannot be read). Only these: which others a process has loaded depends on
    what it did before, and the digest must not."""
    try:
        lines = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return []
    paths = {line.split()[-1] for line in lines if line.split()[-1].startswith("/")}
    return sorted(path for path in paths if any(Path(path).name.startswith(name) for name in LIBRARIES)
                  and Path(path).is_file())


def page_ranges(articles, rendered: render.Rendered) -> list[tuple[int, int]]:
    """(first, last) page of each article, 1-based: up to the next article, the last up to the back page."""
    starts = [rendered.anchors[article.id] for article in articles]
    end = rendered.anchors.get(BACK_PAGE, rendered.pages + 1)
    return [(start, following - 1) for start, following in zip(starts, [*starts[1:], end])]


def file_name(issue, article) -> str:
    return f"{issue.slug}-{issue.number}-{short_name(article)}.pdf"


def short_name(article) -> str:
    """The article's name in file names: its id without the `art-` prefix."""
    return article.id.removeprefix("art-")
