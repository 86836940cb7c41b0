"""Page order of the imposition layouts: read back as a printer would fold, cut and stack.

The order is checked two ways: the arrangement for every page count 1-64 is
folded (or cut and stacked) in the test and must read 1..N with the blanks
before the last `last` pages; and for a sample of page counts the booklet PDF
itself is read back cell by cell.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from pamphleteer.impose import impose, plan_pages
from pamphleteer.impose.layouts import LAYOUTS
from pamphleteer.impose.options import ImposeOptions, check
from test_impose_support import cells, make_source, trace

SAMPLE_COUNTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17, 30, 31, 32, 33, 63, 64)


@pytest.fixture(scope="session")
def sources(tmp_path_factory):
    """A source of n pages for every n from 1 to 64 (about 50 ms in all)."""
    folder = tmp_path_factory.mktemp("sources")
    return {n: make_source(folder / f"p{n}.pdf", n) for n in range(1, 65)}


def expected_sequence(n: int, last: int) -> list[int | None]:
    """Pages in reading order after binding: 1..N with blanks before the last `last` (page 1 stays first)."""
    total = n + (-n % 4)
    keep = min(last, n - 1)
    return list(range(1, n - keep + 1)) + [None] * (total - n) + list(range(n - keep + 1, n + 1))


def folded(sides) -> list:
    """Fold each sheet at the spine, nest sheet 1 outside: the pages in the order a reader turns them.

    Front [left | right], back [left | right] as seen when turning the sheet like a book page.
    """
    sheets = [(sides[i].cells, sides[i + 1].cells) for i in range(0, len(sides), 2)]
    first_half = [page for front, back in sheets for page in (front[1], back[0])]
    second_half = [page for front, back in reversed(sheets) for page in (back[1], front[0])]
    return first_half + second_half


def arrangement(n: int, **options):
    checked = check(ImposeOptions(**options))
    return plan_pages(n, LAYOUTS[checked.layout], checked)


@pytest.mark.parametrize("last", [0, 1, 2])
def test_saddle_folds_into_reading_order_for_every_count(last):
    for n in range(1, 65):
        plan = arrangement(n, last=last)
        assert folded(plan.interior.sides) == expected_sequence(n, last), n
        assert plan.sequence == expected_sequence(n, last)
        assert plan.interior.sheets == (n + 3) // 4


@pytest.mark.parametrize("last", [0, 1, 2])
def test_saddle_sheets_follow_the_nesting_formula(last):
    """Sheet s: front = [N−2s+2 | 2s−1], back = [2s | N−2s+1] (positions in the padded sequence)."""
    for n in range(1, 65):
        sequence = expected_sequence(n, last)
        total = len(sequence)
        sides = arrangement(n, last=last).interior.sides
        for s in range(1, total // 4 + 1):
            front, back = sides[2 * s - 2], sides[2 * s - 1]
            assert (front.sheet, front.face, back.face) == (s, "front", "back")
            assert front.cells == (sequence[total - 2 * s + 1], sequence[2 * s - 2])
            assert back.cells == (sequence[2 * s - 1], sequence[total - 2 * s])


def test_sixteen_pages_match_the_reference_table():
    sides = [side.cells for side in arrangement(16).interior.sides]
    assert sides == [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)]


@pytest.mark.parametrize("n", SAMPLE_COUNTS)
@pytest.mark.parametrize("last", [0, 1, 2])
def test_saddle_pdf_places_every_page_once_in_order(sources, tmp_path, n, last):
    output = tmp_path / "booklet.pdf"
    report = impose(sources[n], output, last=last, duplex="short")
    found = cells(output)
    expected = [[_label(p) for p in pair] for pair in nested_sides(expected_sequence(n, last))]
    assert found == expected
    placed = sorted(int(label[1:]) for side in found for label in side if label)
    assert placed == list(range(1, n + 1))
    facts = report.as_dict()
    blanks = [i + 1 for i, page in enumerate(expected_sequence(n, last)) if page is None]
    assert (facts["blank_positions"], facts["blanks_added"]) == (blanks, len(blanks))
    assert facts["sides"] == len(found) == 2 * ((n + 3) // 4)


def nested_sides(sequence: list) -> list[tuple]:
    """The sides of a saddle from the printer's formula, not from the code under test.

    Sheet s of a booklet of N pages: front = [N−2s+2 | 2s−1], back = [2s | N−2s+1].
    """
    total, sides = len(sequence), []
    for s in range(1, total // 4 + 1):
        sides.append((sequence[total - 2 * s + 1], sequence[2 * s - 2]))
        sides.append((sequence[2 * s - 1], sequence[total - 2 * s]))
    return sides


def test_nested_sides_gives_the_reference_table():
    assert nested_sides(list(range(1, 17))) == [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7),
                                                (8, 9)]


def _label(page):
    return None if page is None else f"P{page}"


def signature_read(sides, sizes) -> list:
    """Fold and nest each signature on its own, then gather the signatures in order."""
    pages, at = [], 0
    for size in sizes:
        sheets = size // 4
        pages += folded(sides[at:at + 2 * sheets])
        at += 2 * sheets
    return pages


@pytest.mark.parametrize("signature", [8, 12, 16])
def test_signatures_gather_into_reading_order(signature):
    for n in range(16, 65):
        plan = arrangement(n, layout="signatures", signature=signature, last=1)
        sizes = plan.interior.signatures
        assert all(size == signature for size in sizes[:-1]) and 0 < sizes[-1] <= signature
        assert sizes[-1] % 4 == 0 and sum(sizes) == n + (-n % 4)
        assert signature_read(plan.interior.sides, sizes) == expected_sequence(n, 1), n


def test_signatures_number_sheets_across_signatures():
    sides = arrangement(40, layout="signatures", signature=16).interior.sides
    assert [(side.sheet, side.face, side.signature) for side in sides] == [
        (sheet, face, 1 if sheet <= 4 else 2 if sheet <= 8 else 3)
        for sheet in range(1, 11) for face in ("front", "back")]


def test_signatures_pdf_numbers_sheets_across_signatures(sources, tmp_path):
    output = tmp_path / "sig.pdf"
    report = impose(sources[40], output, layout="signatures", signature=16, duplex="short", sheet="tabloid")
    found = cells(output)
    slugs = [[text for text, *_ in trace(page).texts if not text.startswith("P")] for page in PdfReader(output).pages]
    assert slugs == [[f"sheet {sheet} {face}"] for sheet in range(1, 11) for face in ("front", "back")]
    assert report.as_dict()["signatures"] == [16, 16, 8]
    assert report.as_dict()["sheets"] == 10
    assert found[:2] == [["P16", "P1"], ["P2", "P15"]]            # signature 1, sheet 1
    assert found[8:10] == [["P32", "P17"], ["P18", "P31"]]        # signature 2 starts on sheet 5
    assert found[16:] == [["P40", "P33"], ["P34", "P39"], ["P38", "P35"], ["P36", "P37"]]


def cut_and_stack(sides, cols: int, rows: int) -> list:
    """Cut every sheet into cells, pile each cell, then put the piles on each other in cell order.

    The back of front cell (row, col) is back cell (row, cols − 1 − col) (the sheet turned like a page).
    """
    piles = []
    for k in range(cols * rows):
        row, col = divmod(k, cols)
        behind = row * cols + cols - 1 - col
        pile = []
        for front, back in zip(sides[0::2], sides[1::2]):
            pile += [front.cells[k], back.cells[behind]]
        piles.append(pile)
    return [page for pile in piles for page in pile]


@pytest.mark.parametrize("nup, grid", [(2, (2, 1)), (4, (2, 2)), (8, (4, 2))])
def test_nup_stack_reads_in_order_after_cutting(nup, grid):
    for n in range(1, 65):
        plan = arrangement(n, layout="nup", nup=nup, last=0)
        total = n + (-n % (2 * nup))
        assert cut_and_stack(plan.interior.sides, *grid) == list(range(1, n + 1)) + [None] * (total - n), n


def test_nup_pdf_cells_hold_pile_pages(sources, tmp_path):
    output = tmp_path / "nup.pdf"
    # four digest pages make a portrait sheet: flipping it on the long edge turns it like a book page,
    # so the back sides are not turned
    report = impose(sources[16], output, layout="nup", nup=4, last=0, duplex="long")
    assert report.as_dict()["duplex"] == {"flip_edge": "long", "back_sides_turned_180": False}
    found = cells(output, 2, 2)
    # 16 pages, 4 cells a side, 2 sheets: pile k holds pages 4k+1 .. 4k+4
    assert found == [["P1", "P5", "P9", "P13"], ["P6", "P2", "P14", "P10"],
                     ["P3", "P7", "P11", "P15"], ["P8", "P4", "P16", "P12"]]


def test_right_binding_mirrors_every_spread(sources, tmp_path):
    left, right = tmp_path / "left.pdf", tmp_path / "right.pdf"
    impose(sources[16], left, duplex="short")
    impose(sources[16], right, duplex="short", binding="right")
    assert cells(right) == [side[::-1] for side in cells(left)]
    assert cells(right)[0] == ["P1", "P16"]


def test_cover_apart_takes_pages_1_2_and_the_last_two(sources, tmp_path):
    output, cover = tmp_path / "inside.pdf", tmp_path / "cover.pdf"
    report = impose(sources[30], output, cover_apart=cover, duplex="short")
    assert cells(cover) == [["P30", "P1"], ["P2", "P29"]]
    inside = cells(output)
    placed = sorted(int(label[1:]) for side in inside for label in side if label)
    assert placed == list(range(3, 29))
    assert inside[0] == [None, "P3"]                     # 26 interior pages + 2 blanks at their end
    facts = report.as_dict()
    assert facts["cover"] == {"file": "cover.pdf", "pages": [1, 2, 29, 30], "sheets": 1, "sides": 2}
    assert facts["blank_positions"] == [29, 30] and facts["pages"] == 32
