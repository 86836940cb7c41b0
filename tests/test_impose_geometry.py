"""Where pages land on the sheet: sheet sizes, centring, clips at the spine, marks, creep, duplex, rotation."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from pamphleteer.errors import UserError
from pamphleteer.impose import impose
from test_impose_support import DIGEST, cells, make_source, trace

A6 = (297.64, 419.53)
BLEED = 9.0


@pytest.fixture(scope="session")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("geometry")


@pytest.fixture(scope="session")
def digest8(folder):
    return make_source(folder / "digest8.pdf", 8, fill=True)


@pytest.fixture(scope="session")
def a6_4(folder):
    return make_source(folder / "a6.pdf", 8, size=A6)


def boxes(path: Path, name: str = "/MediaBox") -> list[tuple[float, ...]]:
    return [tuple(float(v) for v in page[name]) for page in PdfReader(path).pages]


def close(a, b, tolerance=0.01) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b))


@pytest.mark.parametrize("sheet, size", [
    ("letter", (792, 612)), ("legal", (1008, 612)), ("tabloid", (1224, 792)),
    ("a5", (595.28, 419.53)), ("a4", (841.89, 595.28)), ("a3", (1190.55, 841.89)),
    ("sra3", (1275.59, 907.09)), ("210x297mm", (841.89, 595.28)), ("11x17in", (1224, 792)),
    ("1000x700pt", (1000, 700)),
])
def test_named_and_measured_sheets_turn_landscape_and_centre_the_spread(a6_4, tmp_path, sheet, size):
    output = tmp_path / "out.pdf"
    report = impose(a6_4, output, sheet=sheet, duplex="short")
    spread = (2 * A6[0], A6[1])
    x0, y0 = (size[0] - spread[0]) / 2, (size[1] - spread[1]) / 2
    for media, trim in zip(boxes(output), boxes(output, "/TrimBox")):
        assert close(media, (0, 0, *size))
        assert close(trim, (x0, y0, x0 + spread[0], y0 + spread[1]))
    assert close(report.as_dict()["sheet_size"]["pt"], size)


def test_portrait_sheet_kept_when_the_spread_fits_only_that_way(a6_4, tmp_path):
    output = tmp_path / "out.pdf"
    impose(a6_4, output, layout="nup", nup=4, sheet="a4")           # 2 × 2 A6 = 595.28 × 839.06
    assert close(boxes(output)[0], (0, 0, 595.28, 841.89))


def test_without_a_sheet_the_sheet_is_exactly_the_spread_and_unmarked(digest8, tmp_path):
    output = tmp_path / "out.pdf"
    report = impose(digest8, output)
    assert all(close(box, (0, 0, 2 * DIGEST[0], DIGEST[1])) for box in boxes(output))
    assert report.marks is False and report.warnings == []
    assert trace(PdfReader(output).pages[0]).lines == []


def test_clip_ends_at_the_spine_and_keeps_outer_bleed_when_there_is_room(digest8, tmp_path):
    output = tmp_path / "out.pdf"
    impose(digest8, output, sheet="tabloid", duplex="short")
    spine, top, bottom = 612.0, 396 + DIGEST[1] / 2, 396 - DIGEST[1] / 2
    for page in PdfReader(output).pages:
        (_, _, left), (_, _, right) = trace(page).forms
        assert close(left, (612 - 396 - BLEED, bottom - BLEED, spine, top + BLEED))
        assert close(right, (spine, bottom - BLEED, 612 + 396 + BLEED, top + BLEED))


def test_clip_is_the_trim_when_the_sheet_has_no_room(digest8, tmp_path):
    output = tmp_path / "out.pdf"
    impose(digest8, output, duplex="short")
    for page in PdfReader(output).pages:
        (_, _, left), (_, _, right) = trace(page).forms
        assert close(left, (0, 0, 396, 612)) and close(right, (396, 0, 792, 612))


def test_nup_cells_are_clipped_at_every_cut(a6_4, tmp_path):
    output = tmp_path / "out.pdf"
    impose(a6_4, output, layout="nup", nup=4, sheet="a3")
    w, h = A6
    x0, y0 = (841.89 - 2 * w) / 2, (1190.55 - 2 * h) / 2
    clips = [clip for _, _, clip in trace(PdfReader(output).pages[0]).forms]
    assert close(clips[0], (x0 - BLEED, y0 + h, x0 + w, y0 + 2 * h + BLEED))     # top left
    assert close(clips[3], (x0 + w, y0 - BLEED, x0 + 2 * w + BLEED, y0 + h))     # bottom right


def render(path: Path, page: int, dpi: int = 36) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of one page rendered by poppler."""
    result = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path)],
                            capture_output=True, check=True)
    header, rest = result.stdout.split(b"\n", 1)
    size, rest = rest.split(b"\n", 1)
    width, height = map(int, size.split())
    return width, height, rest.split(b"\n", 1)[1]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
