"""The layouts' plans and finishing notes, value by value: sheet numbers, creep, folds, staples, padding.

Expected values are written out from the printer's rules (REFERENCE.md's
saddle-stitch order and creep), not read from the code under test;
scripts/mutate.py checks that a change of any operator or constant in
impose/plan.py or impose/layouts/ makes one of these fail.
"""

from __future__ import annotations

import dataclasses

import pytest

from pamphleteer.impose import plan_pages
from pamphleteer.impose.layouts import LAYOUTS, nup, saddle, signatures
from pamphleteer.impose.options import ImposeOptions, check
from pamphleteer.impose.plan import Arrangement, Side, pad, saddle_sides

MM = 72 / 25.4  # points in a millimetre


def plan(n: int, **options):
    checked = check(ImposeOptions(**options))
    return plan_pages(n, LAYOUTS[checked.layout], checked)


def test_the_registry_names_each_layout():
    assert LAYOUTS == {"saddle": saddle, "signatures": signatures, "nup": nup}


@pytest.mark.parametrize("pages, multiple, last, expected", [
    ([1, 2, 3, 4, 5], 4, 1, [1, 2, 3, 4, None, None, None, 5]),
    ([1, 2, 3, 4, 5], 4, 0, [1, 2, 3, 4, 5, None, None, None]),
    ([1, 2, 3, 4, 5], 4, 2, [1, 2, 3, None, None, None, 4, 5]),
    ([1, 2, 3], 4, 9, [1, None, 2, 3]),            # `last` never takes page 1 off the front
    ([1], 4, 1, [1, None, None, None]),
    ([1, 2, 3, 4], 4, 1, [1, 2, 3, 4]),
    ([1, 2, 3, 4, 5, 6], 8, 1, [1, 2, 3, 4, 5, None, None, 6]),
    ([], 4, 1, []),
])
def test_pad_puts_the_blanks_before_the_last_pages(pages, multiple, last, expected):
    assert pad(pages, multiple, last) == expected


def test_saddle_sides_number_sheets_from_the_first_and_creep_by_the_caliper():
    sides = saddle_sides(list(range(1, 9)), 5, 2.0, signature=3)
    assert [(s.sheet, s.face, s.cells, s.creep, s.signature) for s in sides] == [
        (5, "front", (8, 1), 0.0, 3), (5, "back", (2, 7), 0.0, 3),
        (6, "front", (6, 3), 2.0, 3), (6, "back", (4, 5), 2.0, 3)]


def test_saddle_sides_creep_can_start_one_sheet_in():
    """With the cover on a sheet of its own, the interior's outer sheet already sits one sheet in."""
    sides = saddle_sides(list(range(1, 9)), 1, 2.0, 1)
    assert [s.creep for s in sides] == [2.0, 2.0, 4.0, 4.0]
    assert [s.signature for s in sides] == [None] * 4


