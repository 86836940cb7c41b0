"""A PDF per article, split from the reader edition's pages: page labels, metadata, running heads, tags."""

from __future__ import annotations

import json
import subprocess

import page
from pypdf import PdfReader

from pamphleteer.document import plain


def _info(path) -> dict[str, str]:
    lines = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def test_one_pdf_per_article_in_issue_order(demo):
    folder = demo["out"] / "articles"
    names = [f"lantern-47-{article.id.removeprefix('art-')}.pdf" for article in demo["articles"]]
    assert sorted(path.name for path in folder.iterdir()) == sorted(names)
    listed = json.loads((demo["out"] / "build.json").read_text())["files"]
    assert {f"articles/{name}" for name in names} <= set(listed)


def test_page_labels_read_as_in_the_issue(demo):
    starts = [entry["page"] for entry in demo["report"].articles]
    reader_pages = len(PdfReader(demo["reader"]).pages)
    ends = [*[start - 1 for start in starts[1:]], reader_pages - 1]  # the last article ends before the back page
    for article, first, last in zip(demo["articles"], starts, ends):
        path = demo["out"] / "articles" / f"lantern-47-{article.id.removeprefix('art-')}.pdf"
        assert PdfReader(path).page_labels == [str(n) for n in range(first, last + 1)], article.id


def test_each_article_pdf_has_its_own_title_author_and_language(demo):
    for article in demo["articles"]:
        path = demo["out"] / "articles" / f"lantern-47-{article.id.removeprefix('art-')}.pdf"
        info = _info(path)
        assert info["Title"] == plain(article.title)
        assert info["Author"] == plain(article.author)
        assert info["Tagged"] == "yes"
        assert PdfReader(path).trailer["/Root"]["/Lang"] == article.lang


def test_the_pages_are_the_issues_pages_with_their_running_heads(demo):
    issue = PdfReader(demo["reader"])
    part = PdfReader(demo["out"] / "articles" / "lantern-47-transit.pdf")
    first = next(a["page"] for a in demo["report"].articles if a["file"] == "transit.md")
    assert len(part.pages) > 2
    for index, page_ in enumerate(part.pages):
        assert page_.extract_text() == issue.pages[first - 1 + index].extract_text()
    left = next(i for i in range(1, len(part.pages)) if (first + i) % 2 == 0)  # not the opening page: no head
    assert "Workers’ Lantern · No. 47 · September 2012" in part.pages[left].extract_text()


def test_article_pdfs_pass_the_pdf_ua_checker(demo):
    for path in sorted((demo["out"] / "articles").iterdir()):
        report = page.validate_pdf(path, profile="ua1")
        assert [(f.rule_id, f.message) for f in report.failures] == [], path.name