def test_rendered_bleed_stops_at_the_spine(digest8, tmp_path):
    """Odd pages are red and even pages blue to the edge of their bleed: each half shows one colour."""
    output = tmp_path / "out.pdf"
    impose(digest8, output, sheet="tabloid", duplex="short", marks=False)
    width, height, pixels = render(output, 1, dpi=72)         # sheet 1 front: P8 (blue) | P1 (red)

    def colour(x, y):
        i = 3 * (y * width + x)
        return tuple(pixels[i:i + 3])

    y = height // 3
    assert colour(612 - 2, y)[2] > 200 and colour(612 - 2, y)[0] < 60    # blue up to the spine
    assert colour(612 + 1, y)[0] > 200 and colour(612 + 1, y)[2] < 60    # red from the spine on
    assert colour(216 - 5, y)[2] > 200                                   # outer bleed kept on the left
    assert colour(216 - 12, y) == (255, 255, 255)                        # and ends 9 pt out
    assert colour(1008 + 5, y)[0] > 200


def outside(segment, rect, gap) -> bool:
    """True when an axis-parallel segment stays at least `gap` away from `rect`."""
    (x0, y0), (x1, y1), _ = segment
    left, bottom, right, top = rect
    return (max(x0, x1) <= left - gap + 1e-6 or min(x0, x1) >= right + gap - 1e-6
            or max(y0, y1) <= bottom - gap + 1e-6 or min(y0, y1) >= top + gap - 1e-6)


@pytest.mark.parametrize("bleed", [0.0, 9.0, 18.0])
def test_marks_stay_outside_the_bleed_and_mark_every_trim_corner(folder, tmp_path, bleed):
    source = make_source(folder / f"bleed{bleed}.pdf", 4, bleed=bleed)
    output = tmp_path / "out.pdf"
    report = impose(source, output, sheet="tabloid", slug_text="Journal No. 47", duplex="short")
    assert report.marks
    trim = tuple(boxes(output, "/TrimBox")[0])
    for page in PdfReader(output).pages:
        found = trace(page)
        assert found.lines and all(outside(line, trim, bleed + 3) for line in found.lines)
        crop = [line for line in found.lines if not line[2]]
        for x in (trim[0], trim[2]):                      # vertical marks in line with each trim edge
            assert sum(abs(a[0] - x) < 0.01 and abs(b[0] - x) < 0.01 for a, b, _ in crop) == 2
        for y in (trim[1], trim[3]):
            assert sum(abs(a[1] - y) < 0.01 and abs(b[1] - y) < 0.01 for a, b, _ in crop) == 2
        folds = [line for line in found.lines if line[2]]
        assert len(folds) == 2 and all(abs(a[0] - 612) < 0.01 and abs(b[0] - 612) < 0.01 for a, b, _ in folds)
        slug = [t for t in found.texts if "Journal" in t[0]]
        assert len(slug) == 1 and slug[0][2] < trim[1] - bleed - 3


def test_slug_names_sheet_and_side(digest8, tmp_path):
    output = tmp_path / "out.pdf"
    impose(digest8, output, sheet="tabloid", slug_text="Journal No. 47", duplex="short")
    slugs = [[t[0] for t in trace(page).texts if not t[0].startswith("P")] for page in PdfReader(output).pages]
    assert slugs == [[f"Journal No. 47  \u00b7  sheet {s} {face}"] for s in (1, 2) for face in ("front", "back")]


