"""Turn an `Issue` and its `Article`s into one HTML document (Jinja templates).

One document for the whole issue, so the contents page can resolve page
numbers with `target-counter`. Also writes the small stylesheet that carries
the journal's settings (trim size, fonts, end sign, bleed) into CSS.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from pamphleteer.readers.article import Article
from pamphleteer.dates import date_text, iso_datetime
from pamphleteer.editions import INKS, Edition
from pamphleteer.errors import UserError
from pamphleteer.settings import Issue
from pamphleteer.readers.typography import inline_text

@dataclass
class IssueView:
    number: int
    date_text: str
    iso_date: str
    price: str


def compose(issue: Issue, articles: list[Article], *, edition: Edition, padding: int = 0,
            tail_from: int | None = None) -> str:
    """The issue as one HTML document; `padding` pages (the journal's `padding_pages`) go before the back page.

    With `tail_from`, only the tail: the padding and the back page, to be
    numbered from that page on (an even one begins after a blank page).
    """
    kinds = issue.padding_pages
    try:
        return _environment(issue.root / "templates").get_template("issue.html.j2").render(
            journal=issue, edition=edition.name, tail_from=tail_from,
            padding=[kinds[min(i, len(kinds) - 1)] for i in range(padding)],
            issue=IssueView(issue.number, date_text(issue.date), iso_datetime(issue.date), issue.price),
            cover=issue.cover, back=issue.back_page,
            articles=articles, sections=sections(articles),
            authors=sorted({plain(a.author) for a in articles if a.author}),
            keywords=[s for s, _ in sections(articles) if s],
        )
    except jinja2.TemplateSyntaxError as error:
        raise UserError(f"template: {error.message}", error.filename or issue.root / "templates",
                        error.lineno) from None
    except jinja2.TemplateError as error:
        raise UserError(f"template: {error}", issue.root / "templates") from None


def _environment(folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["smart"] = lambda text: markupsafe.Markup(inline_text(str(text))) if text else ""
    return env


def settings_css(issue: Issue, *, edition: Edition, tail_from: int | None = None) -> str:
    """CSS for what journal.yaml decides: trim, fonts, end sign, ink, and the bleed of editions that have one.

    A tail laid out on its own (see `compose`) is numbered from `tail_from`;
    one that begins on a left-hand page begins after a blank page, left out later.
    """
    width, height = issue.trim_inches
    page = f"size: {width:.4f}in {height:.4f}in;" + (f" bleed: {issue.print.bleed};" if edition.bleed else "")
    ink, soft = INKS[edition.ink(issue)]
    running = plain(inline_text(f"{issue.name} · No. {issue.number} · {date_text(issue.date)}"))
    return (f"@page {{ {page} }}\n"
            f":root {{ --body: {css_string(issue.fonts.body)}, serif; --sans: {css_string(issue.fonts.sans)}, "
            f"sans-serif; --end-mark: {css_string(issue.end_mark)}; --ink: {ink}; --ink-soft: {soft}; }}\n"
            f".masthead {{ string-set: running-left {css_string(running)}; }}\n" + _tail_css(tail_from))


def _tail_css(tail_from: int | None) -> str:
    if tail_from is None:
        return ""
    first = tail_from - 1 if tail_from % 2 == 0 else tail_from
    return f"@page :first {{ counter-reset: page {first}; }}\n.tail-blank + section {{ break-before: left; }}\n"


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


def plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
