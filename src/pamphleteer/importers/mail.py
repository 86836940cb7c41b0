"""Turn a mailing-list post into a Draft, through the plain-text reader (the post is not parsed again here).

The reader finds the `To:` line, the date, the title, the byline, subheads,
end signs and `Picture:` lines; this module only writes what it found as
Markdown. The post's trailer (web navigation and list boilerplate at its
end) is left out, and the editor is told which lines.
"""

from __future__ import annotations

from pathlib import Path

from pamphleteer import yamlfile
from pamphleteer.articles import PICTURE_LINE
from pamphleteer.importers import htmlmd
from pamphleteer.importers.draft import Draft, DraftPicture
from pamphleteer.readers.mailtext import read_mailtext

META = ("title", "author", "affiliation", "to")  # Article fields that are front matter as they stand


def read(path: Path, encoding: str = "utf-8") -> Draft:
    article = read_mailtext(yamlfile.read_text(path, encoding), path)
    draft = Draft(kind="a mailing-list post")
    for key in META:
        if getattr(article, key):
            draft.meta[key] = _plain(getattr(article, key))
    if article.date:
        draft.set_date(article.date)
    converter = htmlmd.Converter(draft, lambda image: None)
    for block in article.blocks:
        picture = PICTURE_LINE.match(block)
        if picture:
            draft.picture(DraftPicture(caption=_plain(picture[1])))
        else:
            converter.convert(htmlmd.parse(block).find("body"))
    if article.trailer:
        draft.notes.append("left out the last lines, which look like a web page's navigation or the list's "
                           f"boilerplate: \"{' / '.join(article.trailer)}\"; add them to the article's end "
                           "to print them")
    draft.notes.extend(article.warnings)
    return draft


def _plain(fragment: str) -> str:
    return htmlmd.text_of(htmlmd.parse(fragment))
