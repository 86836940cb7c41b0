"""Turn an issue and its articles into an EPUB 3 file: <slug>-<issue>.epub.

A cover page, the navigation document in issue order with the sections,
each article as its own XHTML file with its pictures, captions and alt text
and its footnotes as EPUB notes with links back, the journal's metadata
(metadata.py) and accessibility metadata (EPUB Accessibility 1.1).

Fonts are left to the reader's app: readers choose their own face and size
there (large type, a face they read easily), the file stays small, and the
journal's faces are named first in the stylesheet for apps that have them.

Two builds give the same bytes: the files go into the zip in a fixed
order, each dated with the issue's date, and the identifier is a UUID made
from the journal's slug and the issue's number.
"""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path

import jinja2

from pamphleteer import metadata, xhtml
from pamphleteer.document import sections
from pamphleteer.errors import UserError
from pamphleteer.screen import environment, page_name, picture_files, render

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
ACCESSIBILITY = {
    "accessMode": ("textual", "visual"),
    "accessModeSufficient": ("textual",),
    "accessibilityFeature": ("alternativeText", "structuralNavigation", "tableOfContents", "readingOrder",
                             "displayTransformability"),
    "accessibilityHazard": ("none",),
}
SUMMARY = ("Each article is its own chapter with headings in order; every picture has alt text and a caption; "
           "footnotes link to their notes and back. Fonts and sizes are left to the reader's app.")
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""

PACKAGE = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="{{ meta.lang }}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="pub-id">{{ identifier }}</dc:identifier>
{% if meta.issn %}<dc:identifier id="issn">urn:issn:{{ meta.issn }}</dc:identifier>
{% endif %}<dc:title>{{ meta.title }}</dc:title>
{% for author in meta.authors %}<dc:creator>{{ author }}</dc:creator>
{% endfor %}<dc:language>{{ meta.lang }}</dc:language>
<dc:date>{{ meta.date }}</dc:date>
<dc:publisher>{{ meta.publisher }}</dc:publisher>
<dc:description>{{ meta.description }}</dc:description>
{% for subject in meta.subjects %}<dc:subject>{{ subject }}</dc:subject>
{% endfor %}<meta property="dcterms:modified">{{ meta.date }}T00:00:00Z</meta>
<meta property="belongs-to-collection" id="journal">{{ meta.journal }}</meta>
<meta refines="#journal" property="collection-type">series</meta>
<meta refines="#journal" property="group-position">{{ meta.number }}</meta>
{% for name, values in accessibility.items() %}{% for value in values %}<meta property="schema:{{ name }}">{{ value }}</meta>
{% endfor %}{% endfor %}<meta property="schema:accessibilitySummary">{{ summary }}</meta>
<meta property="dcterms:conformsTo">{{ conforms_to }}</meta>
<meta name="cover" content="cover-image"/>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="style" href="style.css" media-type="text/css"/>
<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
{% for page in pages %}<item id="{{ page.id }}" href="{{ page.file }}" media-type="application/xhtml+xml"/>
{% endfor %}{% for picture in pictures %}<item id="picture-{{ loop.index }}" href="{{ picture.name }}" media-type="{{ picture.type }}"{% if picture.cover %} properties="cover-image"{% endif %}/>
{% endfor %}</manifest>
<spine>
<itemref idref="cover"/>
<itemref idref="nav"/>
{% for page in pages %}<itemref idref="{{ page.id }}"/>
{% endfor %}</spine>
</package>
"""

NAV = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{{ meta.lang }}" xml:lang="{{ meta.lang }}">
<head><meta charset="utf-8"/><title>Contents · {{ meta.title }}</title><link rel="stylesheet" href="style.css"/></head>
<body>
<nav epub:type="toc" id="toc" aria-labelledby="toc-title">
<h1 id="toc-title">In this issue</h1>
<ol class="toc">
{% for section, items in sections %}{% if section %}<li><span class="toc-section">{{ section }}</span>
<ol>
{% endif %}{% for page in items %}<li><a href="{{ page.file }}">{{ page.title|xhtml }}{% if page.author %} <span class="toc-author">{{ page.author|xhtml }}</span>{% endif %}</a></li>
{% endfor %}{% if section %}</ol>
</li>
{% endif %}{% endfor %}</ol>
</nav>
<nav epub:type="landmarks" id="landmarks" hidden="hidden">
<ol>
<li><a epub:type="cover" href="cover.xhtml">Cover</a></li>
<li><a epub:type="toc" href="nav.xhtml#toc">Contents</a></li>
<li><a epub:type="bodymatter" href="{{ pages[0].file }}">{{ pages[0].title|xhtml }}</a></li>
</ol>
</nav>
</body>
</html>
"""

