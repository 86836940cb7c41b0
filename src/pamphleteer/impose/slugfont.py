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

from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject

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
        return writer._add_object(_standard()), False
    try:
        program, metrics = _subset(str(path), bytes(codes))
    except Exception:  # noqa: BLE001  a damaged font file: keep the slug, unembedded
        return writer._add_object(_standard()), False
    return writer._add_object(_embedded(writer, program, metrics, bytes(codes))), True


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


def _embedded(writer, program: bytes, metrics: dict, codes: bytes) -> DictionaryObject:
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(codes).digest()[:6])
    name = NameObject(f"/{tag}+{metrics['name']}")
    stream = StreamObject()
    stream._data = zlib.compress(program, 6)
    stream.update({NameObject("/Subtype"): NameObject("/Type1C"), NameObject("/Filter"): NameObject("/FlateDecode")})
    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"), NameObject("/FontName"): name,
        NameObject("/Flags"): NumberObject(32), NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in metrics["bbox"]),
        NameObject("/Ascent"): NumberObject(metrics["ascent"]), NameObject("/Descent"): NumberObject(metrics["descent"]),
        NameObject("/CapHeight"): NumberObject(metrics["cap"]), NameObject("/StemV"): NumberObject(80),
        NameObject("/FontFile3"): writer._add_object(stream),
    })
    widths = [metrics["widths"].get(code, 0) for code in range(FIRST, LAST + 1)]
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): name, NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        NameObject("/FirstChar"): NumberObject(FIRST), NameObject("/LastChar"): NumberObject(LAST),
        NameObject("/Widths"): ArrayObject(NumberObject(w) for w in widths),
        NameObject("/FontDescriptor"): writer._add_object(descriptor),
    })


def _standard() -> DictionaryObject:
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
