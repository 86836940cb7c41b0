"""The print condition of a PDF/X source, carried to the imposed files.

A press file that declares PDF/X (an /OutputIntents entry of type
/GTS_PDFX, or GTS_PDFXVersion in its Info) names the printing condition its
colours were made for. The imposed sheets go to the same press, so they keep
the source's OutputIntents, its XMP metadata and Info (which declare the
PDF/X version and must agree with each other), and its PDF version: a
PDF/X-1a or X-3 file stays PDF 1.4, without object streams.
"""

from __future__ import annotations

import re

from pypdf.generic import NameObject

CARRIED = ("/OutputIntents", "/Metadata")
DEFAULT_VERSION = "1.7"   # what a booklet from a plain source declares (object streams need 1.5)


def declares_pdfx(reader) -> bool:
    catalog = reader.trailer["/Root"]
    intents = catalog.get("/OutputIntents")
    intents = intents.get_object() if intents is not None else []
    if any(intent.get_object().get("/S") == "/GTS_PDFX" for intent in intents):
        return True
    info = reader.trailer.get("/Info")
    return info is not None and "/GTS_PDFXVersion" in info.get_object()


def pdf_version(reader) -> str:
    """The version the source declares: the later of its header and its catalog's /Version."""
    found = [re.sub(r"[^0-9.]", "", reader.pdf_header)]
    declared = reader.trailer["/Root"].get("/Version")
    if declared is not None:
        found.append(str(declared).lstrip("/"))
    versions = [v for v in found if re.fullmatch(r"\d\.\d", v)]
    return max(versions, key=lambda v: tuple(map(int, v.split(".")))) if versions else DEFAULT_VERSION


def carry(writer, reader) -> None:
    """Copy the source's OutputIntents, XMP metadata and Info into `writer`."""
    catalog = reader.trailer["/Root"]
    for key in CARRIED:
        if key in catalog:
            writer.root_object[NameObject(key)] = catalog.raw_get(key).clone(writer)
    info = reader.trailer.get("/Info")
    if info is not None:
        writer._info = info.get_object().clone(writer)
