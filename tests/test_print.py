"""The print edition as a print shop receives it: PDF/X, colour, resolution, reproducibility.

Each fact is read back from the PDF and, where one is installed, confirmed by
an independent tool (poppler's pdfimages, ghostscript's inkcov).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from pamphleteer.build import build
from pamphleteer.errors import UserError


def _journal(project, extra: str):
    path = project / "journal.yaml"
    path.write_text(path.read_text().replace("print:\n", "print:\n" + extra))


def _tool(name):
    if not shutil.which(name):
        pytest.skip(f"{name} is not installed (make setup installs it)")


def _image_colours(pdf) -> list[str]:
    _tool("pdfimages")
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[5] for line in rows.splitlines()[2:] if line.strip()]


def _inks(pdf) -> list[list[float]]:
    _tool("gs")
    out = subprocess.run(["gs", "-q", "-o", "-", "-sDEVICE=inkcov", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return [[float(x) for x in line.split()[:4]] for line in out.splitlines() if "CMYK" in line]


def test_print_declares_pdfx4_with_one_output_intent(small_issue, project):
    build("9")
    pdf = PdfReader(project / "output/9/lantern-9-print.pdf")
    intents = pdf.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    assert intents[0]["/S"] == "/GTS_PDFX"
    assert intents[0]["/DestOutputProfile"].get_object()["/N"] == 4
    assert b"pdfxid:GTS_PDFXVersion>PDF/X-4" in pdf.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_print_pictures_are_cmyk_and_reader_pictures_are_not(small_issue, project):
    build("9")
    assert _image_colours(project / "output/9/lantern-9-print.pdf") == ["cmyk"]
    assert _image_colours(project / "output/9/lantern-9.pdf") == ["rgb"]


def test_grayscale_journal_prints_in_black_ink_only(small_issue, project):
    _journal(project, "  colour: grayscale\n")
    build("9")
    assert _image_colours(project / "output/9/lantern-9-print.pdf") == ["gray"]
    for cyan, magenta, yellow, black in _inks(project / "output/9/lantern-9-print.pdf"):
        assert (cyan, magenta, yellow) == (0, 0, 0) and black > 0


def test_x1a_leaves_no_rgb_anywhere(small_issue, project):
    _journal(project, "  standard: x-1a\n")
    report = build("9")
    assert report.preflight["print"]["ok"] and report.preflight["print"]["standard"] == "x-1a"
    pdf = PdfReader(project / "output/9/lantern-9-print.pdf")
    assert pdf.pdf_header == "%PDF-1.4"
    assert pdf.metadata["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
    assert "rgb" not in _image_colours(project / "output/9/lantern-9-print.pdf")


def test_two_builds_give_identical_files(small_issue, project):
    first = build("9").files
    second = build("9").files
    assert {name: facts["sha256"] for name, facts in first.items()} == \
           {name: facts["sha256"] for name, facts in second.items()}
    assert sorted(name for name in first if not name.startswith("lantern-9-web/")) == \
        ["articles/lantern-9-first.pdf", "articles/lantern-9-post.pdf", "lantern-9-booklet.pdf",
         "lantern-9-jobticket.txt", "lantern-9-print.pdf", "lantern-9.epub", "lantern-9.pdf"]


def _picture(small_issue, pixels):
    Image.new("RGB", pixels, (120, 40, 30)).save(small_issue / "pictures/square.png", dpi=(300, 300))


def test_a_picture_under_150_ppi_stops_the_print_build_naming_the_picture_and_its_line(small_issue, project):
    _picture(small_issue, (500, 330))  # about 119 ppi across the 4.2 in column, on page 4 (the post)
    with pytest.raises(UserError) as caught:
        build("9")
    message = str(caught.value)
    assert "issues/9/issue.yaml:7: 'pictures/square.png' (articles/post.txt) is too coarse to print" in message
    assert "119 ppi, under the 150 ppi the print edition needs" in message
    assert not (project / "output/9/lantern-9-print.pdf").exists()


def test_a_picture_under_300_ppi_is_a_warning(small_issue, project):
    _picture(small_issue, (1000, 660))  # about 238 ppi
    report = build("9")
    assert [w for w in report.warnings if "ppi" in w] == [
        "issues/9/issue.yaml:7: 'pictures/square.png' (articles/post.txt, p. 4) is coarse for print: its 1000 × 660 "
        "pixels are set 4.20 in (107 mm) wide, 238 ppi, under the 300 ppi printers ask for (`print: min_ppi_warn`). "
        "At 300 ppi it can be printed at most 3.33 in (85 mm) wide; the column takes it up to 4.20 in (107 mm): for "
        "300 ppi there, find one at least 1260 pixels wide"]  # once, though the print edition and booklet hold it


def test_thresholds_come_from_journal_yaml(small_issue, project):
    _picture(small_issue, (1000, 660))
    _journal(project, "  min_ppi_error: 250\n")
    with pytest.raises(UserError, match="238 ppi, under the 250 ppi the print edition needs"):
        build("9")


def test_reader_downsamples_very_large_pictures(small_issue, project):
    _picture(small_issue, (4000, 2640))
    path = project / "journal.yaml"
    path.write_text(path.read_text() + "reader:\n  max_ppi: 100\n")
    build("9")
    _tool("pdfimages")
    rows = subprocess.run(["pdfimages", "-list", str(project / "output/9/lantern-9.pdf")], capture_output=True,
                          text=True, check=True).stdout.splitlines()[2:]
    assert [int(row.split()[3]) for row in rows] == [420]  # 100 ppi across the 4.2 in column it is set in
    printed = subprocess.run(["pdfimages", "-list", str(project / "output/9/lantern-9-print.pdf")],
                             capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert [int(row.split()[3]) for row in printed] == [4000]


@pytest.mark.parametrize("count", [0, 1, 2, 3])
def test_the_subscription_form_never_has_a_page_the_reader_needs_on_its_back(count):
    from pamphleteer.document import padding_pages

    total = 12  # saddle stitch: a multiple of 4; the padding ends on the inside back cover
    padding = padding_pages(["subscribe", "notes"], count)
    first = total - count
    assert len(padding) == count and [kind for kind, _ in padding].count("subscribe") == min(count, 1)
    for index, (kind, cut_out) in enumerate(padding):
        page = first + index
        back = page + 1 if page % 2 else page - 1  # a leaf: pages 2k - 1 and 2k
        if cut_out:
            assert kind == "subscribe" and first <= back < total, f"{count} padding: its back is p. {back}"
        elif kind == "subscribe":  # no padding page to back it: the inside back cover, to be copied
            assert page == total - 1


def test_the_demo_asks_for_the_form_to_be_copied_from_the_inside_back_cover(demo):
    pages = PdfReader(demo["print"]).pages
    inside_back = " ".join(pages[-2].extract_text().split())
    assert "Subscribe to Workers’ Lantern" in inside_back
    assert "Copy this page (its back is the back cover) and mail it" in inside_back
    assert "Cut out" not in " ".join(page.extract_text() for page in pages)


def test_three_padding_pages_put_the_form_to_cut_out_before_a_notes_page(small_issue, project):
    report = build("9")
    pages = PdfReader(project / "output/9/lantern-9-print.pdf").pages
    assert (report.pages["print"], report.padding["where"]) == (8, [5, 6, 7])
    assert "Cut out or copy this page" in pages[4].extract_text()   # p. 5, a right-hand page
    assert pages[5].extract_text().split()[:1] == ["Notes"]         # on its back, p. 6
