"""Cut and stack: n pages a side, the stack cut into n piles, the piles stacked in cell order.

Every sheet is printed on both sides. With S sheets, the pile of cell k holds
pages 2kS + 1 … 2(k+1)S: sheet i carries page 2kS + 2i − 1 on the front of
cell k and page 2kS + 2i on its back. Cut the stack, put pile 0 on pile 1 on
pile 2 …, and the pages read 1 … N. Nothing is folded, so there is no creep.

Duplex: the back of the cell at (row, col) is the cell at (row, cols − 1 − col)
as the back is seen when the sheet is turned like a book page; `frame` turns
the back 180° when the printer's flip edge asks for it. Right binding mirrors
the columns, so the piles are taken right to left.
"""

from __future__ import annotations

from pamphleteer.impose.plan import Arrangement, Side, Slot

GRIDS = {2: (2, 1), 4: (2, 2), 8: (4, 2)}


def grid(options) -> tuple[int, int]:
    return GRIDS[options.nup]


def multiple(options) -> int:
    return 2 * options.nup


def arrange(sequence: list[Slot], options, creep_from: int = 0) -> Arrangement:
    cols, rows = grid(options)
    cells = cols * rows
    sheets = len(sequence) // (2 * cells)
    sides = []
    for i in range(sheets):
        front = [sequence[2 * k * sheets + 2 * i] for k in range(cells)]
        back = [None] * cells
        for k in range(cells):
            row, col = divmod(k, cols)
            back[row * cols + cols - 1 - col] = sequence[2 * k * sheets + 2 * i + 1]
        sides += [Side(i + 1, "front", tuple(front)), Side(i + 1, "back", tuple(back))]
    return Arrangement(cols, rows, False, tuple(sides))


def finishing(arrangement: Arrangement, finished_height: float) -> dict:
    cells = arrangement.cols * arrangement.rows
    return {
        "folds": "none",
        "cuts": (f"cut the stack of {arrangement.sheets} sheets into {cells} piles along the crop marks; "
                 f"stack the piles in reading order of the cells, first on top"),
        "binding_method": "cut and stack (bind the stack as wanted: stapled, glued, loose)",
        "staples": 0,
        "notes": [],
    }
