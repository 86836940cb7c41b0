"""Fit the spread (the cells of one side) on the press sheet: orientation, scale, room for marks.

The sheet is turned whichever way leaves the most room around the spread
(so a two-page spread goes landscape on tabloid or A3), and is scaled only
when asked. Back sides are designed as seen when the sheet is turned over
like a book page, about its vertical axis. A printer flipping on the long
edge of a landscape sheet turns it about the horizontal axis instead, so
those backs are drawn turned 180° (in the content, not with /Rotate); on a
portrait sheet (four digest pages 2 × 2) it is the short edge that needs the
turn. Flipping on the short edge of a landscape sheet needs none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pamphleteer.errors import UserError
from pamphleteer.geometry import TOLERANCE, Matrix, Rect, scaling, translation
from pamphleteer.papers import length_text, size_text

# Marks start MARK_GAP beyond the widest bleed and need MARK_ROOM beyond that
# (a 6 pt slug line under the crop marks).
MARK_GAP = 3.0
MARK_ROOM = 9.0


@dataclass(frozen=True)
class Frame:
    cell: tuple[float, float]       # finished page width and height
    cols: int
    rows: int
    folded: bool                    # a fold between column 0 and 1, no cut there
    sheet: tuple[float, float]
    scale: float
    margin: tuple[float, float]     # room beside and above/below the spread, in spread units
    bleed: float                    # widest bleed of any source page
    marks: bool
    turn_backs: bool                # back sides turned 180° for the printer's flip edge
    mirror: bool                    # right-to-left binding: columns mirrored
    warnings: tuple[str, ...] = field(default=())

    @property
    def spread(self) -> Rect:
        return Rect(0, 0, self.cols * self.cell[0], self.rows * self.cell[1])

    @property
    def landscape(self) -> bool:
        return self.sheet[0] >= self.sheet[1]

    def placement(self, face: str) -> Matrix:
        """Spread coordinates to sheet coordinates for a front or back side."""
        spread = self.spread
        dx = (self.sheet[0] - self.scale * spread.width) / 2
        dy = (self.sheet[1] - self.scale * spread.height) / 2
        matrix = scaling(self.scale).then(translation(dx, dy))
        if face == "back" and self.turn_backs:
            matrix = matrix.then(Matrix(-1, 0, 0, -1, *self.sheet))
        return matrix


def fit(cell: tuple[float, float], cols: int, rows: int, folded: bool, bleed: float, options) -> Frame:
    """The frame for `cols` × `rows` cells of `cell` size on the sheet `options` asks for."""
    spread = (cols * cell[0], rows * cell[1])
    warnings: list[str] = []
    if options.sheet_size is None:
        sheet, scale = spread, 1.0
    else:
        sheet, scale = _orient(spread, options, warnings)
    margin = tuple((sheet[i] / scale - spread[i]) / 2 for i in (0, 1))
    marks = _marks(margin, bleed, sheet, options, warnings)
    turn_backs = (options.duplex == "long") == (sheet[0] >= sheet[1])
    return Frame(cell, cols, rows, folded, sheet, scale, margin, bleed, marks, turn_backs,
                 options.binding == "right", tuple(warnings))


def _orient(spread, options, warnings) -> tuple[tuple[float, float], float]:
    """The sheet turned the way that leaves most room around the spread; scaled only if allowed."""
    width, height = options.sheet_size
    turns = [(width, height), (height, width)]
    fitting = [t for t in turns if spread[0] <= t[0] + TOLERANCE and spread[1] <= t[1] + TOLERANCE]
    if fitting:
        return max(fitting, key=lambda t: min(t[0] - spread[0], t[1] - spread[1])), 1.0
    best = max(turns, key=lambda t: min(t[0] / spread[0], t[1] / spread[1]))
    factor = min(best[0] / spread[0], best[1] / spread[1])
    if not options.scale:
        raise UserError(f"impose: sheet {_name(options)}, is too small for the spread "
                        f"{_size(spread)} (turned either way); choose a larger sheet or allow scaling (--scale)")
    warnings.append(f"the spread {_size(spread)} is scaled to {factor:.1%} (factor {factor:.4f}) "
                    f"to fit sheet {_name(options)}")
    return best, factor


def _marks(margin, bleed, sheet, options, warnings) -> bool:
    need = bleed + MARK_GAP + MARK_ROOM
    room = min(margin) >= need - TOLERANCE
    if options.marks is True and not room:
        raise UserError(f"impose: printer's marks need {length_text(need)} around the spread; sheet "
                        f"{_size(sheet)} leaves {length_text(max(min(margin), 0))} (choose a larger sheet)")
    if options.marks is None and options.sheet_size is not None and not room:
        warnings.append(f"sheet {_name(options)}, leaves {length_text(max(min(margin), 0))} around the spread; "
                        f"printer's marks need {length_text(need)} and are left out")
    return room and options.marks is not False


def _name(options) -> str:
    size = _size(options.sheet_size)
    return f"{options.sheet_name}, {size}" if options.sheet_name else size


def _size(size) -> str:
    return size_text(size)