def test_marks_left_out_with_a_warning_when_the_sheet_is_tight(digest8, tmp_path):
    output = tmp_path / "out.pdf"
    report = impose(digest8, output, sheet="letter")                  # 792 × 612: no room at all
    assert report.marks is False
    assert report.warnings == ["sheet letter, 215.9 × 279.4 mm (8.5 × 11 in), leaves 0 mm (0 in) around the spread; "
                               "printer's marks need 7.4 mm (0.292 in) and are left out"]
    with pytest.raises(UserError, match=r"marks need 7.4 mm \(0.292 in\)"):
        impose(digest8, tmp_path / "forced.pdf", sheet="letter", marks=True)
    assert not (tmp_path / "forced.pdf").exists()


def test_creep_grows_from_zero_on_the_outer_sheet_toward_the_spine(folder, tmp_path):
    source = make_source(folder / "p32.pdf", 32)
    plain, crept = tmp_path / "plain.pdf", tmp_path / "crept.pdf"
    impose(source, plain, sheet="tabloid", duplex="short")
    report = impose(source, crept, sheet="tabloid", creep="0.1mm", duplex="short")
    caliper = 0.1 * 72 / 25.4
    shifts = []
    for before, after in zip(PdfReader(plain).pages, PdfReader(crept).pages):
        (_, left0, _), (_, right0, _) = trace(before).forms
        (_, left1, clip_left), (_, right1, clip_right) = trace(after).forms
        shift = left1[4] - left0[4]
        assert abs((right0[4] - right1[4]) - shift) < 1e-6                # both pages move toward the spine
        assert abs(clip_left[2] - 612) < 0.01 and abs(clip_right[0] - 612) < 0.01   # still cut at the spine
        shifts.append(shift)
    sheets = shifts[0::2]
    assert shifts[0::2] == shifts[1::2]                                   # front and back alike
    assert all(abs(s - i * caliper) < 1e-3 for i, s in enumerate(sheets))  # 0, t, 2t, ... 7t
    assert boxes(crept) == boxes(plain)                                   # sheet size unchanged
    assert abs(report.as_dict()["creep"]["innermost_shift_pt"] - 7 * caliper) < 1e-3


def test_long_edge_duplex_turns_back_sides_and_short_edge_does_not(digest8, tmp_path):
    long_, short = tmp_path / "long.pdf", tmp_path / "short.pdf"
    impose(digest8, long_, sheet="tabloid")
    impose(digest8, short, sheet="tabloid", duplex="short")
    for index, (turned, plain) in enumerate(zip(PdfReader(long_).pages, PdfReader(short).pages)):
        back = index % 2 == 1
        assert all(upright is not back for _, _, _, upright, _ in trace(turned).texts)
        assert all(upright for _, _, _, upright, _ in trace(plain).texts)
        assert "/Rotate" not in turned and "/Rotate" not in plain
    assert cells(long_)[1] == cells(short)[1][::-1]       # read as printed, a turned side runs backwards
    assert "back sides are already turned 180°" in impose(digest8, long_, sheet="tabloid").ticket()


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_rotated_source_pages_impose_like_upright_ones(folder, tmp_path, turn):
    source = make_source(folder / f"turned{turn}.pdf", 4, rotate={1: turn, 2: turn, 3: turn, 4: turn})
    upright_source = make_source(folder / "upright4.pdf", 4)
    output, reference = tmp_path / "turned.pdf", tmp_path / "upright.pdf"
    impose(source, output, sheet="tabloid", duplex="short")
    impose(upright_source, reference, sheet="tabloid", duplex="short")
    for page, expected in zip(PdfReader(output).pages, PdfReader(reference).pages):
        found, wanted = trace(page), trace(expected)
        assert [(t, round(x, 3), round(y, 3), up) for t, x, y, up, _ in found.texts] == \
               [(t, round(x, 3), round(y, 3), up) for t, x, y, up, _ in wanted.texts]
        assert [_rounded(clip) for _, _, clip in found.forms] == [_rounded(clip) for _, _, clip in wanted.forms]


def _rounded(values):
    return tuple(round(v, 3) for v in values)


def test_scale_fits_a_small_sheet_and_says_by_how_much(digest8, tmp_path):
    output = tmp_path / "out.pdf"
    report = impose(digest8, output, sheet="a4", scale=True)
    factor = 595.28 / 612                                 # the height limits: a4 turned is 841.89 × 595.28
    assert report.scale == pytest.approx(factor)
    assert report.warnings[0] == (f"the spread 279.4 × 215.9 mm (11 × 8.5 in) is scaled to {factor:.1%} "
                                  f"(factor {factor:.4f}) to fit sheet a4, 210 × 297 mm (8.268 × 11.693 in)")
    assert close(boxes(output)[0], (0, 0, 841.89, 595.28))
    assert close(boxes(output, "/TrimBox")[0], ((841.89 - 792 * factor) / 2, 0, (841.89 + 792 * factor) / 2, 595.28))


