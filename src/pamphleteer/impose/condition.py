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

from pamphleteer import pdffile
from pamphleteer.pdffile import PdfFile

CARRIED = ("/OutputIntents", "/Metadata")
DEFAULT_VERSION = "1.7"   # what a booklet from a plain source declares (object streams need 1.5)


def declares_pdfx(pdf: PdfFile) -> bool:
    intents = pdf.catalog.get("/OutputIntents")
    intents = intents.get_object() if intents is not None else []
    if any(intent.get_object().get("/S") == "/GTS_PDFX" for intent in intents):
        return True
    return pdf.info is not None and "/GTS_PDFXVersion" in pdf.info


def pdf_version(pdf: PdfFile) -> str:
    """The version the source declares: the later of its header and its catalog's /Version."""
    found = [re.sub(r"[^0-9.]", "", pdf.header)]
    declared = pdf.catalog.get("/Version")
    if declared is not None:
        found.append(str(declared).lstrip("/"))
    versions = [v for v in found if re.fullmatch(r"\d\.\d", v)]
    return max(versions, key=lambda v: tuple(map(int, v.split(".")))) if versions else DEFAULT_VERSION


def carry(writer, pdf: PdfFile) -> None:
    """Copy the source's OutputIntents, XMP metadata and Info into `writer`."""
    for key in CARRIED:
        if key in pdf.catalog:
            pdffile.put(writer.root_object, {key: pdf.catalog.raw_get(key).clone(writer)})
    if pdf.info is not None:
        pdffile.set_info(writer, pdf.info.clone(writer))
