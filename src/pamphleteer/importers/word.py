"""Turn a Word document (.docx) into a Draft: mammoth makes clean HTML of it, `htmlmd` makes Markdown.

The only module that imports mammoth. Word's styles say what a paragraph
is: Title, Subtitle, Caption and Quote are mapped here; the embedded
pictures come out as bytes, each captioned by the Caption paragraph after
it; footnotes become Markdown footnotes. Formats no PDF can hold (EMF, WMF)
are reported instead of saved.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from pamphleteer.errors import UserError
from pamphleteer.importers import htmlmd
from pamphleteer.importers.draft import Draft, DraftPicture

STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Caption'] => p.caption:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
"""
PICTURE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/tiff": ".tif",
                 "image/webp": ".webp", "image/svg+xml": ".svg"}
CORE = {"dc": "http://purl.org/dc/elements/1.1/"}


def read(path: Path, encoding: str = "utf-8") -> Draft:
    """`encoding` is not used: a .docx says its own."""
    import mammoth

    draft = Draft(kind="a Word document")
    pictures: list[DraftPicture | None] = []

    def keep(image) -> dict:
        pictures.append(_picture(image, len(pictures) + 1, draft))
        return {"src": f"picture:{len(pictures) - 1}"}

    try:
        with open(path, "rb") as file:
            result = mammoth.convert_to_html(file, style_map=STYLE_MAP,
                                             convert_image=mammoth.images.img_element(keep))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UserError(f"not a Word .docx file that can be read ({error}); open it in Word or LibreOffice "
                        "and save it again as .docx", path) from None
    body = htmlmd.parse(result.value).find("body")
    htmlmd.take_header(body, draft)
    _from_properties(path, draft)
    if "title" not in draft.meta:
        htmlmd.guess_title(body, draft)
    htmlmd.Converter(draft, lambda image: _placed(image, pictures)).convert(body)
    draft.notes.extend(dict.fromkeys(f"Word: {m.message}" for m in result.messages if m.type == "warning"
                                     and "Unrecognised paragraph style" not in m.message))
    return draft


def _picture(image, number: int, draft: Draft) -> DraftPicture | None:
    suffix = PICTURE_TYPES.get(image.content_type)
    if suffix is None:
        draft.notes.append(f"picture {number} is {image.content_type or 'of an unknown kind'}, which cannot go "
                           "into a PDF: save it from Word as PNG or JPEG and add it to the issue by hand")
        return None
    with image.open() as stream:
        return DraftPicture(caption=(image.alt_text or "").strip(), data=stream.read(), suffix=suffix)


def _placed(image: ET.Element, pictures: list) -> DraftPicture | None:
    src = image.get("src", "")
    return pictures[int(src.split(":")[1])] if src.startswith("picture:") else None


def _from_properties(path: Path, draft: Draft) -> None:
    """The document's own title and author (File > Properties), used only when the text has none."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = ET.fromstring(archive.read("docProps/core.xml"))
    except (KeyError, zipfile.BadZipFile, ET.ParseError):
        return
    for key, element in (("title", "dc:title"), ("author", "dc:creator")):
        value = " ".join((core.findtext(element, "", CORE) or "").split())
        if value and key not in draft.meta:
            draft.meta[key] = value
            draft.notes.append(f"the {key} is from the document's properties (File > Properties), "
                               "which may name whoever typed it: check it")
