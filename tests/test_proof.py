"""Proofs: facing spreads in reading order, PNGs made by poppler."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from pamphleteer.proof import BAR_COLOURS, contact_sheet, make_proofs, mark_findings, spreads


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


def test_make_proofs_from_a_small_pdf(tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils not installed (make setup installs it)")
    import weasyprint
    pdf = tmp_path / "doc.pdf"
    weasyprint.HTML(string="<p>one</p><p style='break-before:page'>two</p><p style='break-before:page'>3</p>"
                    ).write_pdf(pdf)
    made = make_proofs(pdf, pdf, tmp_path / "proof", dpi=20)
    names = sorted(p.name for p in (tmp_path / "proof").iterdir())
    assert made["pages"] == 3
    assert names == ["contact-sheet.png", "page-1.png", "page-2.png", "page-3.png",
                     "sheet-1.png", "sheet-2.png", "sheet-3.png"]
    folder = tmp_path / "proof"
    pages = [Image.open(folder / f"page-{n}.png").convert("RGB") for n in (1, 2, 3)]
    # WeasyPrint's default page is A4, 595.28 × 841.89 pt: at 20 ppi 165.4 × 233.9, rounded up by poppler
    assert [page.size for page in pages] == [(166, 234)] * 3
    # each page has ink only in the text's corner (the default margin is 75 px, 0.78 in, 16 pixels at 20 ppi)
    for page in pages:
        ink = Image.eval(page.convert("L"), lambda v: 255 - v).getbbox()
        assert ink is not None and 14 <= ink[0] and ink[2] < 60 and 14 <= ink[1] and ink[3] < 40, ink
    assert len({page.tobytes() for page in pages}) == 3  # "one", "two" and "3" look different
    sheet = Image.open(folder / "contact-sheet.png").convert("RGB")
    # spread 1 puts page 1 on the right of a blank; spread 2 puts pages 2 and 3 side by side
    assert sheet.crop((24 + 166, 24, 24 + 2 * 166, 24 + 234)).tobytes() == pages[0].tobytes()
    x2 = 24 + (2 * 166 + 12) + 6
    assert sheet.crop((x2, 24, x2 + 166, 24 + 234)).tobytes() == pages[1].tobytes()
    assert sheet.crop((x2 + 166, 24, x2 + 332, 24 + 234)).tobytes() == pages[2].tobytes()
    assert Image.open(folder / "sheet-2.png").convert("RGB").tobytes() == pages[1].tobytes()


def test_a_finding_is_a_coloured_bar_left_of_its_line(tmp_path):
    pages = [tmp_path / "page-1.png", tmp_path / "page-2.png"]
    for path in pages:
        Image.new("RGB", (300, 400), (255, 255, 255)).save(path)
    finding = {"kind": "loose", "page": 2, "x": 54.0, "y": 100.0, "height": 13.5}
    mark_findings(pages, [finding], dpi=144)  # 2 pixels a point: bar from x 94 to 100, y 200 to 227
    marked = Image.open(pages[1])
    assert marked.getpixel((97, 210)) == BAR_COLOURS["loose"]
    assert marked.getpixel((97, 195)) == marked.getpixel((104, 210)) == (255, 255, 255)
    assert Image.open(pages[0]).getpixel((97, 210)) == (255, 255, 255)
