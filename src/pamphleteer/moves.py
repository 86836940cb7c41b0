"""What moved since the last build: articles that start on another page, headings pushed to another page.

build.json lists each article's first page and its headings' pages (of the
first PDF edition, the reader's; the print edition numbers its pages the
same, its padding pages standing after the last article). `compare()` reads
the previous build.json's articles against the new ones, matching articles
by their file and headings by their text; `sentences()` says it in the
editor's words, each move once: a heading that moved with its article (by
as many pages) is not named again.
"""

from __future__ import annotations

import json
from pathlib import Path


def headings(lines, article: str) -> list[dict]:
    """The headings of `article` (an element id) after its title, in order: their text and first page."""
    found: dict[int, dict] = {}
    for line in lines:
        if line.heading and line.article == article:
            if line.paragraph in found:
                found[line.paragraph]["text"] += " " + line.words
            else:
                found[line.paragraph] = {"text": line.words, "page": line.page}
    return list(found.values())[1:]  # the first heading is the article's title: where the article starts


def previous_articles(report: Path) -> list[dict] | None:
    """The articles an earlier build.json listed, or None when there is none (or it cannot be read)."""
    try:
        articles = json.loads(report.read_text(encoding="utf-8")).get("articles")
    except (OSError, ValueError, AttributeError):
        return None
    return articles if isinstance(articles, list) else None


def compare(before: list[dict] | None, after: list[dict]) -> dict:
    """{"articles": [{title, file, page, was}], "headings": [{article, text, page, was}]}: what moved."""
    moved: dict[str, list] = {"articles": [], "headings": []}
    earlier = {article.get("file"): article for article in before or [] if isinstance(article, dict)}
    for article in after:
        old = earlier.get(article["file"])
        if old is None or not isinstance(old.get("page"), int) or article["page"] is None:
            continue
        shift = article["page"] - old["page"]
        if shift:
            moved["articles"].append({"title": article["title"], "file": article["file"],
                                      "page": article["page"], "was": old["page"]})
        was = _by_text(old.get("headings") or [])
        for text, count, heading in _counted(article.get("headings", [])):
            previous = was.get((text, count))
            if previous is not None and heading["page"] - previous not in (0, shift):  # not: stayed, moved with it
                moved["headings"].append({"article": article["title"], "text": text,
                                          "page": heading["page"], "was": previous})
    return moved


def sentences(moved: dict) -> list[str]:
    """Each move as the editor would say it: `Forty-four days in Flint now starts on p. 27, was 26`."""
    said = [f"{a['title']} now starts on p. {a['page']}, was {a['was']}" for a in moved.get("articles", [])]
    said += [f"“{h['text']}” ({h['article']}) is now on p. {h['page']}, was {h['was']}"
             for h in moved.get("headings", [])]
    return list(dict.fromkeys(said))


def _counted(headings: list[dict]):
    """(text, how many headings of that text came before, heading): two headings may read the same."""
    seen: dict[str, int] = {}
    for heading in headings:
        if isinstance(heading, dict) and isinstance(heading.get("page"), int):
            count = seen.get(heading.get("text"), 0)
            seen[heading.get("text")] = count + 1
            yield heading.get("text"), count, heading


def _by_text(headings: list[dict]) -> dict[tuple, int]:
    return {(text, count): heading["page"] for text, count, heading in _counted(headings)}
