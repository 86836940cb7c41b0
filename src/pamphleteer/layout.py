"""Turn an issue's parts into one laid-out edition: the front, each article and the tail laid out apart.

Each article is laid out as its own document, numbered from the page it
begins on and its footnotes from the notes before it; then the front
(cover and contents, with the articles' page numbers written in), then
the tail (the padding a saddle-stitched edition needs, and the back page).
Put together they give the pages one document of the whole issue gives.
A part whose text and place are unchanged comes from the renderer's
layouts, so a rebuild after one article changed lays out that article alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from pamphleteer import document, render
from pamphleteer.document import Part
from pamphleteer.editions import Edition
from pamphleteer.readers.article import Article
from pamphleteer.settings import Issue

GUESSED_START = 99  # the page number each article is given in a first layout of the contents, to count its pages


@dataclass
class Laid:
    """An edition laid out: its pages, its padding pages, and where each article begins."""

    layout: render.Layout
    padding: int
    starts: dict[str, int]
    changed: list[int]  # the pages of the parts laid out anew (all of them in a first build)


def lay_out_edition(renderer: render.Renderer, issue: Issue, articles: list[Article], edition: Edition) -> Laid:
    guessed = {article.id: GUESSED_START for article in articles}  # a contents with made-up page numbers...
    front_pages = renderer.pages(_front_html(issue, articles, edition, guessed))  # ...is as long as the real one
    while True:  # the front's length decides where the articles begin
        parts, starts, end = _articles(renderer, issue, articles, edition, front_pages)
        front = _front(renderer, issue, articles, edition, starts)
        if front.pages == front_pages:
            break  # else the real numbers made the contents longer or shorter: the articles begin elsewhere
        front_pages = front.pages
    tail, padding = _tail(renderer, issue, articles, edition, end, sum(document.notes(a) for a in articles))
    parts = [(front, 0), *parts, tail]
    return Laid(render.combine(parts), padding, starts, _changed(renderer, parts))


def _front(renderer, issue, articles, edition, starts: dict[str, int]) -> render.Layout:
    """The cover and the contents, with `starts` as the articles' page numbers."""
    return renderer.lay_out(_front_html(issue, articles, edition, starts))


def _front_html(issue, articles, edition, starts: dict[str, int]) -> str:
    return document.compose(issue, articles, edition=edition, part=Part("front"), pages=starts)


def _changed(renderer: render.Renderer, parts: list[tuple[render.Layout, int]]) -> list[int]:
    changed, page = [], 1
    for layout, skip in parts:
        pages = layout.pages - skip
        if renderer.is_fresh(layout):
            changed += range(page, page + pages)
        page += pages
    return changed


def _articles(renderer, issue, articles, edition, front_pages: int):
    """Each article laid out from the page after the one before it."""
    parts, starts = [], {}
    page, notes = front_pages + 1, 0
    for article in articles:
        part = Part(article.id, page, notes)
        laid = _part(renderer, issue, [article], edition, part)
        starts[article.id] = page
        parts.append(laid)
        page += laid[0].pages - laid[1]
        notes += document.notes(article)
    return parts, starts, page


def _tail(renderer, issue, articles, edition, first_page: int, notes: int):
    """The padding pages and the back page, as many padding pages as make the count a multiple of four.

    The first try takes the back page to be one page; a longer one is laid out again with fewer.
    """
    padded = edition.padded and issue.print.saddle
    padding = (-first_page) % 4 if padded else 0
    while True:
        part = Part("tail", first_page, notes)
        laid = _part(renderer, issue, articles, edition, part, padding=padding)
        total = first_page - 1 + laid[0].pages - laid[1]
        if not (padded and total % 4):
            return laid, padding
        padding = (padding - total) % 4  # the same count of pages over the padding, to a multiple of four


def _part(renderer, issue, articles, edition, part: Part, padding: int = 0) -> tuple[render.Layout, int]:
    """A part laid out, and the blank pages at its start to leave out."""
    html = document.compose(issue, articles, edition=edition, part=part, padding=padding)
    return renderer.lay_out(html, document.part_css(part)), int(part.blank_first)
