"""Pictures as the print edition sets them: measured before layout, a coarse one stopping the print edition
only, and the pictures an article names itself (`![caption](pictures/x.png)`)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from PIL import Image

from conftest import FIRST, write
from pamphleteer.build import build
from pamphleteer.cli import main
from pamphleteer.errors import UserError
from pamphleteer.validate import check

COARSE = ("issues/9/issue.yaml:7: 'pictures/square.png' (articles/post.txt) is too coarse to print: its 500 × 330 "
          "pixels are set 4.20 in (107 mm) wide, 119 ppi, under the 150 ppi the print edition needs "
          "(`print: min_ppi_error`). At 150 ppi it can be printed at most 3.33 in (85 mm) wide; the column "
          "takes it up to 4.20 in (107 mm): for 300 ppi there, find one at least 1260 pixels wide")


def _picture(folder, name, pixels, colour=(120, 40, 30)):
    Image.new("RGB", pixels, colour).save(folder / name)


def _pdfimages(pdf) -> list[tuple[int, int, int]]:
    """(page, pixels across, ppi across) of every picture placement, as poppler reads them."""
    if not shutil.which("pdfimages"):
        pytest.skip("pdfimages is not installed (make setup installs it)")
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(int(row.split()[0]), int(row.split()[3]), int(row.split()[12])) for row in rows.splitlines()[2:]]


# --- check knows the pixels and the width a picture is printed at ---

def test_check_stops_on_a_picture_too_coarse_to_print_naming_it_its_article_and_line(small_issue):
    _picture(small_issue / "pictures", "square.png", (500, 330))  # set at the 4.2 in column: 119 ppi
    with pytest.raises(UserError) as caught:
        check("9")
    assert str(caught.value) == COARSE


def test_check_and_check_strict_fail_on_it_as_build_does(small_issue, capsys):
    _picture(small_issue / "pictures", "square.png", (500, 330))
    assert main(["check", "9"]) == 2
    assert main(["check", "9", "--strict"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [COARSE, COARSE]


def test_a_picture_under_300_ppi_is_a_warning_of_check_measured_in_its_column(small_issue):
    manifest = small_issue / "issue.yaml"
    manifest.write_text(manifest.read_text().replace("  - file: articles/post.txt\n",
                                                     "  - file: articles/post.txt\n    columns: 2\n"))
    _picture(small_issue / "pictures", "square.png", (500, 330))  # (4.2 in - 14 pt) / 2 = 2.00 in: 250 ppi
    checked = check("9")
    assert checked.warnings[-1] == (
        "issues/9/issue.yaml:8: 'pictures/square.png' (articles/post.txt) is coarse for print: its 500 × 330 pixels "
        "are set 2.00 in (51 mm) wide, 250 ppi, under the 300 ppi printers ask for (`print: min_ppi_warn`). "
        "At 300 ppi it can be printed at most 1.67 in (42 mm) wide; the column takes it up to 2.00 in (51 mm): "
        "for 300 ppi there, find one at least 601 pixels wide")
    with pytest.raises(UserError, match="--strict: warnings count as errors"):
        check("9", strict=True)


def test_a_picture_narrower_than_its_column_is_set_at_96_pixels_an_inch(small_issue):
    _picture(small_issue / "pictures", "square.png", (400, 300))  # 4.17 in at 96 px an inch: fits the column
    with pytest.raises(UserError) as caught:
        check("9")
    assert ("its 400 × 300 pixels are set 4.17 in (106 mm) wide, 96 ppi, under the 150 ppi the print edition "
            "needs (`print: min_ppi_error`). At 150 ppi it can be printed at most 2.67 in (68 mm) wide; the column "
            "takes it up to 4.20 in (107 mm)") in str(caught.value)


def test_a_tall_picture_is_measured_at_the_height_the_column_allows(small_issue):
    _picture(small_issue / "pictures", "square.png", (300, 600))  # 3.6 in tall at most: 1.80 in wide
    assert check("9").warnings[-1].endswith(
        "its 300 × 600 pixels are set 1.80 in (46 mm) wide, 167 ppi, under the 300 ppi printers ask for "
        "(`print: min_ppi_warn`). At 300 ppi it can be printed at most 1.00 in (25 mm) wide; the column takes it "
        "up to 1.80 in (46 mm): for 300 ppi there, find one at least 540 pixels wide")


def test_what_check_measures_is_what_the_print_edition_holds(demo):
    import os

    from conftest import ROOT
    from pamphleteer import manifest, validate

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        issue = manifest.load("47")
        placed = validate.placed_pictures(issue, validate.read_all(issue))
    finally:
        os.chdir(cwd)
    assert [(one.pixels[0], round(one.ppi)) for one in placed] == \
        [(across, ppi) for _, across, ppi in _pdfimages(demo["print"])]
    assert [round(one.ppi) for one in placed] == [356, 357, 699, 357, 333]  # the cover, then each article's


# --- pictures an article names itself ---

def _article_with(small_issue, markdown: str):
    write(small_issue / "articles" / "first.md", FIRST.replace("[^1]: A note.", f"{markdown}\n\n[^1]: A note."))


def test_a_markdown_picture_is_found_from_the_issue_folder_and_set_as_a_figure_with_its_caption(small_issue):
    from pamphleteer import manifest
    from pamphleteer.articles import read_articles

    _picture(small_issue / "pictures", "circle.png", (1500, 1000), (30, 40, 120))
    _article_with(small_issue, '![Two "quoted" words & a circle](pictures/circle.png "Drawing: A. Writer")')
    article = read_articles(manifest.load("9"))[0]
    assert ('<figure class="picture column"><img src="pictures/circle.png" alt="Two &quot;quoted&quot; words '
            '&amp; a circle"><figcaption>Two &quot;quoted&quot; words &amp; a circle <span class="credit">Drawing: '
            'A. Writer</span></figcaption></figure>') in article.blocks
    assert [(p.file, p.where[1]) for p in article.pictures] == [("pictures/circle.png", 7)]


def test_a_markdown_picture_beside_its_article_is_found_there_first(small_issue):
    from pamphleteer import manifest
    from pamphleteer.articles import read_articles

    _picture(small_issue / "articles", "circle.png", (1500, 1000))
    _picture(small_issue, "circle.png", (1500, 1000))
    _article_with(small_issue, "![A circle](circle.png)")
    assert '<img src="articles/circle.png" alt="A circle">' in read_articles(manifest.load("9"))[0].body


def test_a_missing_markdown_picture_says_where_it_was_looked_for(small_issue):
    _article_with(small_issue, "![A circle](pictures/circle.png)")
    with pytest.raises(UserError) as caught:
        check("9")
    assert str(caught.value) == ("issues/9/articles/first.md:7: picture 'pictures/circle.png' does not exist: "
                                 "looked for issues/9/articles/pictures/circle.png and issues/9/pictures/circle.png")


def test_a_coarse_markdown_picture_is_named_at_its_line_in_the_article(small_issue):
    _picture(small_issue / "pictures", "circle.png", (600, 400))
    _article_with(small_issue, "![A circle](pictures/circle.png)")
    with pytest.raises(UserError) as caught:
        check("9")
    assert str(caught.value).startswith(
        "issues/9/articles/first.md:7: 'pictures/circle.png' (articles/first.md) is too coarse to print: its "
        "600 × 400 pixels are set 4.20 in (107 mm) wide, 143 ppi")


def test_a_markdown_picture_is_printed_at_the_column_width(small_issue, project):
    _picture(small_issue / "pictures", "circle.png", (2000, 1000), (30, 40, 120))  # 20.8 in at 96 px an inch
    _article_with(small_issue, "![A circle](pictures/circle.png)")
    report = build("9")
    placed = _pdfimages(project / "output/9/lantern-9-print.pdf")
    assert (3, 2000, 476) in placed  # 2000 pixels across the 4.2 in column, on the first article's page
    assert not [w for w in report.warnings if "circle" in w]


# --- a coarse picture stops the print edition only ---

def test_a_coarse_picture_stops_the_print_edition_only_and_keeps_the_last_good_one(small_issue, project):
    build("9")
    out = project / "output" / "9"
    kept = {name: (out / name).read_bytes() for name in ("lantern-9-print.pdf", "lantern-9-booklet.pdf",
                                                         "lantern-9-jobticket.txt")}
    reader = (out / "lantern-9.pdf").read_bytes()
    _picture(small_issue / "pictures", "square.png", (500, 330), (20, 120, 40))
    with pytest.raises(UserError) as caught:
        build("9")
    assert str(caught.value) == (
        "the print edition not made; the reader's edition, the EPUB and the web pages written; the print edition "
        f"and booklet of the last good build kept:\n  {COARSE}")
    assert {name: (out / name).read_bytes() for name in kept} == kept
    assert (out / "lantern-9.pdf").read_bytes() != reader  # the new picture is in the reader's edition
    written = json.loads((out / "build.json").read_text())
    assert written["stopped"] == {"print": [COARSE]} and "lantern-9-print.pdf" not in written["files"]


def test_a_coarse_picture_in_a_first_build_says_there_is_no_print_edition_to_keep(small_issue, project):
    _picture(small_issue / "pictures", "square.png", (500, 330), (20, 120, 40))
    with pytest.raises(UserError) as caught:
        build("9")
    assert str(caught.value) == ("the print edition not made; the reader's edition, the EPUB and the web pages "
                                 f"written; no earlier one to keep:\n  {COARSE}")
    assert not (project / "output" / "9" / "lantern-9-print.pdf").exists()


def test_the_proofs_are_made_while_the_print_edition_waits_for_a_better_picture(small_issue, project, capsys):
    build("9")
    _picture(small_issue / "pictures", "square.png", (500, 330))
    assert main(["proof", "9", "--quiet"]) == 2
    assert COARSE in capsys.readouterr().err
    proofs = project / "output" / "9" / "proof"
    assert (proofs / "contact-sheet.png").is_file() and sorted(proofs.glob("page-*.png"))


def test_a_coarse_picture_stops_nothing_when_the_journal_does_not_print(small_issue, project):
    path = project / "journal.yaml"
    path.write_text(path.read_text() + "editions: [reader, epub]\n")
    _picture(small_issue / "pictures", "square.png", (500, 330))
    assert check("9").warnings == [] and build("9").stopped == {}


# --- preflight's warnings once, where the editor reads them ---

def test_a_finding_in_the_print_edition_and_the_booklet_is_told_once_naming_the_picture(small_issue):
    from pamphleteer import manifest
    from pamphleteer.build import Made, _found
    from pamphleteer.editions import EDITIONS
    from pamphleteer.preflight.report import Finding, PreflightReport
    from pamphleteer.render import Rendered

    issue = manifest.load("9")
    picture = small_issue / "pictures" / "square.png"
    name = "/i2b044b9e64f4f1a4ff62b1172ba45f531"  # WeasyPrint's: the md5 of the picture's URL, then 1
    message = "120 ppi (500 x 330 px placed at 4.20 x 2.77 in), under 150 ppi"
    found = [Finding("pictures", "fail", message, 6, name)]
    made = Made(EDITIONS["print"], Rendered(b"", 8, {}, pictures={name[2:34]: picture.resolve()}), 0, checked={
        "print": PreflightReport(picture, "print", "x-4", found),
        "booklet": PreflightReport(picture, "booklet", "x-4", [Finding("pictures", "fail", message, 5, name),
                                                               Finding("pictures", "warn", "other", 2, name)])})
    assert _found(issue, [made], "fail")[0] == [
        f"the print edition p. 6; the booklet sheet 3, front: pictures/square.png: pictures: {message}"]
    assert _found(issue, [made], "warn")[0] == ["the booklet sheet 1, back: pictures/square.png: pictures: other"]


def test_a_converted_picture_is_kept_and_used_again_only_when_whole_and_made_from_the_same(tmp_path):
    from pamphleteer.editions import DEFAULT_CMYK_PROFILE
    from pamphleteer.pictures import Converter, Kept

    _picture(tmp_path, "photo.png", (40, 30))
    picture = tmp_path / "photo.png"
    calls = []

    class Counted(Converter):
        def __call__(self, path, data):
            calls.append(path)
            return super().__call__(path, data)

    kept = Kept(Counted(colour="cmyk", profile=DEFAULT_CMYK_PROFILE), tmp_path / "cache")
    data = picture.read_bytes()
    first = kept(picture, data)
    assert first[1] == "image/jpeg" and len(calls) == 1
    assert kept(picture, data) == first and len(calls) == 1  # kept
    [stored] = (tmp_path / "cache").iterdir()
    stored.write_bytes(stored.read_bytes()[:-3])  # cut short
    assert kept(picture, data) == first and len(calls) == 2  # made again, and kept again
    assert kept(picture, data) == first and len(calls) == 2
    _picture(tmp_path, "photo.png", (40, 30), colour=(10, 200, 30))
    other = picture.read_bytes()
    assert kept(picture, other) != first and len(calls) == 3  # the picture changed: made from its new bytes
    gray = Kept(Counted(colour="grayscale"), tmp_path / "cache")
    assert gray(picture, other)[1] == "image/png" and len(calls) == 4  # another converter: its own
    stored.write_bytes(b"nonsense")
    assert kept(picture, other) == kept(picture, other) and len(calls) == 5


@pytest.mark.parametrize("kind", ["P", "P with a transparent colour", "1"])
def test_a_palette_picture_reaches_the_reader_s_renderer_as_colours_and_the_pdf_is_the_same(tmp_path, kind):
    """WeasyPrint converts palette and 1-bit pictures to colours and encodes them again in every process that
    lays them out; converted (and kept) once, the PDF carries the very same bytes."""
    import io

    from PIL import Image

    from pamphleteer import render
    from pamphleteer.pictures import Converter

    picture = Image.linear_gradient("L").resize((60, 40)).convert("P" if kind != "1" else "1")
    options = {"transparency": 0} if "transparent" in kind else {}
    picture.save(tmp_path / "drawing.png", **options)
    reader = Converter(colour="rgb", max_ppi=150, box=(500.0, 500.0))  # no need to downsample it
    data, kind_of = reader(tmp_path / "drawing.png", (tmp_path / "drawing.png").read_bytes())
    assert kind_of == "image/png"
    assert Image.open(io.BytesIO(data)).mode == ("RGBA" if "transparent" in kind else "RGB")

    def pdf(convert) -> bytes:
        renderer = render.Renderer(base=tmp_path, roots=[tmp_path], stylesheets=[], tune=None, convert=convert,
                                   extra_css="@page { size: 100mm 80mm; margin: 10mm }")
        return renderer.write(renderer.lay_out('<img src="drawing.png" alt="">'), identifier=b"same").pdf

    assert pdf(reader) == pdf(None)
