"""The slug's typeface: Helvetica's design, embedded as a subset of URW Nimbus Sans.

Printers and preflight refuse fonts that are not embedded, and the 14
standard PDF fonts are not. Nimbus Sans is URW's metric-compatible Helvetica,
shipped with Ghostscript (Debian's fonts-urw-base35, a dependency of the
ghostscript package the setup installs). Only the glyphs the slug lines use
are kept, as a simple font with WinAnsiEncoding and a bare CFF program
(FontFile3 /Type1C, allowed from PDF 1.2, so PDF/X-1a files can carry it).
When the font file is missing, the slug falls back to non-embedded Helvetica
and the caller is told.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import lru_cache
from pathlib import Path

from pamphleteer import pdffile

CANDIDATES = (
    Path("/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf"),   # Debian, Ubuntu
    Path("/usr/share/fonts/urw-base35/NimbusSans-Regular.otf"),            # Fedora
)
FIRST, LAST = 32, 255


def slug_font(writer, texts: list[str]) -> tuple[object, bool]:
    """A font for `texts` added to `writer`: (reference, embedded)."""
    path = next((p for p in CANDIDATES if p.is_file()), None)
    codes = sorted({c for text in texts for c in text.encode("cp1252", errors="replace") if c >= FIRST})
    if path is None:
        return pdffile.add(writer, STANDARD), False
    try:
        program, metrics = _subset(str(path), bytes(codes))
    except Exception:  # noqa: BLE001  a damaged font file: keep the slug, unembedded
        return pdffile.add(writer, STANDARD), False
    return pdffile.add(writer, _embedded(writer, program, metrics, bytes(codes))), True


@lru_cache(maxsize=8)
def _subset(path: str, codes: bytes) -> tuple[bytes, dict]:
    """The CFF program holding the glyphs for `codes` (WinAnsi), and the metrics the PDF needs."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False, lazy=True)
    for tag in ("GSUB", "GPOS", "GDEF", "PCLT", "kern"):   # a PDF simple font needs none; parsing them is slow
        if tag in font:
            del font[tag]
    text = codes.decode("cp1252", errors="replace")
    options = subset.Options()
    options.hinting, options.desubroutinize, options.notdef_outline = False, True, True
    options.layout_features, options.name_IDs = [], []
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap, advances = font.getBestCmap(), font["hmtx"].metrics
    widths = {code: round(advances[cmap[ord(char)]][0] * scale) for code, char in zip(codes, text)
              if ord(char) in cmap}
    head, hhea = font["head"], font["hhea"]
    metrics = {"name": font["CFF "].cff.fontNames[0], "widths": widths,
               "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
               "ascent": round(hhea.ascent * scale), "descent": round(hhea.descent * scale),
               "cap": round(getattr(font["OS/2"], "sCapHeight", 718) * scale)}
    return font["CFF "].compile(font), metrics


def _embedded(writer, program: bytes, metrics: dict, codes: bytes) -> dict:
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(codes).digest()[:6])
    name = f"/{tag}+{metrics['name']}"
    program_stream = pdffile.stream(zlib.compress(program, 6), {"/Subtype": "/Type1C", "/Filter": "/FlateDecode"})
    descriptor = {
        "/Type": "/FontDescriptor", "/FontName": name, "/Flags": 32, "/ItalicAngle": 0,
        "/FontBBox": metrics["bbox"], "/Ascent": metrics["ascent"], "/Descent": metrics["descent"],
        "/CapHeight": metrics["cap"], "/StemV": 80, "/FontFile3": pdffile.add(writer, program_stream),
    }
    widths = [metrics["widths"].get(code, 0) for code in range(FIRST, LAST + 1)]
    return {
        "/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": name, "/Encoding": "/WinAnsiEncoding",
        "/FirstChar": FIRST, "/LastChar": LAST, "/Widths": widths,
        "/FontDescriptor": pdffile.add(writer, descriptor),
    }


# Helvetica, one of the 14 standard fonts: not embedded, the fallback when Nimbus Sans is missing.
STANDARD = {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": "/Helvetica", "/Encoding": "/WinAnsiEncoding"}
