"""Proofs: facing spreads in reading order, PNGs made by poppler."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from pamphleteer.proof import BAR_COLOURS, OUTLINE, contact_sheet, make_proofs, mark, spreads


@pytest.mark.parametrize("count, expected", [
    (1, [(None, 1)]),
    (2, [(None, 1), (2, None)]),
    (4, [(None, 1), (2, 3), (4, None)]),
    (5, [(None, 1), (2, 3), (4, 5)]),
])
def test_spreads_put_odd_pages_on_the_right(count, expected):
    assert spreads(count) == expected


def test_every_page_is_in_exactly_one_spread():
    for count in range(1, 41):
        numbers = [n for pair in spreads(count) for n in pair if n is not None]
        assert numbers == list(range(1, count + 1))


def test_contact_sheet_places_pages_side_by_side(tmp_path):
    pages = []
    for number, colour in enumerate([(255, 0, 0), (0, 255, 0), (0, 0, 255)], 1):
        path = tmp_path / f"page-{number}.png"
        Image.new("RGB", (40, 60), colour).save(path)
        pages.append(path)
    sheet = Image.open(contact_sheet(pages, tmp_path / "sheet.png"))
    # spread 1: blank left, page 1 right; spread 2: page 2 left, page 3 right
    assert sheet.getpixel((24 + 40 + 5, 24 + 5)) == (255, 0, 0)
    assert sheet.getpixel((24 + 5, 24 + 5)) == (150, 150, 150)
    x2 = 24 + (2 * 40 + 12) + 6
    assert sheet.getpixel((x2 + 5, 24 + 5)) == (0, 255, 0)
    assert sheet.getpixel((x2 + 40 + 5, 24 + 5)) == (0, 0, 255)


needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed (make setup)")
BANDS = [(220, 30, 30), (30, 160, 40), (30, 60, 220), (230, 180, 0), (150, 40, 200)]  # page N's band: BANDS[N-1]
GREY = (200, 200, 200)  # the pages' background, into the bleed


def print_pdf(path, bands, *, size=(200, 300), bleed=18):
    """A print edition in miniature: pages `size` pt with `bleed` pt of bleed and crop marks beyond it, each page
    grey with a band of its colour across its top 60 pt."""
    import weasyprint
    pages = "".join(f"<div style='background: rgb{colour}; height: 60pt; break-after: page'></div>"
                    for colour in bands)
    style = (f"@page {{ size: {size[0]}pt {size[1]}pt; margin: 0; bleed: {bleed}pt; marks: crop; "
             f"background: rgb{GREY} }} body {{ margin: 0 }}")
    weasyprint.HTML(string=f"<style>{style}</style>{pages}").write_pdf(path)
    return path


@needs_poppler
def test_proof_pages_are_the_print_pages_trimmed(tmp_path):
    pdf = print_pdf(tmp_path / "print.pdf", BANDS[:3])
    made = make_proofs(pdf, None, tmp_path / "proof", dpi=36)
    names = sorted(p.name for p in (tmp_path / "proof").iterdir() if not p.name.startswith("."))
    assert made["pages"] == 3 and made["outlined"] == []
    assert names == ["contact-sheet.png", "page-01.png", "page-02.png", "page-03.png", "proof.pdf"]
    for number, colour in enumerate(BANDS[:3], 1):
        page = Image.open(tmp_path / "proof" / f"page-{number:02d}.png").convert("RGB")
        assert page.size == (100, 150)  # 200 × 300 pt at 36 ppi: the trim, without the bleed and marks
        # the band reaches the trimmed page's top corners; the grey reaches its bottom ones (no white margin)
        assert page.getpixel((0, 0)) == page.getpixel((99, 25)) == colour
        assert page.getpixel((0, 149)) == page.getpixel((99, 149)) == GREY


def band_at(sheet, x, y):
    """The band colour of the page whose top left corner is at x, y on the contact sheet."""
    return sheet.getpixel((x + 50, y + 10))


@needs_poppler
@pytest.mark.parametrize("count", [4, 5])
def test_contact_sheet_shows_the_spreads_as_they_face(tmp_path, count):
    pdf = print_pdf(tmp_path / "print.pdf", BANDS[:count])
    make_proofs(pdf, None, tmp_path / "proof", dpi=36)
    sheet = Image.open(tmp_path / "proof" / "contact-sheet.png").convert("RGB")
    width, spread = 100, 2 * 100 + 12 + 6  # a page 100 px wide; a spread and the gap to the next
    y = 24
    # spread 1: nothing on the left, page 1 on the right
    assert sheet.getpixel((24 + 50, y + 10)) == (150, 150, 150)
    assert band_at(sheet, 24 + width, y) == BANDS[0]
    # spread 2: pages 2 and 3 touch at the spine; spread 3: page 4 on the left, page 5 on the right if any
    assert band_at(sheet, 24 + spread, y) == BANDS[1]
    assert band_at(sheet, 24 + spread + width, y) == BANDS[2]
    assert sheet.getpixel((24 + spread + width - 1, y + 10)) == BANDS[1]
    assert sheet.getpixel((24 + spread + width, y + 10)) == BANDS[2]
    assert band_at(sheet, 24 + 2 * spread, y) == BANDS[3]
    right = band_at(sheet, 24 + 2 * spread + width, y)
    assert right == (BANDS[4] if count == 5 else (150, 150, 150))  # the last page, even, stands alone


@needs_poppler
def test_a_changed_page_is_outlined_and_only_it_is_written_again(tmp_path):
    import os
    folder = tmp_path / "proof"
    make_proofs(print_pdf(tmp_path / "one.pdf", BANDS[:3]), None, folder, dpi=36)
    first = Image.open(folder / "contact-sheet.png").convert("RGB")
    for path in folder.glob("*.png"):
        os.utime(path, ns=(10**18, 10**18))  # 2001: any file written again shows it
    # page 2's band turns yellow; pages 1 and 3 are drawn as before
    made = make_proofs(print_pdf(tmp_path / "two.pdf", [BANDS[0], BANDS[3], BANDS[2]]), None, folder, dpi=36)
    assert made["outlined"] == [2] and made["written"] == 1
    times = {p.name: p.stat().st_mtime_ns for p in folder.glob("page-*.png")}
    assert times == {"page-01.png": 10**18, "page-02.png": times["page-02.png"], "page-03.png": 10**18}
    assert times["page-02.png"] != 10**18
    sheet = Image.open(folder / "contact-sheet.png").convert("RGB")
    spread, y = 24 + 2 * 100 + 12 + 6, 24
    assert sheet.getpixel((spread + 1, y + 75)) == OUTLINE          # page 2's outer edge
    assert sheet.getpixel((spread + 99, y + 75)) == OUTLINE         # and its edge at the spine
    assert sheet.getpixel((spread + 100, y + 75)) == GREY           # page 3 is not outlined
    assert sheet.getpixel((24 + 100 + 1, y + 75)) == GREY           # nor page 1
    assert first.getpixel((spread + 1, y + 75)) == GREY             # nothing was outlined on the first proof
    # a third proof of the same pages outlines nothing and writes no page; a fourth writes nothing at all
    for path in folder.glob("*.png"):
        os.utime(path, ns=(10**18, 10**18))
    again = make_proofs(tmp_path / "two.pdf", None, folder, dpi=36)
    assert again["outlined"] == [] and again["written"] == 0
    assert {p.stat().st_mtime_ns for p in folder.glob("page-*.png")} == {10**18}
    assert Image.open(folder / "contact-sheet.png").convert("RGB").getpixel((spread + 1, y + 75)) == GREY
    for path in (folder / "contact-sheet.png", folder / "proof.pdf"):
        os.utime(path, ns=(10**18, 10**18))
    make_proofs(tmp_path / "two.pdf", None, folder, dpi=36)
    assert {p.stat().st_mtime_ns for p in [*folder.glob("*.png"), folder / "proof.pdf"]} == {10**18}


@needs_poppler
def test_make_proof_proofs_the_print_edition_and_its_booklet(small_issue, capsys):
    from pamphleteer.cli import main
    assert main(["proof", "9", "--dpi", "30"]) == 0
    said = capsys.readouterr().out
    folder = small_issue.parent.parent / "output" / "9" / "proof"
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    # the print edition: 8 pages (padded to a multiple of 4), trimmed to 5.5 × 8.5 in; 2 sheets, 4 sides
    assert names == ["contact-sheet.png", "lantern-9-proof.pdf", *[f"page-0{n}.png" for n in range(1, 9)],
                     *[f"sheet-0{n}.png" for n in range(1, 5)]]
    assert Image.open(folder / "page-08.png").size == (165, 255)
    assert Image.open(folder / "sheet-01.png").size == (330, 255)
    assert "the print edition's 8 pages, trimmed" in said
    assert "the booklet's 4 sheet sides, as printed (backs turned upright)" in said
    assert "lantern-9-proof.pdf  the spreads to send to co-editors (" in said


def saddle_booklet(tmp_path, duplex):
    """Four pages on one sheet, imposed as the build imposes the demo (saddle, no press sheet named)."""
    from pamphleteer.impose import impose
    source = print_pdf(tmp_path / f"print-{duplex}.pdf", BANDS[:4])
    booklet = tmp_path / f"booklet-{duplex}.pdf"
    return source, booklet, impose(source, booklet, layout="saddle", duplex=duplex)


@needs_poppler
@pytest.mark.parametrize("duplex, turned", [("long", True), ("short", False)])
def test_back_sides_printed_head_to_tail_are_turned_upright_in_the_proof_only(tmp_path, duplex, turned):
    from pamphleteer.raster import rasterise
    source, booklet, report = saddle_booklet(tmp_path, duplex)
    # our imposition: a sheet the size of the spread (400 × 300 pt, landscape); flipped on its long edge, the
    # back side [2 | 3] is drawn head-to-tail in the press file, and left as it is for a short-edge flip
    assert report.back_sides_turned is turned and report.as_dict()["duplex"]["back_sides_turned_180"] is turned
    back = Image.open(rasterise(booklet, tmp_path / "raw", "side", 36)[1]).convert("RGB")
    assert back.size == (200, 150)
    if turned:  # page 3 upside down on the left: its band at the bottom
        assert back.getpixel((50, 140)) == BANDS[2] and back.getpixel((150, 140)) == BANDS[1]
    else:
        assert back.getpixel((50, 10)) == BANDS[1] and back.getpixel((150, 10)) == BANDS[2]
    press = booklet.read_bytes()
    make_proofs(source, booklet, tmp_path / "proof", dpi=36, backs_turned=report.back_sides_turned)
    assert booklet.read_bytes() == press  # the press file stays as it is
    front = Image.open(tmp_path / "proof" / "sheet-01.png").convert("RGB")
    side = Image.open(tmp_path / "proof" / "sheet-02.png").convert("RGB")
    # in the proof both sides read upright: [4 | 1] and [2 | 3], bands at the top
    assert front.getpixel((50, 10)) == BANDS[3] and front.getpixel((150, 10)) == BANDS[0]
    assert side.getpixel((50, 10)) == BANDS[1] and side.getpixel((150, 10)) == BANDS[2]
    assert side.getpixel((50, 140)) == side.getpixel((150, 140)) == GREY


@needs_poppler
def test_the_proof_pdf_is_the_spreads_at_screen_resolution(tmp_path):
    from pamphleteer.pdffile import open_pdf, page_box
    made = make_proofs(print_pdf(tmp_path / "print.pdf", BANDS[:4]), None, tmp_path / "proof", dpi=36,
                       pdf_name="lantern-9-proof.pdf")
    pdf = tmp_path / "proof" / "lantern-9-proof.pdf"
    assert made["pdf"] == str(pdf) and made["pdf_bytes"] == pdf.stat().st_size < 12_000
    opened = open_pdf(pdf)
    # page 1 alone, 2 | 3, page 4 alone; each page 200 × 300 pt, drawn at 96 ppi (267 × 400 px)
    sizes = [tuple(round(v, 1) for v in page_box(page, "/MediaBox")[2:]) for page in opened.pages]
    assert sizes == [(200.2, 300.0), (400.5, 300.0), (200.2, 300.0)]
    shown = Image.open(rasterise_one(pdf, 2, tmp_path)).convert("RGB")
    assert shown.size == (534, 400)
    assert shown.getpixel((10, 10)) == BANDS[1] and shown.getpixel((524, 10)) == BANDS[2]
    assert shown.getpixel((10, 390)) == shown.getpixel((524, 390)) == GREY


def rasterise_one(pdf, number, tmp_path):
    from pamphleteer.raster import rasterise
    return rasterise(pdf, tmp_path / "shown", "p", 96, first=number, last=number)[0]


def test_a_finding_is_a_coloured_bar_left_of_its_line():
    pages = [Image.new("RGB", (300, 400), (255, 255, 255)) for _ in range(2)]
    finding = {"kind": "loose", "page": 2, "x": 54.0, "y": 100.0, "height": 13.5}
    marked = mark(pages[1], [finding], dpi=144)  # 2 pixels a point: bar from x 94 to 100, y 200 to 227
    assert marked.getpixel((97, 210)) == BAR_COLOURS["loose"]
    assert marked.getpixel((97, 195)) == marked.getpixel((104, 210)) == (255, 255, 255)
    assert pages[0].getpixel((97, 210)) == (255, 255, 255)


@pytest.mark.parametrize("layout, count", [("saddle", 16), ("signatures", 40)])
def test_booklet_sides_alternate_front_and_back(layout, count):
    """What the proof's turning of back sides relies on: the booklet's even pages are back sides."""
    from pamphleteer.impose import LAYOUTS, plan_pages
    from pamphleteer.impose.options import ImposeOptions, check
    options = check(ImposeOptions(layout=layout))
    sides = plan_pages(count, LAYOUTS[layout], options).interior.sides
    assert [side.face for side in sides] == ["front", "back"] * (len(sides) // 2)


@needs_poppler
def test_a_cover_imposed_apart_is_proofed_as_its_own_sheet(tmp_path):
    from pamphleteer.impose import impose
    source = print_pdf(tmp_path / "print.pdf", BANDS * 2)  # 10 pages: a cover sheet and an interior of 6 + 2 blanks
    booklet, cover = tmp_path / "booklet.pdf", tmp_path / "cover.pdf"
    report = impose(source, booklet, cover_apart=cover)
    made = make_proofs(source, booklet, tmp_path / "proof", dpi=36, backs_turned=report.back_sides_turned,
                       cover=cover)
    assert made["cover_sides"] == 2 and made["sheet_sides"] == 4
    front = Image.open(tmp_path / "proof" / "cover-01.png").convert("RGB")
    back = Image.open(tmp_path / "proof" / "cover-02.png").convert("RGB")
    # the cover sheet: [10 | 1] outside, [2 | 9] inside, both read upright
    assert front.getpixel((50, 10)) == BANDS[4] and front.getpixel((150, 10)) == BANDS[0]
    assert back.getpixel((50, 10)) == BANDS[1] and back.getpixel((150, 10)) == BANDS[3]
