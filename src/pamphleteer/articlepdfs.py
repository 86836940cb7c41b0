"""Turn the reader edition's laid-out pages into one PDF per article: articles/<slug>-<issue>-<article>.pdf.

Each article's pages are taken from the issue's layout, not laid out again,
so they look exactly as in the issue: the same running heads and folios,
and page labels that read as in the issue (an article on pages 11-15 shows
11-15). Each file carries the article's own title, author and language,
and is tagged like the reader edition.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pamphleteer import metadata, render

FOLDER = "articles"
BACK_PAGE = "back-page"  # the back page's id (templates/back.html.j2): the last article ends before it


def write_all(issue, articles, rendered: render.Rendered, folder: Path, *, variant: str | None) -> dict:
    """Every article's PDF into `folder`; what was written, for build.json."""
    folder.mkdir(exist_ok=True)
    whole = metadata.for_issue(issue, articles)
    written = {}
    for article, pages in zip(articles, page_ranges(articles, rendered)):
        name = file_name(issue, article)
        meta = metadata.for_article(whole, article, pages)
        identifier = hashlib.sha256(name.encode()).hexdigest()[:32].encode()
        (folder / name).write_bytes(render.write_part(rendered.layout, *pages, meta=meta, identifier=identifier,
                                                      variant=variant))
        written[name] = {"article": article.path.name, "pages": list(pages)}
    return written


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