COVER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{{ meta.lang }}" xml:lang="{{ meta.lang }}">
<head><meta charset="utf-8"/><title>{{ meta.title }}</title><link rel="stylesheet" href="style.css"/></head>
<body>
<section class="cover" epub:type="cover">
<p class="journal-name">{{ meta.journal }}</p>
{% if tagline %}<p class="tagline">{{ tagline|xhtml }}</p>
{% endif %}<p class="issue-line">No. {{ meta.number }} · {{ meta.date_text }}</p>
{% if cover.title %}<h1 class="cover-title">{{ cover.title|xhtml }}</h1>
{% endif %}{% if cover.picture %}<figure class="cover-picture"><img src="{{ cover.picture }}" alt="{{ (cover.alt or cover.caption)|striptags }}"/>{% if cover.caption %}<figcaption>{{ cover.caption|xhtml }}</figcaption>{% endif %}</figure>
{% endif %}</section>
</body>
</html>
"""


def write(issue, articles, path: Path, *, stylesheet: Path) -> None:
    """The issue as an EPUB 3 at `path`."""
    meta = metadata.for_issue(issue, articles)
    env = environment(issue)
    pages = [_page(article) for article in articles]
    files = {"META-INF/container.xml": CONTAINER.encode()}
    for page, article in zip(pages, articles):
        body = xhtml.body(article.body, epub=True)
        files[f"OEBPS/{page['file']}"] = _render(env, "screen-article.xhtml.j2", epub=True, article=article,
                                                 body=body, meta=metadata.for_article(meta, article),
                                                 up="", stylesheet="style.css")
    pictures = _pictures(issue, articles)
    files["OEBPS/cover.xhtml"] = _render(env, COVER, meta=meta, cover=issue.cover, tagline=issue.tagline)
    files["OEBPS/nav.xhtml"] = _render(env, NAV, meta=meta, pages=pages,
                                       sections=[(s, pages[articles.index(items[0]):][:len(items)])
                                                 for s, items in sections(articles)])
    files["OEBPS/content.opf"] = _render(env, PACKAGE, meta=meta, pages=pages, pictures=pictures,
                                         identifier=_identifier(issue), accessibility=ACCESSIBILITY,
                                         summary=SUMMARY, conforms_to=CONFORMS_TO)
    files["OEBPS/style.css"] = _read(stylesheet)
    files.update({f"OEBPS/{picture['name']}": picture["path"].read_bytes() for picture in pictures})
    _zip(path, files, meta.date)


def _page(article) -> dict:
    return {"id": f"a-{page_name(article)}", "file": f"{page_name(article)}.xhtml", "title": article.title,
            "author": article.author}


def _pictures(issue, articles) -> list[dict]:
    cover = issue.cover.picture
    return [{"name": name, "path": path, "type": MEDIA_TYPES[path.suffix.lower()], "cover": name == cover}
            for name, path in picture_files(issue, articles)]


def _identifier(issue) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pamphleteer:{issue.slug}:{issue.number}')}"


def _render(env: jinja2.Environment, template: str, **context) -> bytes:
    return render(env, template, **context).encode()


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise UserError("the EPUB's stylesheet is missing; expected styles/epub.css beside journal.css", path)
    return path.read_bytes()


def _zip(path: Path, files: dict[str, bytes], date: str) -> None:
    """The mimetype first and stored, then every file in order, each with the issue's date."""
    when = (*map(int, date.split("-")), 0, 0, 0)
    with zipfile.ZipFile(path, "w") as archive:
        _add(archive, "mimetype", b"application/epub+zip", when, zipfile.ZIP_STORED)
        for name in ["META-INF/container.xml", *sorted(set(files) - {"META-INF/container.xml"})]:
            _add(archive, name, files[name], when, zipfile.ZIP_DEFLATED)


def _add(archive: zipfile.ZipFile, name: str, data: bytes, when: tuple, method: int) -> None:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type, info.external_attr, info.create_system = method, 0o644 << 16, 3
    archive.writestr(info, data, compress_type=method, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
