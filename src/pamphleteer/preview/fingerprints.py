"""Turn a PDF into one fingerprint per page: a digest of everything the page draws (pypdf, read only).

A page's fingerprint covers its content stream and every object its
resources reach (fonts, pictures, patterns), so two pages with the same
fingerprint draw the same picture and need not be rendered again. A
reference to another page (a link's destination) counts as that page's
number, not its contents. Object numbers, the page tree and what only text
extraction reads are left out. A letter used for the first time changes
the font subset, and with it every page set in that font.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

LEFT_OUT = frozenset({
    "/Parent",     # the page tree: shared by every page, it changes when any page does
    "/ToUnicode",  # text extraction only, nothing drawn; WeasyPrint lists glyphs in the order they are first
                   # used, so an edit that only reorders letters early on would touch every page's fonts
})


def fingerprints(pdf: Path) -> list[str]:
    """One hex digest per page, in page order."""
    reader = PdfReader(pdf)
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    seen: dict[int, bytes] = {}
    return [_digest(page, pages, seen).hex() for page in reader.pages]


def page_count(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def _digest(page: DictionaryObject, pages: dict[int, int], seen: dict[int, bytes]) -> bytes:
    digest = hashlib.sha256()
    for key in sorted(set(page) - LEFT_OUT):
        digest.update(key.encode())
        _feed(page.raw_get(key), digest, pages, seen)
    return digest.digest()


def _feed(value, digest, pages: dict[int, int], seen: dict[int, bytes]) -> None:
    """Add `value` to `digest`; an indirect object's own digest is computed once and reused."""
    if isinstance(value, IndirectObject):
        if value.idnum in pages:
            digest.update(b"page %d" % pages[value.idnum])
            return
        if value.idnum not in seen:
            seen[value.idnum] = b"cycle"  # an object that reaches itself counts its own reference as this
            inner = hashlib.sha256()
            _feed(value.get_object(), inner, pages, seen)
            seen[value.idnum] = inner.digest()
        digest.update(seen[value.idnum])
    elif isinstance(value, DictionaryObject):
        digest.update(b"<<")
        for key in sorted(set(value) - LEFT_OUT):
            digest.update(key.encode())
            _feed(value.raw_get(key), digest, pages, seen)
        if isinstance(value, StreamObject):
            digest.update(b"stream" + hashlib.sha256(value._data).digest())  # the bytes as stored, not decoded
        digest.update(b">>")
    elif isinstance(value, ArrayObject):
        digest.update(b"[")
        for item in value:
            _feed(item, digest, pages, seen)
        digest.update(b"]")
    else:
        digest.update(repr(value).encode() + b" ")
