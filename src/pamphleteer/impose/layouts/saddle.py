"""Saddle stitch: every sheet folded once and nested in the next, stapled through the spine."""

from __future__ import annotations

from pamphleteer.impose.plan import Arrangement, Slot, saddle_sides

# Past this many nested sheets a stapled booklet bulges and creep gets large.
MOST_SHEETS = 25


def grid(options) -> tuple[int, int]:
    return 2, 1


def multiple(options) -> int:
    return 4


def arrange(sequence: list[Slot], options, creep_from: int = 0) -> Arrangement:
    return Arrangement(2, 1, True, tuple(saddle_sides(sequence, 1, options.caliper, creep_from)))


def finishing(arrangement: Arrangement, finished_height: float) -> dict:
    sheets = arrangement.sheets
    notes = []
    if sheets > MOST_SHEETS:
        notes.append(f"{sheets} nested sheets is thick for saddle stitching (over {MOST_SHEETS}); "
                     f"consider layout 'signatures'")
    return {
        "folds": f"fold each of the {sheets} sheets once at the spine; nest them, sheet 1 outside",
        "cuts": "trim head, foot and face after stitching",
        "binding_method": "saddle stitch",
        "staples": 3 if finished_height > 850 else 2,
        "notes": notes,
    }
