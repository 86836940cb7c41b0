"""Turn an issue's articles into web pages: <slug>-<issue>-web/, one HTML page per article, and their pictures.

The pages are static XHTML-syntax HTML any web host serves: no script, and
nothing fetched from outside the site (the stylesheet and the pictures are
the site's own). Footnotes become numbered links to notes at the end of the
article and back (xhtml.py). `site.py` puts these folders together with the
issue's PDFs and EPUB, an index of every issue and an Atom feed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pamphleteer import metadata, xhtml
from pamphleteer.screen import environment, page_name, picture_files, render


def write_issue(issue, articles, folder: Path, *, pdf_names: list[str]) -> None:
    """Every article's page into `folder`, with the pictures they show and a link to each one's PDF (if named)."""
    folder.mkdir()
    env = environment(issue)
    whole = metadata.for_issue(issue, articles)
    entries = [{"file": f"{page_name(a)}.html", "title": a.title} for a in articles]
    for index, article in enumerate(articles):
        html_text = render(env, "screen-article.xhtml.j2", epub=False, article=article,
                           body=xhtml.body(article.body, epub=False), meta=metadata.for_article(whole, article),
                           up="../", stylesheet="style.css", issue_link=True, pdf=pdf_names[index],
                           next=entries[index + 1] if index + 1 < len(entries) else None)
        (folder / entries[index]["file"]).write_text(html_text, encoding="utf-8")
    for name, path in picture_files(issue, articles):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / name)