def test_pages_without_a_trimbox_use_the_mediabox(folder, tmp_path):
    source = make_source(folder / "notrim.pdf", 4, trimbox=False, bleed=0)
    output = tmp_path / "out.pdf"
    report = impose(source, output, sheet="tabloid")
    assert report.finished == (396.0, 612.0)
    (_, _, left), _ = trace(PdfReader(output).pages[0]).forms
    assert close(left, (216, 90, 612, 702))


def test_uri_links_move_with_their_page_and_internal_links_are_dropped(folder, tmp_path):
    links = {1: [("https://example.org/a", (10, 20, 110, 40)), (None, (10, 60, 110, 80))],
             2: [("https://example.org/b", (0, 0, 50, 50))]}
    source = make_source(folder / "links.pdf", 4, links=links)
    output = tmp_path / "out.pdf"
    report = impose(source, output, sheet="tabloid")
    reader = PdfReader(output)
    front, back = reader.pages[0], reader.pages[1]
    (link,) = [a.get_object() for a in front["/Annots"]]
    assert link["/A"]["/URI"] == "https://example.org/a"
    # page 1 is the right-hand page of the front: trim starts at x = 612, y = 90
    assert close([float(v) for v in link["/Rect"]], (622, 110, 722, 130))
    (turned,) = [a.get_object() for a in back["/Annots"]]
    # page 2 is the left-hand page of the back, turned 180° about the sheet centre (612, 396)
    assert close([float(v) for v in turned["/Rect"]], (1224 - 266, 792 - 140, 1224 - 216, 792 - 90))
    assert report.as_dict()["links"] == {"kept": 2, "internal_dropped": 1, "other_annotations_dropped": 0}
    root = reader.trailer["/Root"]
    assert "/Outlines" not in root and "/Dests" not in root and "/Names" not in root


def test_pages_of_another_size_are_centred_with_a_warning(folder, tmp_path):
    big = make_source(folder / "big.pdf", 4)
    small = make_source(folder / "small.pdf", 4, size=A6)
    from pypdf import PdfWriter
    mixed = folder / "mixed.pdf"
    writer = PdfWriter()
    writer.append(big, pages=[0, 1, 2])
    writer.append(small, pages=[3])
    writer.write(mixed)
    report = impose(mixed, tmp_path / "out.pdf")
    assert report.warnings == ["pages 4 differ in trim size from page 1 (139.7 × 215.9 mm (5.5 × 8.5 in)); "
                               "they are centred in their cells"]


def _ticket_line(ticket: str, label: str) -> str:
    return next(line for line in ticket.splitlines() if line.startswith(label))[15:]


def test_the_ticket_gives_the_finished_size_after_scaling_in_mm_and_inches(digest8, tmp_path):
    ticket = impose(digest8, tmp_path / "out.pdf", sheet="a4", scale=True).ticket()
    # 5.5 × 8.5 in at 595.28 / 612 (the a4 sheet's height over the spread's)
    assert _ticket_line(ticket, "Finished size") == "135.9 × 210 mm (5.35 × 8.268 in), 8 pages"
    assert _ticket_line(ticket, "Scale") == ("pages printed at 97.3% of their designed size "
                                             "(139.7 × 215.9 mm (5.5 × 8.5 in))")
    assert " pt" not in ticket and "pt)" not in ticket


@pytest.mark.parametrize("options, cuts", [
    ({}, "none: the sheet is the spread"),                             # 11 × 8.5 in: the booklet is the finished size
    ({"creep": "0.1mm"}, "face only, to even the nested sheets (creep)"),
    ({"sheet": "tabloid"}, "trim head, foot and face after stitching"),  # marks, and paper around the spread
])
def test_the_ticket_asks_to_trim_only_when_there_is_paper_to_trim(digest8, tmp_path, options, cuts):
    assert _ticket_line(impose(digest8, tmp_path / "out.pdf", **options).ticket(), "Cutting") == cuts
