"""Turn an open PDF into a Document the checks read: page scans, fonts, the
declared PDF/X version, and every warning pypdf logged on the way.

Files are opened by `pamphleteer.pdffile`, which turns pypdf's failures into UserError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterator
from xml.etree import ElementTree

from pamphleteer import pdffile
from pamphleteer.pdffile import MALFORMED, PdfFile
from pamphleteer.preflight.content import PageScan, font_key, scan_page

PDFXID_NS = "http://www.npes.org/pdfx/ns/id/"
PDFX_NS = "http://ns.adobe.com/pdfx/1.3/"


@dataclass(frozen=True)
class FontUse:
    """A font dictionary reachable from the pages, and where it first appears."""

    key: Any
    font: dict           # the font dictionary
    page: int          # first page that shows text in it, else first that lists it
    shown: bool        # whether any page shows text in it

    @property
    def name(self) -> str:
        return base_name(self.font)


def base_name(font: dict) -> str:
    return str(font.get("/BaseFont", font.get("/Name", "(unnamed)"))).lstrip("/")


class Document:
    """An open PDF and what the checks share: page scans, fonts, the declared PDF/X version.

    `warnings` fills with what pypdf logs while the checks read the file.
    """

    def __init__(self, pdf: PdfFile, warnings: list[str]):
        self.pdf = pdf
        self.path = pdf.path
        self.catalog = pdf.catalog
        self.pages = pdf.pages
        self.warnings = warnings
        self.scan_errors: list[tuple[int, str]] = []  # (page, error) from reading content

    @cached_property
    def scans(self) -> list[PageScan]:
        """One PageScan per page, in order; a page that cannot be read scans empty."""
        scans = []
        for number, page in enumerate(self.pages, 1):
            try:
                scans.append(scan_page(page, number))
            except Exception as error:  # noqa: BLE001 - any damage is a finding, not a crash
                self.scan_errors.append((number, f"{type(error).__name__}: {error}"))
                scans.append(PageScan(number))
        return scans

    @cached_property
    def fonts(self) -> list[FontUse]:
        """Every font dict reachable from page, form and Type3 resources."""
        listed: dict[Any, tuple[dict, int]] = {}
        seen: set[int] = set()  # resources shared between pages are walked once
        for number, page in enumerate(self.pages, 1):
            for key, font in _fonts_in(page.get("/Resources"), seen):
                listed.setdefault(key, (font, number))
        first_shown: dict[Any, int] = {}
        for scan in self.scans:
            for key, strings in scan.shown.items():
                if strings:
                    first_shown.setdefault(key, scan.number)
                    if key not in listed:
                        listed[key] = (scan.fonts[key][1], scan.number)
        return [FontUse(key, font, first_shown.get(key, page), key in first_shown)
                for key, (font, page) in listed.items()]

    @cached_property
    def declared_version(self) -> str | None:
        """GTS_PDFXVersion from XMP (pdfxid:, then pdfx:) or the document info; None if none can be read."""
        xmp = _xmp_versions(self.catalog.get("/Metadata"))
        try:
            info = self.pdf.info
            info_version = info.get("/GTS_PDFXVersion") if info is not None else None
        except MALFORMED:
            info_version = None
        return xmp.get(PDFXID_NS) or xmp.get(PDFX_NS) or (str(info_version) if info_version else None)

    def resolve_every_object(self) -> int:
        """Read every object in the file (pypdf logs what it repairs); how many there are."""
        return pdffile.resolve_every_object(self.pdf)


def _fonts_in(resources: Any, seen: set) -> Iterator[tuple[Any, dict]]:
    """(key, font) for the fonts of resources, their forms' and Type3 fonts' resources."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, dict) or id(resources) in seen:
        return
    seen.add(id(resources))
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else None
    for name in fonts or ():
        font = fonts[name].get_object()
        yield font_key(fonts, name), font
        if font.get("/Subtype") == "/Type3":
            yield from _fonts_in(font.get("/Resources"), seen)
    xobjects = resources.get("/XObject")
    for xobject in (xobjects.get_object().values() if xobjects is not None else ()):
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts_in(xobject.get("/Resources"), seen)


def _xmp_versions(metadata: Any) -> dict[str, str]:
    """{namespace: GTS_PDFXVersion} from an XMP packet, element or attribute form."""
    if metadata is None:
        return {}
    try:
        root = ElementTree.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"",
                                             metadata.get_object().get_data()))
    except (ElementTree.ParseError, *MALFORMED):
        return {}
    found = {}
    for element in root.iter():
        for namespace in (PDFXID_NS, PDFX_NS):
            tag = f"{{{namespace}}}GTS_PDFXVersion"
            if element.tag == tag and element.text:
                found.setdefault(namespace, element.text.strip())
            if tag in element.attrib:
                found.setdefault(namespace, element.attrib[tag].strip())
    return found