def test_sides_and_arrangements_are_values():
    side = Side(1, "front", (2, 1))
    assert (side.creep, side.signature) == (0.0, None)
    arrangement = Arrangement(2, 1, True, (side, side))
    assert {side, Side(1, "front", (2, 1))} == {side} and hash(arrangement) == hash(Arrangement(2, 1, True,
                                                                                                 (side, side)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        side.creep = 1.0  # type: ignore[misc]
    assert (arrangement.sheets, arrangement.signatures) == (1, ())


@pytest.mark.parametrize("layout, options, grid, multiple, folded", [
    ("saddle", {}, (2, 1), 4, True),
    ("signatures", {"signature": 8}, (2, 1), 4, True),
    ("nup", {"nup": 2}, (2, 1), 4, False),
    ("nup", {"nup": 4}, (2, 2), 8, False),
    ("nup", {"nup": 8}, (4, 2), 16, False),
])
def test_grid_padding_and_folding_of_each_layout(layout, options, grid, multiple, folded):
    checked = check(ImposeOptions(layout=layout, **options))
    module = LAYOUTS[layout]
    assert (module.grid(checked), module.multiple(checked)) == (grid, multiple)
    interior = plan(16, layout=layout, **options).interior
    assert (interior.cols, interior.rows, interior.folded) == (*grid, folded)


def test_saddle_creep_grows_one_caliper_per_nested_sheet():
    sides = plan(16, creep="0.1mm").interior.sides
    assert [s.creep for s in sides] == pytest.approx([0, 0, 0.1 * MM, 0.1 * MM, 0.2 * MM, 0.2 * MM,
                                                      0.3 * MM, 0.3 * MM])


def test_saddle_creep_with_the_cover_apart_starts_one_sheet_in(tmp_path):
    result = plan(12, creep="1mm", cover_apart=tmp_path / "cover.pdf")
    assert [s.creep for s in result.interior.sides] == pytest.approx([MM, MM, 2 * MM, 2 * MM])
    assert [s.cells for s in result.cover.sides] == [(12, 1), (2, 11)]
    assert result.sequence == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]


def test_signatures_restart_creep_and_number_sheets_and_signatures_across_the_stack():
    sides = plan(40, layout="signatures", signature=16, creep="1mm").interior.sides
    in_signature = [0, 0, 1, 1, 2, 2, 3, 3]
    assert [s.creep for s in sides] == pytest.approx([k * MM for k in in_signature * 2 + in_signature[:4]])
    assert [s.sheet for s in sides] == [k for k in range(1, 11) for _ in "fb"]
    assert [s.face for s in sides] == ["front", "back"] * 10
    assert [s.signature for s in sides] == [1] * 8 + [2] * 8 + [3] * 4


def test_signatures_with_the_cover_apart_do_not_creep_one_sheet_in(tmp_path):
    sides = plan(20, layout="signatures", signature=8, creep="1mm", cover_apart=tmp_path / "c.pdf").interior.sides
    assert [s.creep for s in sides] == pytest.approx([0, 0, MM, MM] * 2)


def test_nup_numbers_its_sheets_and_never_creeps():
    interior = plan(16, layout="nup", nup=4, last=0, creep="1mm").interior
    assert [(s.sheet, s.face, s.creep, s.signature) for s in interior.sides] == [
        (1, "front", 0.0, None), (1, "back", 0.0, None), (2, "front", 0.0, None), (2, "back", 0.0, None)]
    assert (interior.sheets, interior.signatures) == (2, ())


def test_nup_two_up_back_cells_mirror_the_front():
    """Two up, one sheet: pile 0 holds pages 1, 2; pile 1 holds 3, 4; the back of cell 0 is cell 1."""
    sides = plan(4, layout="nup", nup=2, last=0).interior.sides
    assert [s.cells for s in sides] == [(1, 3), (4, 2)]


@pytest.mark.parametrize("sheets, height, staples, notes", [
    (7, 612.0, 2, []),
    (25, 850.0, 2, []),
    (25, 850.5, 3, []),
    (26, 612.0, 2, ["26 nested sheets is thick for saddle stitching (over 25); consider layout 'signatures'"]),
])
def test_saddle_finishing_staples_and_thickness(sheets, height, staples, notes):
    arrangement = Arrangement(2, 1, True, tuple(Side(1, face, (None, None)) for face in ["front", "back"] * sheets))
    assert saddle.finishing(arrangement, height) == {
        "folds": f"fold each of the {sheets} sheets once at the spine; nest them, sheet 1 outside",
        "cuts": "trim head, foot and face after stitching",
        "binding_method": "saddle stitch",
        "staples": staples,
        "notes": notes,
    }


def test_signatures_finishing_names_each_signature():
    interior = plan(40, layout="signatures", signature=16).interior
    assert signatures.finishing(interior, 612.0) == {
        "folds": ("fold each sheet once at the spine; nest the sheets of each signature, sheet-number order; "
                  "gather the 3 signatures in order"),
        "cuts": "trim head, foot and face after binding",
        "binding_method": "sewn or perfect bound signatures (16 + 16 + 8 pages)",
        "staples": 0,
        "notes": [],
    }


def test_nup_finishing_is_cut_and_stack():
    interior = plan(32, layout="nup", nup=4, last=0).interior
    assert nup.finishing(interior, 612.0) == {
        "folds": "none",
        "cuts": ("cut the stack of 4 sheets into 4 piles along the crop marks; "
                 "stack the piles in reading order of the cells, first on top"),
        "binding_method": "cut and stack (bind the stack as wanted: stapled, glued, loose)",
        "staples": 0,
        "notes": [],
    }
