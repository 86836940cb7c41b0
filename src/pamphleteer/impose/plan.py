"""The page order of an imposition: which source page goes in which cell of which side.

A layout turns a padded page sequence into an Arrangement. Cells are numbered
in reading order (left to right, top to bottom) as the side is seen when the
sheet is turned over like a book page, for left binding; mirroring for right
binding and turning for the printer's duplex edge happen later, in `sheet`.
"""

from __future__ import annotations

from dataclasses import dataclass

Slot = int | None  # a source page number (1-based), or None for a blank


@dataclass(frozen=True)
class Side:
    sheet: int                 # 1-based, in the order the sheets are stacked
    face: str                  # "front" or "back"
    cells: tuple[Slot, ...]    # one slot per cell, reading order
    creep: float = 0.0         # shift of each page toward the spine, in points
    signature: int | None = None


@dataclass(frozen=True)
class Arrangement:
    cols: int
    rows: int
    folded: bool               # True: cut nowhere, folded at the spine between columns 0 and 1
    sides: tuple[Side, ...]
    signatures: tuple[int, ...] = ()

    @property
    def sheets(self) -> int:
        return len(self.sides) // 2


def pad(pages: list[int], multiple: int, last: int) -> list[Slot]:
    """`pages` padded with blanks to a multiple of `multiple`, the blanks before the last `last` pages.

    `last` counts at most all pages but the first, so page 1 stays the front cover.
    """
    blanks = -len(pages) % multiple
    keep = len(pages) - min(last, max(len(pages) - 1, 0))
    return pages[:keep] + [None] * blanks + pages[keep:]


def saddle_sides(sequence: list[Slot], first_sheet: int, caliper: float, creep_from: int = 0,
                 signature: int | None = None) -> list[Side]:
    """Nest `sequence` (a multiple of 4) as one saddle: sheet 1 outermost, printed outside first.

    Sheet s: front = [N−2s+2 | 2s−1], back = [2s | N−2s+1] (1-based page positions).
    """
    n = len(sequence)
    sides = []
    for s in range(1, n // 4 + 1):
        creep = (s - 1 + creep_from) * caliper
        number = first_sheet + s - 1
        sides.append(Side(number, "front", (sequence[n - 2 * s + 1], sequence[2 * s - 2]), creep, signature))
        sides.append(Side(number, "back", (sequence[2 * s - 1], sequence[n - 2 * s]), creep, signature))
    return sides
