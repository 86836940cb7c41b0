"""Turn an issue and its articles into the one set of metadata every edition carries.

Title, authors, date, language, publisher and ISSN are worked out here once;
the PDFs (through the HTML's `<meta>`), the article PDFs, the EPUB and the
website all write these values, so no edition says something another does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from pamphleteer.dates import date_text, iso_datetime
from pamphleteer.readers.typography import inline_text, plain


@dataclass(frozen=True)
class Metadata:
    title: str              # "Workers’ Lantern 47: Solidarity with ..."
    journal: str            # the journal's name, typographic quotes and all
    number: int
    authors: tuple[str, ...]
    date: str               # ISO: 2012-09-01
    date_text: str          # as printed: September 2012
    lang: str
    publisher: str
    issn: str | None
    description: str
    subjects: tuple[str, ...] = ()

    @property
    def identifier(self) -> str:
        """A stable name for the issue: the ISSN's URN with the number, else the journal's slug."""
        return f"urn:issn:{self.issn}:{self.number}" if self.issn else ""


def for_issue(issue, articles) -> Metadata:
    journal = plain(inline_text(issue.name))
    headline = plain(inline_text(issue.cover.title)) if issue.cover.title else plain(articles[0].title)
    when = date_text(issue.date)
    return Metadata(
        title=f"{journal} {issue.number}: {headline}", journal=journal, number=issue.number,
        authors=tuple(sorted({plain(a.author) for a in articles if a.author})),
        date=iso_datetime(issue.date)[:10], date_text=when, lang=issue.lang,
        publisher=plain(inline_text(issue.publisher)) or journal, issn=issue.issn,
        description=f"{journal}, issue {issue.number}, {when}",
        subjects=tuple(dict.fromkeys(a.section for a in articles if a.section)),
    )


def for_article(issue_metadata: Metadata, article, pages: tuple[int, int] | None = None) -> Metadata:
    """An article's own title, author and language, in its issue's journal, date and publisher."""
    return Metadata(
        title=plain(article.title), journal=issue_metadata.journal, number=issue_metadata.number,
        authors=(plain(article.author),) if article.author else (), date=issue_metadata.date,
        date_text=issue_metadata.date_text, lang=article.lang or issue_metadata.lang,
        publisher=issue_metadata.publisher, issn=issue_metadata.issn,
        description=issue_metadata.description + (f", pages {pages[0]}–{pages[1]}" if pages else ""),
        subjects=(article.section,) if article.section else (),
    )
