"""Turn a PDF path into a Document the checks read: pypdf reader, page scans,
fonts, declared PDF/X version, and every warning pypdf logged on the way.

The only preflight module that opens files; pypdf's failures become UserError.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import DictionaryObject, IndirectObject

from pamphleteer.errors import UserError
from pamphleteer.preflight.content import PageScan, font_key, scan_page

PDFXID_NS = "http://www.npes.org/pdfx/ns/id/"
PDFX_NS = "http://ns.adobe.com/pdfx/1.3/"


class PypdfLog(logging.Handler):
    """Collects what pypdf logs at WARNING and above while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.logger = logging.getLogger("pypdf")
        self._level = self.logger.level

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> "PypdfLog":
        self.logger.addHandler(self)
        if self.logger.getEffectiveLevel() > logging.WARNING:
            self.logger.setLevel(logging.WARNING)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self._level)


@dataclass(frozen=True)
class FontUse:
    """A font dictionary reachable from the pages, and where it first appears."""

    key: Any
    font: DictionaryObject
    page: int          # first page that shows text in it, else first that lists it
    shown: bool        # whether any page shows text in it

    @property
    def name(self) -> str:
        return base_name(self.font)


def base_name(font: DictionaryObject) -> str:
    return str(font.get("/BaseFont", font.get("/Name", "(unnamed)"))).lstrip("/")


def open_document(path: Path, log: PypdfLog) -> "Document":
    """Open path with pypdf; a missing, non-PDF or encrypted file is a UserError."""
    path = Path(path)
    if not path.is_file():
        raise UserError("no such file (expected a PDF to preflight)", path=path)
    with path.open("rb") as file:
        head = file.read(1024)
    if b"%PDF-" not in head:
        raise UserError(f"not a PDF: starts with {head[:8]!r}, expected '%PDF-'", path=path)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise UserError("the PDF is encrypted; printers and preflight need an unencrypted file",
                            path=path)
        catalog = reader.trailer["/Root"].get_object()
        pages = list(reader.pages)
    except (PyPdfError, ValueError, KeyError, OSError) as error:
        raise UserError(f"pypdf cannot read this PDF: {error}", path=path) from error
    return Document(path, reader, catalog, pages, log)


class Document:
    """An open PDF and what the checks share: page scans, fonts, the declared PDF/X version."""

    def __init__(self, path: Path, reader: PdfReader, catalog: DictionaryObject, pages: list,
                 log: PypdfLog):
        self.path = path
        self.reader = reader
        self.catalog = catalog
        self.pages = pages
        self.log = log
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
        listed: dict[Any, tuple[DictionaryObject, int]] = {}
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
        """GTS_PDFXVersion from XMP (pdfxid:, then pdfx:) or the document info."""
        xmp = _xmp_versions(self.catalog.get("/Metadata"))
        info = self.reader.trailer.get("/Info")
        info_version = info.get_object().get("/GTS_PDFXVersion") if info is not None else None
        return xmp.get(PDFXID_NS) or xmp.get(PDFX_NS) or (str(info_version) if info_version else None)

    def load_all_objects(self) -> int:
        """Resolve every object in the cross-reference table; pypdf logs what it repairs."""
        count = 0
        for generation, numbers in self.reader.xref.items():
            for number in numbers:
                self.reader.get_object(IndirectObject(number, generation, self.reader))
                count += 1
        for number in self.reader.xref_objStm:
            self.reader.get_object(IndirectObject(number, 0, self.reader))
            count += 1
        return count


def _fonts_in(resources: Any, seen: set) -> Iterator[tuple[Any, DictionaryObject]]:
    """(key, font) for the fonts of resources, their forms' and Type3 fonts' resources."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
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
    except (ElementTree.ParseError, PyPdfError, ValueError):
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
