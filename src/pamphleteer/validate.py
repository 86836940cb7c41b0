"""Turn an issue's manifest and articles into a checked issue and its warnings, without rendering.

`read_all()` reads every article and, when any is wrong, reports the
problems of all of them at once. `warnings()` gathers what is odd but not
wrong: pictures without captions, articles without an author, lines the
plain-text reader did not expect. `check()` is what `pamphleteer check` runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pamphleteer import manifest
from pamphleteer.articles import read_article, read_articles
from pamphleteer.readers.article import Article
from pamphleteer.errors import UserError, display_path
from pamphleteer.settings import Issue


@dataclass
class Checked:
    issue: Issue
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)


def check(spec: str, *, strict: bool = False) -> Checked:
    """Everything a build reads, checked; with `strict`, a warning is an error too."""
    issue = manifest.load(spec)
    articles = read_all(issue)
    found = warnings(issue, articles)
    if strict and found:
        raise strict_error(found)
    return Checked(issue, articles, found)


def read_all(issue: Issue) -> list[Article]:
    """The issue's articles, each with its warnings; the errors of every article at once."""
    try:
        articles = read_articles(issue)
    except UserError:
        raise UserError.many(_every_error(issue)) from None
    for article in articles:
        article.warnings.extend(_article_warnings(article))
    return articles


def warnings(issue: Issue, articles: list[Article]) -> list[str]:
    """The manifest's warnings and the articles', each once, in issue order."""
    return list(dict.fromkeys(issue.warnings + [w for article in articles for w in article.warnings]))


def strict_error(found: list[str]) -> UserError:
    """The warnings as one error, for `--strict`."""
    return UserError("--strict: warnings count as errors:\n" + "\n".join(found))


def _every_error(issue: Issue) -> list[UserError]:
    errors = []
    for entry in issue.articles:
        try:
            read_article(entry, issue)
        except UserError as error:
            errors.extend(getattr(error, "errors", [error]))
    return errors


AUTHOR_HINTS = {  # by file extension: where an author is written in that kind of article
    ".md": (2, "add `author:` to the front matter"),
    ".markdown": (2, "add `author:` to the front matter"),
    ".txt": (None, "add a `by Name, Affiliation` line under the title"),
}


def _article_warnings(article: Article) -> list[str]:
    if article.author:
        return []
    line, hint = AUTHOR_HINTS.get(article.path.suffix.lower(), (None, "give it an author"))
    where = f"{display_path(article.path)}:{line}" if line else str(display_path(article.path))
    return [f"{where}: no author; {hint}"]
