"""The one geometry vocabulary: rectangles and matrices in PDF points, for the imposer and preflight."""

from __future__ import annotations

import pytest

from pamphleteer.geometry import IDENTITY, Matrix, Rect, translation, turn, upright


@pytest.mark.parametrize("segment, expected", [
    ((-36, 612, -18, 612), False),   # WeasyPrint crop mark, 0.5 in bleed: outside a 10 pt BleedBox
    ((-9, 612, -3, 612), True),      # inside the bleed band
    ((-10, -20, -10, 700), False),   # along the BleedBox edge
    ((-20, -20, 20, 20), True),      # diagonal through the corner
])
def test_crossed_by(segment, expected):
    assert Rect(-10, -10, 406, 622).crossed_by(*segment) is expected


@pytest.mark.parametrize("inner, expected", [
    (Rect(0, 0, 396, 612), True),
    (Rect(-0.009, 0, 396.009, 612), True),    # within the tolerance of the edge
    (Rect(-0.02, 0, 396, 612), False),
])
def test_contains_allows_the_tolerance_and_no_more(inner, expected):
    assert Rect(0, 0, 396, 612).contains(inner) is expected


def test_overlaps_needs_shared_area_not_a_shared_edge():
    page = Rect(0, 0, 396, 612)
    assert not page.overlaps(Rect(396, 0, 420, 612))
    assert page.overlaps(Rect(395, 0, 420, 612))


def test_of_normalises_and_margins_measure_each_side():
    bleed, trim = Rect.of([423, 639, 9, 9]), Rect(18, 18, 414, 630)
    assert bleed == Rect(9, 9, 423, 639)
    assert bleed.margins_to(trim) == (9, 9, 9, 9)
    assert bleed.label() == "[9 9 423 639]"


def test_then_applies_the_first_matrix_first():
    scale_then_move = Matrix(2, 0, 0, 2, 0, 0).then(translation(10, 0))
    assert scale_then_move.apply(1, 1) == (12, 2)
    assert translation(10, 0).then(Matrix(2, 0, 0, 2, 0, 0)).apply(1, 1) == (22, 2)


def test_upright_turns_a_rotated_page_onto_its_corner():
    matrix = upright(Rect(0, 0, 612, 396), 90, 100, 50)
    assert matrix.apply_rect(Rect(0, 0, 612, 396)) == Rect(100, 50, 496, 662)
    assert turn(360) == IDENTITY


def test_of_refuses_a_matrix_that_is_not_six_numbers():
    assert Matrix.of([2, 0, 0, 2, 5, 6]) == Matrix(2, 0, 0, 2, 5, 6)
    with pytest.raises(ValueError):
        Matrix.of([1, 0, 0, 1, 0])
