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

from pamphleteer.articles import Article
from pamphleteer.errors import UserError
from pamphleteer.manifest import Issue
from pamphleteer.readers.typography import inline_text

PADDING_PAGES = ("subscribe", "notes")  # templates/padding-<kind>.html.j2; the last one repeats
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


@dataclass
class IssueView:
    number: int
    date_text: str
    iso_date: str
    price: str


def compose(issue: Issue, articles: list[Article], *, edition: str, padding: int = 0) -> str:
    """The issue as one HTML document; `padding` pages (journal's `padding_pages`) go before the back page."""
    kinds = issue.settings.get("padding_pages") or list(PADDING_PAGES)
    settings = issue.settings
    try:
        return _environment(issue.root / "templates").get_template("issue.html.j2").render(
            journal=_Defaults({"lang": "en", **settings}), edition=edition,
            padding=[kinds[min(i, len(kinds) - 1)] for i in range(padding)],
            issue=IssueView(issue.number, date_text(issue.date), iso_date(issue.date), settings.get("price", "")),
            cover=_Defaults(settings.get("cover") or {}),
            back=_Defaults(settings.get("back_page") or {}),
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


INKS = {  # --ink, --ink-soft: RGB on screen, black ink only in print
    "screen": ("#000", "#333"),
    "print": ("device-cmyk(0 0 0 1)", "device-cmyk(0 0 0 0.8)"),
}


def settings_css(issue: Issue, *, edition: str) -> str:
    """CSS for what journal.yaml decides: trim, fonts, end sign, and the print bleed."""
    width, height = issue.trim_inches
    fonts = issue.settings.get("fonts") or {}
    body = fonts.get("body", "Charis SIL")
    sans = fonts.get("sans", "PT Sans")
    end_mark = issue.settings.get("end_mark", "square")
    bleed = (issue.settings.get("print") or {}).get("bleed", "0.5in")
    page = f"size: {width:.4f}in {height:.4f}in;" + (f" bleed: {bleed};" if edition == "print" else "")
    colour = (issue.settings.get("print") or {}).get("colour", "cmyk")
    ink, soft = INKS["print" if edition == "print" and colour != "rgb" else "screen"]
    running = plain(inline_text(f"{issue.settings['name']} · No. {issue.number} · {date_text(issue.date)}"))
    return (f"@page {{ {page} }}\n"
            f":root {{ --body: {css_string(body)}, serif; --sans: {css_string(sans)}, sans-serif;"
            f" --end-mark: {css_string(end_mark)}; --ink: {ink}; --ink-soft: {soft}; }}\n"
            f".masthead {{ string-set: running-left {css_string(running)}; }}\n")


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


def date_text(date: str) -> str:
    """`2012-09` to `September 2012`; other text as written."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", date)
    if not match or not 1 <= int(match[2]) <= 12:
        return date
    month = MONTH_NAMES[int(match[2]) - 1]
    return f"{month} {int(match[3])}, {match[1]}" if match[3] else f"{month} {match[1]}"


def iso_date(date: str) -> str:
    """The issue date as a W3C date-time for PDF metadata (first of the month when no day)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
    if not match:
        return "2000-01-01T00:00:00Z"
    return f"{match[1]}-{match[2] or '01'}-{match[3] or '01'}T00:00:00Z"


def plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


class _Defaults(dict):
    """A mapping whose missing keys read as empty, for optional manifest parts."""

    def __getattr__(self, key):
        value = self.get(key, "")
        return _Defaults(value) if isinstance(value, dict) else value
