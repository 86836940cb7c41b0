"""Turn a PDF into one fingerprint per page: a digest of everything the page draws (read through pdffile).

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

from pamphleteer.pdffile import object_number, open_pdf, reading, stored_bytes

LEFT_OUT = frozenset({
    "/Parent",     # the page tree: shared by every page, it changes when any page does
    "/ToUnicode",  # text extraction only, nothing drawn; WeasyPrint lists glyphs in the order they are first
                   # used, so an edit that only reorders letters early on would touch every page's fonts
})


def fingerprints(pdf: Path) -> list[str]:
    """One hex digest per page, in page order."""
    opened = open_pdf(pdf)
    pages = {object_number(page.indirect_reference): number for number, page in enumerate(opened.pages, start=1)}
    seen: dict[int, bytes] = {}
    with reading(pdf):
        return [_digest(page, pages, seen).hex() for page in opened.pages]


def page_count(pdf: Path) -> int:
    return len(open_pdf(pdf).pages)


def _digest(page, pages: dict[int, int], seen: dict[int, bytes]) -> bytes:
    digest = hashlib.sha256()
    _feed_dictionary(page, digest, pages, seen)
    return digest.digest()


def _feed(value, digest, pages: dict[int, int], seen: dict[int, bytes]) -> None:
    """Add `value` to `digest`; an indirect object's own digest is computed once and reused."""
    number = object_number(value)
    if number in pages:
        digest.update(b"page %d" % pages[number])
    elif number is not None:
        if number not in seen:
            seen[number] = b"cycle"  # an object that reaches itself counts its own reference as this
            inner = hashlib.sha256()
            _feed(value.get_object(), inner, pages, seen)
            seen[number] = inner.digest()
        digest.update(seen[number])
    elif isinstance(value, dict):
        _feed_dictionary(value, digest, pages, seen)
    elif isinstance(value, list):
        digest.update(b"[")
        for item in value:
            _feed(item, digest, pages, seen)
        digest.update(b"]")
    else:
        digest.update(repr(value).encode() + b" ")


def _feed_dictionary(value, digest, pages: dict[int, int], seen: dict[int, bytes]) -> None:
    """A dictionary's keys and values (not followed through references until `_feed` does), and a stream's data."""
    digest.update(b"<<")
    for key in sorted(set(value) - LEFT_OUT):
        digest.update(key.encode())
        _feed(value.raw_get(key), digest, pages, seen)
    if hasattr(value, "get_data"):  # a stream
        digest.update(b"stream" + hashlib.sha256(stored_bytes(value)).digest())  # as stored: decoding is slow
    digest.update(b">>")
