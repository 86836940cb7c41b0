"""Turn an `Issue` and its `Article`s into one HTML document (Jinja templates).

One document for the whole issue, so the contents page can resolve page
numbers with `target-counter`. Also writes the small stylesheet that carries
the journal's settings (trim size, fonts, end sign, bleed) into CSS.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from pamphleteer import metadata
from pamphleteer.readers.article import Article
from pamphleteer.dates import date_text, iso_datetime
from pamphleteer.editions import INKS, Edition
from pamphleteer.errors import UserError
from pamphleteer.geometry import PAGE
from pamphleteer.settings import Issue
from pamphleteer.readers.typography import inline_text, plain  # plain: document.plain for its readers

@dataclass
class IssueView:
    number: int
    date_text: str
    iso_date: str
    price: str


@dataclass(frozen=True)
class Part:
    """A piece of the issue laid out as its own document: "front" (cover and contents), an article's id, or "tail"
    (the padding and the back page). Pieces laid out apart and put together give the pages one document gives."""

    name: str
    first_page: int = 1   # the page number it begins on; an even one begins after a blank page, left out
    notes_before: int = 0  # footnotes in the pieces before it, where its own numbering goes on

    @property
    def blank_first(self) -> bool:
        return self.first_page % 2 == 0


def compose(issue: Issue, articles: list[Article], *, edition: Edition, padding: int = 0,
            part: Part | None = None, pages: dict[str, int] | None = None) -> str:
    """The issue as one HTML document, or only one `part` of it.

    `padding` pages (the journal's `padding_pages`) go before the back page;
    `pages` (article id -> page) writes the contents' page numbers as text,
    for a front laid out apart from the articles.
    """
    kinds = issue.padding_pages
    show = {"front", "tail", *(a.id for a in articles)} if part is None else {part.name}
    try:
        return _environment(issue.root / "templates").get_template("issue.html.j2").render(
            journal=issue, edition=edition.name, show=show, blank_first=part is not None and part.blank_first,
            padding=padding_pages(kinds, padding), pages=pages,
            issue=IssueView(issue.number, date_text(issue.date), iso_datetime(issue.date), issue.price),
            cover=issue.cover, back=issue.back_page,
            articles=articles, sections=sections(articles),
            meta=metadata.for_issue(issue, articles),
        )
    except jinja2.TemplateSyntaxError as error:
        raise UserError(f"template: {error.message}", error.filename or issue.root / "templates",
                        error.lineno) from None
    except jinja2.TemplateError as error:
        raise UserError(f"template: {error}", issue.root / "templates") from None


CUT_OUT = ("subscribe",)  # padding pages meant to be cut out: their back must be a page nobody needs


def padding_pages(kinds: list[str], count: int) -> list[tuple[str, bool]]:
    """The `count` padding pages before the back cover, as (kind, can be cut out).

    The padding ends on the inside back cover, page N - 1 of N (a multiple of 4), so the i-th of `count`
    padding pages is a right-hand page when count - i is odd, and its back is the padding page after it.
    A page to cut out goes on such a page; when there is none (one or two padding pages), it goes on the
    inside back cover, whose back is the back cover, and asks to be copied rather than cut out.
    """
    pages = [kinds[min(i, len(kinds) - 1)] for i in range(count)]
    cut = [kind for kind in pages if kind in CUT_OUT][:1]
    if not cut:
        return [(kind, False) for kind in pages]
    rest = [kind for kind in pages if kind != cut[0]] or []
    fits = [i for i in range(count - 1) if (count - i) % 2 == 1]
    if fits:
        rest.insert(fits[0], cut[0])
        return [(kind, i == fits[0]) for i, kind in enumerate(rest)]
    return [(kind, False) for kind in rest] + [(cut[0], False)]


def standalone(html: str, *, css: list[str], base: Path) -> str:
    """`html` with its stylesheets written into its head and its base folder named, for opening on its own."""
    head = f'<base href="{base.resolve().as_uri()}/">\n' + "".join(f"<style>\n{text}</style>\n" for text in css)
    return html.replace("</head>", head + "</head>", 1)


def notes(article: Article) -> int:
    """How many footnotes an article has: the next article's numbering goes on from there."""
    return article.body.count('<span class="footnote"')


@functools.cache
def _environment(folder: Path) -> jinja2.Environment:
    """The templates of a journal, compiled once; Jinja reloads a template whose file changed."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["smart"] = lambda text: markupsafe.Markup(inline_text(str(text))) if text else ""
    return env


RAGGED_RIGHT = {  # journal.yaml `ragged_right`: which article text is set flush left instead of justified
    "none": "",
    "columns": ".columns-2 .body p { text-align: left; word-spacing: 0; hyphenate-limit-zone: 12%; }\n",
    "all": ".body p { text-align: left; word-spacing: 0; hyphenate-limit-zone: 12%; }\n",
}


def settings_css(issue: Issue, *, edition: Edition) -> str:
    """CSS for what journal.yaml decides: trim, fonts, end sign, ink, ragged or justified text, and the bleed
    of editions that have one; and the page's margins and picture sizes (geometry.PAGE)."""
    width, height = issue.trim_inches
    page = f"size: {width:.4f}in {height:.4f}in;" + (f" bleed: {issue.print.bleed};" if edition.bleed else "")
    ink, soft = INKS[edition.ink(issue)]
    running = plain(inline_text(f"{issue.name} · No. {issue.number} · {date_text(issue.date)}"))
    return (PAGE.css() + f"@page {{ {page} }}\n"
            f":root {{ --body: {css_string(issue.fonts.body)}, serif; --sans: {css_string(issue.fonts.sans)}, "
            f"sans-serif; --end-mark: {css_string(issue.end_mark)}; --ink: {ink}; --ink-soft: {soft}; }}\n"
            f".cover, .article .opener {{ string-set: running-left {css_string(running)}; }}\n"
            + RAGGED_RIGHT[issue.ragged_right])


def part_css(part: Part) -> str:
    """What a part laid out apart needs to go on where the part before it ended.

    Its pages are numbered from `first_page` (after a blank page when that
    is a left-hand page) and its footnotes from `notes_before`. An article's
    first page has no running head, as in the whole issue (where the
    heads are `first-except`: none on the page that sets them).
    """
    if part.name == "front":
        return ""
    first = part.first_page - 1 if part.blank_first else part.first_page
    css = (f"@page :first {{ counter-reset: page {first}; }}\n"
           f"html {{ counter-reset: footnote {part.notes_before}; }}\n"
           ".part-blank + * { break-before: left; }\n")
    return css


def css_string(text: str) -> str:
    """Text as a quoted CSS string."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\\n' or ord(c) < 32 else c for c in text) + '"'


def sections(articles: list[Article]) -> list[tuple[str, list[Article]]]:
    """Articles grouped by consecutive section names, in issue order."""
    groups: list[tuple[str, list[Article]]] = []
    for article in articles:
        if groups and groups[-1][0] == article.section:
            groups[-1][1].append(article)
        else:
            groups.append((article.section, [article]))
    return groups

