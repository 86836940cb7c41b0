"""Turn a font dictionary into a decoder: which shown codes end on glyph 0 (.notdef).

Type0 fonts: code -> CID through Identity-H/V or an embedded CMap stream
(WeasyPrint writes its own, mapping unsupported characters to CID 0), then
CID -> GID through /CIDToGIDMap; GID 0, or a GID beyond the TrueType font's
maxp glyph count, is .notdef. CFF-based CIDFonts: CID 0 only. Simple fonts:
codes outside FirstChar..LastChar; Type3: codes whose glyph name has no CharProc.
Predefined CJK CMaps and mixed-width code spaces are not decoded.
"""

from __future__ import annotations

import re
import struct
import sys
from array import array
from functools import lru_cache
from typing import Any, Callable

_CODESPACE = re.compile(rb"begincodespacerange(.*?)endcodespacerange", re.S)
_CIDCHAR = re.compile(rb"begincidchar(.*?)endcidchar", re.S)
_CIDRANGE = re.compile(rb"begincidrange(.*?)endcidrange", re.S)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = rb"<([0-9A-Fa-f]*)>"


class Decoder:
    """Finds .notdef codes in the bytes a font shows."""

    def __init__(self, font: Any, width: int = 1, bad: Callable[[int], bool] | None = None,
                 reason: str | None = None):
        self.font = font
        self.width = width
        self.bad = bad or (lambda code: False)
        self.reason = reason
        self._verdicts: dict[int, bool] = {}

    def codes(self, data: bytes) -> set[int]:
        if self.width == 1:
            return set(data)
        words = array("H", data[: len(data) // 2 * 2])
        if sys.byteorder == "little":
            words.byteswap()
        return set(words)

    def missing(self, data: bytes) -> list[int]:
        """The distinct codes in data that draw .notdef, in code order."""
        verdicts = self._verdicts
        found = []
        for code in sorted(self.codes(data)):
            if code not in verdicts:
                verdicts[code] = self.bad(code)
            if verdicts[code]:
                found.append(code)
        return found

    def describe(self, codes: list[int], limit: int = 5) -> str:
        unicode = to_unicode(self.font)
        names = [unicode.get(code) or f"code <{code:0{self.width * 2}x}>" for code in codes[:limit]]
        return ", ".join(names) + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def build_decoder(font: Any) -> Decoder:
    """The Decoder for one font dictionary."""
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        return _type0(font)
    if subtype == "/Type3":
        return _type3(font)
    return _simple(font)


def _simple(font: Any) -> Decoder:
    first, last = int(font.get("/FirstChar", 0)), int(font.get("/LastChar", 255))
    return Decoder(font, 1, lambda code: not first <= code <= last)


def _type3(font: Any) -> Decoder:
    procs = font.get("/CharProcs")
    procs = set(procs.get_object()) if procs is not None else set()
    names: dict[int, str] = {}
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else {}
    code = 0
    for item in encoding.get("/Differences", []) if hasattr(encoding, "get") else []:
        if isinstance(item, int):
            code = int(item)
        else:
            names[code] = str(item)
            code += 1
    return Decoder(font, 1, lambda c: names.get(c) not in procs)


def _type0(font: Any) -> Decoder:
    descendant = font["/DescendantFonts"][0].get_object()
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    if isinstance(encoding, str):
        if encoding not in ("/Identity-H", "/Identity-V"):
            return Decoder(font, reason=f"predefined CMap {encoding}")
        width, cids = 2, None
    else:
        width, cids = _cmap(encoding.get_data() if encoding is not None else b"")
        if width is None:
            return Decoder(font, reason="CMap with mixed code lengths")
    to_gid = _cid_to_gid(descendant)
    count = _glyph_count(descendant)

    def bad(code: int) -> bool:
        cid = code if cids is None else cids.get(code, 0)
        gid = to_gid(cid)
        return cid == 0 or gid == 0 or (count is not None and gid >= count)
    return Decoder(font, width, bad)


def _cmap(data: bytes) -> tuple[int | None, dict[int, int]]:
    """(code width in bytes, {code: CID}) from an embedded CMap; undefined codes are CID 0."""
    widths = {len(lo) // 2 for block in _CODESPACE.findall(data)
              for lo in re.findall(_HEX, block)[::2]}
    cids: dict[int, int] = {}
    for block in _CIDCHAR.findall(data):
        for code, cid in re.findall(_HEX + rb"\s*(\d+)", block):
            cids[int(code, 16)] = int(cid)
    for block in _CIDRANGE.findall(data):
        for lo, hi, cid in re.findall(_HEX + rb"\s*" + _HEX + rb"\s*(\d+)", block):
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                cids[code] = int(cid) + offset
    return (widths.pop() if len(widths) == 1 else None), cids


def _cid_to_gid(descendant: Any) -> Callable[[int], int]:
    if descendant.get("/Subtype") != "/CIDFontType2":
        return lambda cid: cid  # CFF CIDFont: only CID 0 is known to be .notdef
    mapping = descendant.get("/CIDToGIDMap", "/Identity")
    mapping = mapping.get_object()
    if isinstance(mapping, str):
        return lambda cid: cid
    table = mapping.get_data()
    return lambda cid: int.from_bytes(table[2 * cid:2 * cid + 2], "big") if 2 * cid + 2 <= len(table) else 0


def _glyph_count(descendant: Any) -> int | None:
    """numGlyphs from the embedded TrueType's maxp table, when there is one."""
    descriptor = descendant.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    stream = descriptor.get("/FontFile2")
    if stream is None:
        return None
    return maxp_glyph_count(stream.get_object().get_data())


def maxp_glyph_count(data: bytes) -> int | None:
    if len(data) < 12 or data[:4] == b"ttcf":
        return None
    tables = struct.unpack(">H", data[4:6])[0]
    for i in range(tables):
        record = data[12 + 16 * i: 28 + 16 * i]
        if record[:4] == b"maxp":
            offset = struct.unpack(">I", record[8:12])[0]
            return struct.unpack(">H", data[offset + 4:offset + 6])[0]
    return None


def to_unicode(font: Any) -> dict[int, str]:
    """{code: 'U+E000'} from the font's ToUnicode CMap (for messages only)."""
    stream = font.get("/ToUnicode")
    return _parse_to_unicode(stream.get_object().get_data()) if stream is not None else {}


@lru_cache(maxsize=64)
def _parse_to_unicode(data: bytes) -> dict[int, str]:
    def label(hex_text: bytes, offset: int = 0) -> str:
        text = bytes.fromhex(hex_text.decode()).decode("utf-16-be", "replace")
        if text and offset:
            text = text[:-1] + chr(ord(text[-1]) + offset)
        return " ".join(f"U+{ord(char):04X}" for char in text)

    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        for code, target in re.findall(_HEX + rb"\s*" + _HEX, block):
            mapping[int(code, 16)] = label(target)
    for block in _BFRANGE.findall(data):
        for lo, hi, target in re.findall(_HEX + rb"\s*" + _HEX + rb"\s*" + _HEX, block):
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = label(target, offset)
    return mapping
