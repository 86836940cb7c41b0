"""The EPUB 3 edition: epubcheck (Debian's, on Java 17), its contents, its metadata, the same bytes each time."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import write
from pamphleteer import epub, manifest, validate
from pamphleteer.build import build
from pamphleteer.errors import UserError

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck (scripts/setup.sh)


def _files(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist() if not name.endswith(".png")}


def test_epubcheck_finds_no_error_and_no_warning(demo):
    result = subprocess.run(["java", "-jar", str(EPUBCHECK), str(demo["out"] / "lantern-47.epub")],
                            capture_output=True, text=True, timeout=300)
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0


def test_two_builds_give_the_same_bytes(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    issue = manifest.load("47")
    articles = validate.read_all(issue)
    epub.write(issue, articles, tmp_path / "again.epub", stylesheet=issue.root / "styles" / "epub.css")
    assert (tmp_path / "again.epub").read_bytes() == (demo["out"] / "lantern-47.epub").read_bytes()


def test_the_mimetype_comes_first_and_stored(demo):
    with zipfile.ZipFile(demo["out"] / "lantern-47.epub") as archive:
        first = archive.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)


def test_navigation_in_issue_order_with_sections(demo):
    nav = _files(demo["out"] / "lantern-47.epub")["OEBPS/nav.xhtml"]
    toc = nav[nav.index('epub:type="toc"'):nav.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)\.xhtml">', toc)
    assert links == [article.id.removeprefix("art-") for article in demo["articles"]]
    assert re.findall(r'<span class="toc-section">([^<]+)</span>', toc) == \
        ["Kazakhstan", "Detroit", "History", "Books", "Letters"]


def test_articles_carry_pictures_alt_text_captions_and_notes(demo):
    files = _files(demo["out"] / "lantern-47.epub")
    article = files["OEBPS/zhanaozen.xhtml"]
    assert 'alt="A tall derrick and a beam pump on flat yellow ground at sunset, two workers standing near them"' \
        in article
    assert "<figcaption>A derrick and beam pumps on the oil fields of Mangystau" in article
    calls = re.findall(r'<a class="noteref" id="noteref-(\d+)" href="#note-\1" role="doc-noteref" '
                       r'epub:type="noteref">\1</a>', article)
    notes = re.findall(r'<aside class="note" id="note-(\d+)" role="doc-footnote" epub:type="footnote">', article)
    backs = re.findall(r'<a class="backlink" href="#noteref-(\d+)" role="doc-backlink"', article)
    assert calls == notes == backs == ["1", "2", "3"]
    assert 'lang="en" xml:lang="en"' in article
    with zipfile.ZipFile(demo["out"] / "lantern-47.epub") as archive:
        assert "OEBPS/pictures/derrick.png" in archive.namelist()


def test_journal_and_accessibility_metadata(demo):
    opf = _files(demo["out"] / "lantern-47.epub")["OEBPS/content.opf"]
    for line in ["<dc:title>Workers’ Lantern 47: Solidarity with the oil workers of Kazakhstan</dc:title>",
                 "<dc:language>en</dc:language>", "<dc:date>2012-09-01</dc:date>",
                 "<dc:publisher>Workers’ Lantern Editorial Board, Detroit</dc:publisher>",
                 "<dc:creator>Marta Kowalczyk</dc:creator>",
                 '<meta property="schema:accessMode">textual</meta>',
                 '<meta property="schema:accessMode">visual</meta>',
                 '<meta property="schema:accessibilityFeature">alternativeText</meta>',
                 '<meta property="schema:accessibilityHazard">none</meta>',
                 '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>',
                 '<item id="picture-5" href="pictures/strike.png" media-type="image/png" properties="cover-image"/>']:
        assert line in opf
    assert "<meta property=\"schema:accessibilitySummary\">" in opf


def test_the_issn_goes_into_every_edition(small_issue, project):
    write(project / "journal.yaml", (project / "journal.yaml").read_text() + "issn: 2049-3630\n")
    path = small_issue / "issue.yaml"
    path.write_text(path.read_text() + "editions: [reader, epub]\n")
    build("9", project / "out")
    opf = _files(project / "out" / "lantern-9.epub")["OEBPS/content.opf"]
    assert '<dc:identifier id="issn">urn:issn:2049-3630</dc:identifier>' in opf
    info = subprocess.run(["pdfinfo", "-custom", str(project / "out" / "lantern-9.pdf")], capture_output=True,
                          text=True).stdout
    assert re.search(r"^issn:\s+2049-3630$", info, re.M)  # HTML meta names come lowercase


def test_a_failed_epub_build_keeps_the_previous_file(small_issue, project):
    path = small_issue / "issue.yaml"
    path.write_text(path.read_text() + "editions: [epub]\n")
    build("9", project / "out")
    before = (project / "out" / "lantern-9.epub").read_bytes()
    template = project / "templates" / "screen-article.xhtml.j2"
    template.write_text(template.read_text().replace("{% endif %}<h1", "{% endif %}{% if %}<h1", 1))
    with pytest.raises(UserError) as failure:
        build("9", project / "out")
    assert re.match(r".*templates/screen-article\.xhtml\.j2:\d+: template: ", str(failure.value))
    assert (project / "out" / "lantern-9.epub").read_bytes() == before
    assert not list((project / "out").glob(".staging-*"))
