"""Turn a saved web page (.html) into a Draft: the article's part of the page, its metadata, its pictures.

The article is the page's largest <article>, else its <main>, else its
body without the site's header. The title, byline and date come from the
top of the article, else from the page's <meta> tags. Pictures saved with
the page (`Page_files/...`) or inlined as `data:` are taken along; a
picture that is only on the web is named for the editor to fetch. The page
is untrusted: a file outside its own folder, or one that is not a picture,
is never copied, only named in a note.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pamphleteer import yamlfile
from pamphleteer.importers import htmlmd
from pamphleteer.importers.draft import Draft, DraftPicture
from pamphleteer.pictures import fault

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
META = {  # <meta name|property> -> front matter key, first found wins
    "author": "author", "article:author": "author", "dc.creator": "author",
    "article:published_time": "date", "date": "date", "dc.date": "date", "pubdate": "date",
    "og:title": "title", "dc.title": "title",
}
ICON_SIZE = 48  # pixels: smaller pictures are icons and spacers, not illustrations
SHOWN_DATA = 60  # characters of a skipped `data:` picture's address shown in its note


def read(path: Path, encoding: str = "utf-8") -> Draft:
    with path.open("rb") as file:
        declared = CHARSET.search(file.read(4096))
    root = htmlmd.parse(yamlfile.read_text(path, declared[1].decode() if declared else encoding))
    draft = Draft(kind="a web page")
    body = _article(root)
    htmlmd.take_header(body, draft)
    _from_head(root.find("head"), draft)
    if "title" not in draft.meta:
        htmlmd.guess_title(body, draft)
    htmlmd.Converter(draft, lambda image: _picture(image, path, draft)).convert(body)
    return draft


def _article(root: ET.Element) -> ET.Element:
    articles = [element for element in root.iter() if element.tag == "article"]
    if articles:
        return max(articles, key=lambda element: len(htmlmd.text_of(element)))
    main = next((e for e in root.iter() if e.tag == "main" or e.get("role") == "main"), None)
    if main is not None:
        return main
    body = root.find("body")
    for header in [child for child in body if child.tag == "header"]:
        body.remove(header)
    return body


def _from_head(head: ET.Element | None, draft: Draft) -> None:
    if head is None:
        return
    for meta in head.iter("meta"):
        key = META.get((meta.get("name") or meta.get("property") or "").lower())
        content = " ".join((meta.get("content") or "").split())
        if not key or not content or key in draft.meta or content.startswith("http"):
            continue
        if key == "date":
            draft.set_date(content)
        else:
            draft.meta[key] = content
    title = head.find("title")
    if "title" not in draft.meta and title is not None and htmlmd.text_of(title):
        draft.meta["title"] = htmlmd.text_of(title)
        draft.notes.append("the title is the page's <title>, which may carry the site's name too: check it")


def _picture(image: ET.Element, page: Path, draft: Draft) -> DraftPicture | None:
    """The <img> as a DraftPicture; the page is untrusted, so a file is taken only from the page's own folder.

    A file outside that folder (an absolute path, `file://`, `../`, a symbolic link
    leading out) or one that Pillow does not read as a picture is skipped with a note;
    so is a `data:` picture whose data is damaged.
    """
    if any(_pixels(image.get(side)) < ICON_SIZE for side in ("width", "height") if image.get(side)):
        return None
    src = (image.get("src") or "").strip()
    picture = DraftPicture(caption=" ".join((image.get("alt") or image.get("title") or "").split()))
    data_url = re.match(r"data:image/([\w+.-]+);base64,(.*)", src, re.S)
    if data_url:
        try:
            data = base64.b64decode(data_url[2])
        except binascii.Error:
            return _skipped(src, "its data is not valid base64", draft)
        if fault(Path(f"picture.{data_url[1]}"), data):
            return _skipped(src, "not a picture", draft)
        picture.data, picture.suffix = data, "." + data_url[1].replace("jpeg", "jpg")
        return picture
    address = urlsplit(src)
    if src and not address.netloc and address.scheme in ("", "file"):
        folder = page.parent.resolve()
        local = (folder / unquote(address.path)).resolve()
        if not local.is_relative_to(folder):
            return _skipped(src, "outside the page's folder", draft)
        if local.is_file():
            if fault(local):
                return _skipped(src, "not a picture", draft)
            picture.source, picture.suffix = local, local.suffix.lower()
            return picture
    draft.notes.append(f"the picture {src or '(with no address)'} is not saved beside the page: "
                       "save it, then add it to the article's `pictures:` in issue.yaml")
    return picture


def _skipped(src: str, why: str, draft: Draft) -> None:
    shown = src[:SHOWN_DATA] + "…" if src.startswith("data:") and len(src) > SHOWN_DATA else src
    draft.notes.append(f"picture {shown} skipped: {why}")
    return None


def _pixels(value: str) -> float:
    match = re.match(r"\s*(\d+(?:\.\d+)?)", value or "")
    return float(match[1]) if match else float("inf")
