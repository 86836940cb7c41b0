"""Web links carried from the source pages to the sheets; every other annotation dropped.

A URI link keeps its action and moves with its page: its /Rect goes through
the page's placement and is cut to the part of the page that shows. Links
inside the document (GoTo actions, /Dest) point at pages that no longer
exist as such, so they are dropped, as are notes and form fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from pamphleteer import pdffile
from pamphleteer.geometry import Matrix, Rect


@dataclass
class LinkCount:
    kept: int = 0
    internal_dropped: int = 0
    other_dropped: int = 0


@dataclass(frozen=True)
class Link:
    rect: Rect           # in the source page's user space
    action: dict          # the source's /A dictionary


def page_links(page, count: LinkCount) -> list[Link]:
    """The URI links of a source page; counts what is dropped."""
    links = []
    for annotation in _annotations(page):
        if annotation.get("/Subtype") != "/Link":
            count.other_dropped += 1
            continue
        action = annotation.get("/A")
        action = action.get_object() if action is not None else None
        if action is not None and action.get("/S") == "/URI" and "/Rect" in annotation:
            links.append(Link(Rect.of(annotation["/Rect"]), action))
        else:
            count.internal_dropped += 1
    return links


def _annotations(page) -> list[dict]:
    annotations = page.get("/Annots")
    if annotations is None:
        return []
    return [a.get_object() for a in annotations.get_object() if isinstance(a.get_object(), dict)]


def placed_link(link: Link, to_spread: Matrix, clip: Rect, to_sheet: Matrix, writer) -> object | None:
    """A link annotation for the sheet, or None when none of it shows."""
    shown = to_spread.apply_rect(link.rect).intersect(clip)
    if shown.empty:
        return None
    return pdffile.pdf({
        "/Type": "/Annot", "/Subtype": "/Link",
        "/Rect": pdffile.box(to_sheet.apply_rect(shown), 3),
        "/Border": [0, 0, 0],
        "/A": {"/S": "/URI", "/URI": link.action.raw_get("/URI").clone(writer)},
    })
