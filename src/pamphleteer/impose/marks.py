"""Printer's marks drawn around the spread: crop marks, fold marks and a slug line.

Marks are 0.25 pt lines in black ink only (`0 0 0 1 K`), so they print on the
black plate and need no RGB. Every mark starts 3 pt beyond the widest bleed,
so none of them touches the bleed. The slug is set in Helvetica's design
(see `slugfont`), 6 pt, black ink only.
"""

from __future__ import annotations

from pamphleteer.impose.frame import MARK_GAP, Frame
from pamphleteer.geometry import number

LINE_WIDTH = 0.25
MARK_LENGTH = 18.0
SLUG_SIZE = 6.0
SLUG_FONT = "/PmSlug"


def marks(frame: Frame, slug: str) -> str:
    """Content-stream operators for the marks of one side, in spread coordinates."""
    offset = frame.bleed + MARK_GAP
    length = min(MARK_LENGTH, min(frame.margin) - offset - 0.5)
    spread = frame.spread
    cuts, folds = [], []
    for col in range(frame.cols + 1):
        x = col * frame.cell[0]
        target = folds if frame.folded and col == 1 else cuts
        target += [(x, -offset, x, -offset - length), (x, spread.y1 + offset, x, spread.y1 + offset + length)]
    for row in range(frame.rows + 1):
        y = row * frame.cell[1]
        cuts += [(-offset, y, -offset - length, y), (spread.x1 + offset, y, spread.x1 + offset + length, y)]
    ops = ["q", f"{number(LINE_WIDTH / frame.scale)} w 0 0 0 1 K", _lines(cuts)]
    if folds:
        ops += ["[3 2] 0 d", _lines(folds)]
    ops += ["Q", _slug(slug, offset)]
    return "\n".join(ops)


def _lines(segments) -> str:
    return "\n".join(f"{number(x0)} {number(y0)} m {number(x1)} {number(y1)} l" for x0, y0, x1, y1 in segments) + "\nS"


def _slug(text: str, offset: float) -> str:
    baseline = -offset - SLUG_SIZE - 1
    return (f"BT {SLUG_FONT} {number(SLUG_SIZE)} Tf 0 0 0 1 k {number(12)} {number(baseline)} Td "
            f"({escape(text)}) Tj ET")


def escape(text: str) -> str:
    """`text` as a PDF literal string body in WinAnsi; characters outside it become `?`."""
    raw = text.encode("cp1252", errors="replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def encodable(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True
