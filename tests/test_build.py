"""The demo issue built end to end, checked by reading its PDFs back (and with poppler and qpdf)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

import golden
from conftest import ROOT
from pamphleteer.document import plain

TRIM = (396.0, 612.0)  # digest, in points


def _texts(path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_pdfs_the_epub_and_build_json_are_written(demo):
    data = json.loads((demo["out"] / "build.json").read_text())
    articles = {f"articles/lantern-47-{a.id.removeprefix('art-')}.pdf" for a in demo["articles"]}
    assert {name for name in data["files"] if not name.startswith("lantern-47-web/")} == \
        {"lantern-47.pdf", "lantern-47-print.pdf", "lantern-47-booklet.pdf", "lantern-47-jobticket.txt",
         "lantern-47.epub", *articles}
    assert "lantern-47-web/zhanaozen.html" in data["files"]
    for name, facts in data["files"].items():
        assert (demo["out"] / name).stat().st_size == facts["bytes"]
        assert len(facts["sha256"]) == 64
    assert set(data["seconds"]) >= {"manifest", "articles", "reader", "article_pdfs", "print", "booklet", "epub",
                                    "web"}
    assert not list(demo["out"].glob(".staging-*"))


def _poppler_pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M)[1])


def _poppler_text(path, page: int, crop: tuple[int, int, int, int] | None = None) -> str:
    area = [f"-{flag}{value}" for flag, value in zip(("x ", "y ", "W ", "H "), crop)] if crop else []
    command = ["pdftotext", "-f", str(page), "-l", str(page), *" ".join(area).split(), str(path), "-"]
    return _words(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


@pytest.fixture
def poppler():
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils not installed (make setup installs it)")


def test_page_counts(demo, poppler):
    """The reader's count is the golden references' (`make golden`); the others follow from saddle stitching."""
    reader = len(golden.read_texts("reader"))
    printed = reader + (-reader % 4)
    counts = {kind: _poppler_pages(demo[kind]) for kind in ("reader", "print", "booklet")}
    assert counts == {"reader": reader, "print": printed, "booklet": printed // 2}
    assert demo["report"].pages == {"reader": reader, "print": printed, "booklet_sides": printed // 2}


def test_every_title_is_in_the_text(demo):
    text = _words(" ".join(_texts(demo["reader"])))
    for article in demo["articles"]:
        assert _words(plain(article.title)) in text


def test_contents_page_numbers_are_where_articles_start(demo):
    texts = [_words(t) for t in _texts(demo["reader"])]
    contents = texts[1]
    for article in demo["articles"]:
        title = _words(plain(article.title))
        listed = re.search(re.escape(title) + r"[ .]*?(\d+)\b", contents)
        assert listed, f"{title!r} is not on the contents page"
        starts = [n for n, text in enumerate(texts, 1) if n > 2 and title in text]
        assert starts, f"{title!r} is on no page"
        assert int(listed[1]) == starts[0], title
        assert demo["report"].articles[demo["articles"].index(article)]["page"] == starts[0]


def test_kazakh_letters_survive_into_the_text(demo):
    text = " ".join(_texts(demo["reader"]))
    for letter in "ӘҒҚҢӨҰҮҺІ":
        assert letter in text.upper(), letter


def test_print_edition_boxes(demo):
    for number, page in enumerate(PdfReader(demo["print"]).pages, 1):
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert (float(trim.width), float(trim.height)) == pytest.approx(TRIM), number
        for side in ("left", "bottom"):
            assert float(getattr(trim, side)) - float(getattr(bleed, side)) >= 9
            assert float(getattr(bleed, side)) >= float(getattr(media, side))
        for side in ("right", "top"):
            assert float(getattr(bleed, side)) - float(getattr(trim, side)) >= 9
            assert float(getattr(media, side)) >= float(getattr(bleed, side))
        assert "/Annots" not in page, f"print page {number} has annotations"


def test_reader_edition_is_trimmed_with_bookmarks_links_and_metadata(demo):
    pdf = PdfReader(demo["reader"])
    assert (float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)) == pytest.approx(TRIM)
    outline = [item.title for item in pdf.outline if not isinstance(item, list)]
    for article in demo["articles"]:
        assert _words(plain(article.title)) in [_words(t) for t in outline]
    uris = [a.get_object()["/A"].get("/URI") for page in pdf.pages for a in page.get("/Annots", [])
            if "/A" in a.get_object()]
    assert any(uri and uri.startswith(("http", "mailto")) for uri in uris)
    assert pdf.metadata.title.startswith("Workers’ Lantern 47")
    assert pdf.metadata.author
    assert pdf.trailer["/Root"]["/Lang"] == "en"


@pytest.mark.parametrize("kind", ["reader", "print", "booklet"])
def test_independent_tools_accept_the_pdfs(demo, kind):
    for tool in ("pdfinfo", "pdffonts", "qpdf"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed (make setup installs it)")
    path = str(demo[kind])
    subprocess.run(["pdfinfo", path], check=True, capture_output=True)
    subprocess.run(["qpdf", "--check", path], check=True, capture_output=True)
    fonts = subprocess.run(["pdffonts", path], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        assert re.search(r"\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", line), f"not embedded: {line}"
        assert re.match(r"[A-Z]{6}\+(Charis-SIL|PT-Sans)", line), f"a font not chosen by the journal: {line}"


def test_booklet_pairs_the_saddle_order(demo, poppler):
    """The first sheet side holds the back cover on the left and the front cover on the right, as printed."""
    n = _poppler_pages(demo["print"])
    back_cover, front_cover = _poppler_text(demo["print"], n), _poppler_text(demo["print"], 1)
    assert back_cover.startswith("Write to us, subscribe, order Workers’ Lantern is written")
    assert front_cover.startswith("Workers’ Lantern A journal of the working-class movement NO. 47")
    left = _poppler_text(demo["booklet"], 1, (0, 0, 396, 612))
    right = _poppler_text(demo["booklet"], 1, (396, 0, 396, 612))
    assert (left, right) == (back_cover, front_cover)


def test_an_edition_with_no_file_to_check_does_not_load_the_checks():
    """The EPUB's and the web pages' processes have no PDF to check: they do not spend a tenth of a second
    loading preflight (and pypdf) for nothing."""
    import sys

    code = ("import sys; from pamphleteer import build, manifest\n"
            f"print(build._preflight(manifest.load({str(ROOT / 'issues' / '47')!r}), {{}}), 'pamphleteer.preflight' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["{}", "False"]
