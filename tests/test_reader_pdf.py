"""The reader edition as tagged PDF/UA-1, checked by tools other than the code that writes it.

poppler's `pdfinfo -struct-text` for the structure tree and its text, qpdf's
JSON for the attributes poppler does not print (Lang, Alt, ID), and `page`
(PyPI page-validation), a PDF/UA-1 checker built on the Matterhorn Protocol.
"""

from __future__ import annotations

import json
import re
import subprocess

import page
import pytest

from conftest import write
from pamphleteer.build import build


def _struct(path) -> list[tuple[int, str, str]]:
    """pdfinfo's structure tree: (depth, tag, the line) for each element, text lines apart."""
    rows = []
    for line in subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        depth = (len(line) - len(line.lstrip())) // 2
        rows.append((depth, line.strip().split()[0].rstrip(":"), line.strip()))
    return rows


def _struct_elements(path) -> list[dict]:
    """Every /StructElem dictionary, as qpdf reads it."""
    text = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", str(path)], capture_output=True, text=True,
                          check=True).stdout
    data = json.loads(re.sub(r"(?<=\d)\.(?=\s*[,\]\n])", ".0", text))  # qpdf copies PDF's `456.` as it is
    objects = data["qpdf"][1]
    return [obj["value"] for obj in objects.values()
            if isinstance(obj.get("value"), dict) and obj["value"].get("/Type") == "/StructElem"]


def test_the_reader_edition_passes_the_pdf_ua_1_checker(demo):
    report = page.validate_pdf(demo["reader"], profile="ua1")
    assert [(f.rule_id, f.message) for f in report.failures] == []
    assert report.is_compliant


def test_the_reader_is_tagged_and_shows_its_title(demo):
    info = subprocess.run(["pdfinfo", str(demo["reader"])], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Workers’ Lantern 47: Solidarity with the oil workers of Kazakhstan" in info
    catalog = subprocess.run(["qpdf", "--show-object=trailer", "--filtered-stream-data", str(demo["reader"])],
                             capture_output=True, text=True).stdout
    root = re.search(r"/Root (\d+) 0 R", catalog)[1]
    shown = subprocess.run(["qpdf", f"--show-object={root}", str(demo["reader"])], capture_output=True,
                           text=True).stdout
    assert "/DisplayDocTitle true" in shown and "/Lang (en)" in shown


def test_headings_never_skip_a_level(demo):
    levels = [int(tag[1]) for _, tag, _ in _struct(demo["reader"]) if re.fullmatch(r"H[1-6]", tag)]
    assert levels[0] == 1
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert jumps == []
    assert levels.count(1) == 1 + len(demo["articles"])  # the cover's title and each article's


def test_every_figure_has_alt_text_from_the_manifest_and_a_caption(demo):
    elements = _struct_elements(demo["reader"])
    alts = sorted(e["/Alt"] for e in elements if e["/S"] == "/Figure")
    assert len(alts) == 5
    assert "u:A derrick and beam pumps on the oil fields of Mangystau" not in alts  # the alt:, not the caption
    assert "u:A tall derrick and a beam pump on flat yellow ground at sunset, two workers standing near them" in alts
    assert sum(e["/S"] == "/Caption" for e in elements) == 5


def test_lists_tables_and_notes_are_tagged(demo):
    tags = [tag for _, tag, _ in _struct(demo["reader"])]
    assert tags.count("Table") == 1 and tags.count("TH") == 4
    assert tags.count("L") >= 7 and tags.count("LI") >= 30  # the cover's headlines, the contents, the articles'
    notes = [e for e in _struct_elements(demo["reader"]) if e["/S"] == "/Note"]
    footnotes = sum(article.body.count('class="footnote"') for article in demo["articles"])
    assert len(notes) == footnotes == 7
    assert len({e["/ID"] for e in notes}) == footnotes


def test_running_heads_and_folios_are_artifacts_not_text(demo):
    printed = subprocess.run(["pdftotext", str(demo["reader"]), "-"], capture_output=True, text=True).stdout
    read_out = "\n".join(line for _, _, line in _struct(demo["reader"]))
    running = "Workers’ Lantern · No. 47 · September 2012"
    assert printed.count(running) > 8       # on every left-hand page of the articles
    assert read_out.count(running) == 1     # the back page's own line, not the heads


def test_each_article_is_in_its_own_language(small_issue, project):
    path = small_issue / "issue.yaml"
    path.write_text(path.read_text().replace("  - file: articles/first.md\n",
                                             "  - file: articles/first.md\n    lang: ru\n") + "editions: [reader]\n")
    build("9", project / "out")
    arts = [e for e in _struct_elements(project / "out" / "lantern-9.pdf") if e["/S"] == "/Art"]
    assert sorted({e.get("/Lang") for e in arts}) == ["u:en", "u:ru"]
    report = page.validate_pdf(project / "out" / "lantern-9.pdf", profile="ua1")  # no cover title: the name is the h1
    assert [(f.rule_id, f.message) for f in report.failures] == []


@pytest.mark.parametrize("picture, warning", [
    ('        caption: "A drawn square"\n        alt: "A dark red rectangle, wider than it is tall"\n', None),
    ('        caption: "A drawn square"\n',
     "issues/9/issue.yaml:7:9: articles[1].pictures[0]: 'pictures/square.png' has no alt text, so its caption is "
     "read out in its place; add `alt:` (what it shows) under it"),
    ("",
     "issues/9/issue.yaml:7:9: articles[1].pictures[0]: 'pictures/square.png' has neither alt text nor a caption; "
     "add `alt:` (what it shows, read out to readers who cannot see it) and `caption:` under it"),
])
def test_a_picture_without_alt_text_is_warned_about_with_its_line(small_issue, picture, warning):
    from pamphleteer import manifest
    path = small_issue / "issue.yaml"
    text = path.read_text()
    start = text.index('        caption: "A drawn square"\n')
    write(path, text[:start] + picture)
    pictures = [found for found in manifest.load("9").warnings if "pictures[" in found]  # not the cover's
    assert pictures == ([warning] if warning else [])
