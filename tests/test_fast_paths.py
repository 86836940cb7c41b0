"""The fast paths give what the slow ones give: parts laid out apart as one document, warm layouts as cold.

Speed itself is measured in bench/, not here.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write
from pamphleteer import render
from pamphleteer.build import Workshop, build
from pamphleteer.errors import UserError
from pamphleteer.cli import main

PARAGRAPH = ("The branch met on the second Tuesday and the stewards reported on the overtime list, the heat "
             "in the press room and the new rules for breaks, which nobody had been asked about. ")


def _pages(pdf: Path, folder: Path) -> list[bytes]:
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(folder / "p")], check=True)
    return [path.read_bytes() for path in sorted(folder.glob("p-*.pgm"))]


def _same_pages(a: Path, b: Path, tmp: Path) -> list[int]:
    """The 1-based pages whose images differ (and a page count that differs, as page 0).

    A page with pictures is compared by its words and where they stand, and its pictures' places: the
    reader edition downsamples pictures (`reader: max_ppi`), the standalone document keeps the files'."""
    first, second = _pages(a, tmp / "a"), _pages(b, tmp / "b")
    pictured = _pictured(a) | _pictured(b)
    return ([0] if len(first) != len(second) else []) + \
        [n for n, (x, y) in enumerate(zip(first, second), 1)
         if (x != y if n not in pictured else _words(a, n) != _words(b, n) or not _near(_places(a, n), _places(b, n)))]


def _pictured(pdf: Path) -> set[int]:
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {int(row.split()[0]) for row in rows.splitlines()[2:]}


def _words(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _places(pdf: Path, page: int) -> list[tuple]:
    """Each picture's printed width and height in inches on the page (pixels over the whole ppi poppler lists)."""
    rows = subprocess.run(["pdfimages", "-list", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True,
                          text=True, check=True).stdout.splitlines()[2:]
    return [(int(r.split()[3]) / int(r.split()[12]), int(r.split()[4]) / int(r.split()[13])) for r in rows]


def _near(first: list[tuple], second: list[tuple]) -> bool:
    """The same pictures' sizes, within the 0.02 in poppler's whole ppi leave unsaid."""
    return len(first) == len(second) and all(abs(x - y) < 0.02 for a, b in zip(first, second) for x, y in zip(a, b))


def _whole(issue: str, tmp: Path) -> Path:
    """The reader edition as WeasyPrint's own command line lays out `pamphleteer html`'s one document."""
    assert main(["html", issue, "-o", str(tmp / "whole.html")]) == 0
    subprocess.run([sys.executable, "-m", "weasyprint", str(tmp / "whole.html"), str(tmp / "whole.pdf")],
                   check=True, capture_output=True)
    return tmp / "whole.pdf"


def test_the_html_command_lays_out_as_the_reader_edition(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(demo["reader"].parents[0])  # any folder: the document names its base itself
    from conftest import ROOT
    monkeypatch.chdir(ROOT)
    assert _same_pages(_whole("47", tmp_path), demo["reader"], tmp_path) == []


@pytest.fixture
def three(project) -> Path:
    """Issue 9 with three articles, footnotes in each, the first long enough to run over pages."""
    folder = project / "issues" / "9"
    for number, name in enumerate(("one", "two", "three"), 1):
        body = "\n\n".join(PARAGRAPH * 3 + (f"[^{name}{n}]" if n % 2 else "") for n in range(2 + 4 * number))
        notes = "\n\n".join(f"[^{name}{n}]: A note to paragraph {n}." for n in range(1, 2 + 4 * number, 2))
        write(folder / "articles" / f"{name}.md",
              f'---\ntitle: "Article {name}"\nauthor: "A. Writer"\n---\n{body}\n\n{notes}\n')
    write(folder / "issue.yaml", 'issue: 9\ndate: "2012-10"\narticles:\n'
          + "".join(f"  - file: articles/{name}.md\n" for name in ("one", "two", "three")))
    return folder


def _hashes(folder: Path) -> dict[str, str]:
    """Every PDF's digest, the article PDFs' too, by its place in `folder`."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*.pdf"))}


def _count_layouts(monkeypatch) -> list[str]:
    """Every part the renderers lay out from now on, by the first id in its HTML."""
    laid = []
    original = render.Renderer._lay_out

    def counting(self, html, css, chosen):
        laid.append(html.split('class="article', 1)[-1][:60] if 'class="article' in html else "front-or-tail")
        return original(self, html, css, chosen)

    monkeypatch.setattr(render.Renderer, "_lay_out", counting)
    return laid


def test_warm_layouts_give_the_bytes_of_a_cold_build(three, project, tmp_path, monkeypatch):
    workshop = Workshop()
    build("9", tmp_path / "warm", workshop=workshop)
    build("9", tmp_path / "cold")  # editions in processes of their own
    assert _hashes(tmp_path / "warm") == _hashes(tmp_path / "cold")

    # one word changed: only that article is laid out again, once per edition
    article = three / "articles" / "two.md"
    article.write_text(article.read_text().replace("second Tuesday", "second Monday", 1))
    laid = _count_layouts(monkeypatch)
    build("9", tmp_path / "warm", workshop=workshop)
    assert len(laid) == 2 and all("art-two" in part for part in laid)
    build("9", tmp_path / "cold")
    assert _hashes(tmp_path / "warm") == _hashes(tmp_path / "cold")


def test_an_article_that_grows_moves_the_ones_after_it(three, project, tmp_path):
    workshop = Workshop()
    before = build("9", tmp_path / "before", workshop=workshop)
    article = three / "articles" / "one.md"
    article.write_text(article.read_text().replace(PARAGRAPH, PARAGRAPH * 3, 6))
    after = build("9", tmp_path / "after", workshop=workshop)
    moved = [a["page"] - b["page"] for a, b in zip(after.articles, before.articles)]
    assert moved[0] == 0 and moved[1] >= 1 and moved[1] == moved[2]
    reader = tmp_path / "after" / "lantern-9.pdf"
    assert _same_pages(_whole("9", tmp_path), reader, tmp_path) == []  # folios, contents, footnote numbers
    from pypdf import PdfReader
    pdf = PdfReader(reader)
    starts = {item.title: pdf.get_destination_page_number(item) + 1 for item in pdf.outline if not isinstance(item, list)}
    assert [starts[f"Article {name}"] for name in ("one", "two", "three")] == [a["page"] for a in after.articles]
    build("9", tmp_path / "cold")
    assert _hashes(tmp_path / "after") == _hashes(tmp_path / "cold")


def test_watch_puts_the_reader_in_place_first_and_names_the_pages_it_laid_out(three, project, tmp_path):
    from pamphleteer.watch import rebuilds

    article = three / "articles" / "three.md"

    def changes():
        article.write_text(article.read_text().replace("second Tuesday", "second Friday", 1))
        yield {("modified", str(article))}

    first, second = list(rebuilds("9", tmp_path / "out", changes=changes()))
    assert first.error is None and second.error is None, (first.error, second.error)
    starts = {a["file"]: a["page"] for a in second.report.articles}
    total = second.report.pages["reader"]
    assert first.pages["reader"] == list(range(1, total + 1))  # a first build lays out everything
    assert second.pages["reader"][0] == starts["three.md"] and second.pages["reader"][-1] < total  # not the tail
    assert second.first["reader"] < second.first["print"] < second.seconds
    assert _hashes(tmp_path / "out") == (build("9", tmp_path / "cold") and _hashes(tmp_path / "cold"))


def _count_renders(monkeypatch) -> list[int]:
    import weasyprint
    counted = []
    original = weasyprint.HTML.render

    def counting(self, *args, **kwargs):
        counted.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counting)
    return counted


def test_the_spacing_choices_kept_on_disk_lay_each_part_out_once_to_the_same_bytes(project, tmp_path, monkeypatch):
    """Issue 90 (long texts in one and two columns) has paragraphs the even-spacing pass lays out again."""
    from conftest import ROOT
    import shutil
    shutil.copytree(ROOT / "issues" / "90", project / "issues" / "90")
    out = tmp_path / "out"
    counted = _count_renders(monkeypatch)
    build("90", out, workshop=Workshop())
    first, cold = len(counted), _hashes(out)
    cache = project / "output" / ".cache" / "lantern-90-reader.json"
    assert cache.is_file() and cache.with_name("lantern-90-print.json").is_file()
    counted.clear()
    report = build("90", out, workshop=Workshop())  # new renderers: only the file remembers
    parts = 2 * (len(report.articles) + 2)  # front (its length as the last build counted it), articles, tail, x2
    assert len(counted) == parts < first
    assert _hashes(out) == cold
    kept = json.loads(cache.read_text())
    assert list(kept["pages"].values()) == [report.articles[0]["page"] - 1]  # the front's length, counted
    cache.write_text(json.dumps({**kept, "pages": {key: 7 for key in kept["pages"]}}))  # a wrong count
    counted.clear()
    build("90", out, workshop=Workshop())
    assert len(counted) > parts and _hashes(out) == cold  # a first guess only: the articles laid out again, same bytes
    for spoiled in ("{not json", '{"version": "another", "choices": {}}'):
        cache.write_text(spoiled)
        counted.clear()
        build("90", out, workshop=Workshop())
        assert len(counted) > parts // 2 and _hashes(out) == cold  # the reader's started afresh, same bytes


def test_a_glimpse_of_the_changed_pages_draws_them_as_the_written_file_does(three, project, tmp_path):
    """watch's `glimpse` hook: the pages laid out anew, drawn alone before the edition's file is written."""
    from pamphleteer.watch import rebuilds

    article = three / "articles" / "two.md"
    glimpses = []

    def changes():
        article.write_text(article.read_text().replace("second Tuesday", "second Thursday", 1))
        yield {("modified", str(article))}

    def glimpse(rebuild, edition, pages, count, draft):
        assert edition not in rebuild.first  # before its file is in place
        (tmp_path / f"{edition}-{len(glimpses)}.pdf").write_bytes(draft())
        glimpses.append((edition, pages, count))

    first, second = list(rebuilds("9", tmp_path / "out", changes=changes(), glimpse=glimpse))
    assert second.error is None, second.error
    reader = [(pages, count) for edition, pages, count in glimpses if edition == "reader"]
    starts = {a["file"]: a["page"] for a in second.report.articles}
    pages, count = reader[1]
    assert (pages[0], count) == (starts["two.md"], second.report.pages["reader"]) and pages[-1] < starts["three.md"]
    drawn = _pages(tmp_path / "reader-2.pdf", tmp_path / "drawn")
    written = _pages(tmp_path / "out" / "lantern-9.pdf", tmp_path / "written")
    assert len(drawn) == len(pages) and drawn == [written[n - 1] for n in pages]
    assert _hashes(tmp_path / "out") == (build("9", tmp_path / "cold") and _hashes(tmp_path / "cold"))


def test_a_contents_over_two_pages_lays_each_article_out_once_where_the_whole_document_puts_it(project, tmp_path,
                                                                                                monkeypatch):
    folder = project / "issues" / "9"
    names = [f"a{n:02}" for n in range(1, 31)]
    for name in names:
        write(folder / "articles" / f"{name}.md", f'---\ntitle: "Article {name}"\nauthor: "A. Writer"\n---\n'
                                                  f"{PARAGRAPH}\n")
    write(folder / "issue.yaml", 'issue: 9\ndate: "2012-10"\neditions: [reader]\narticles:\n'
          + "".join(f"  - file: articles/{name}.md\n" for name in names))
    laid = _count_layouts(monkeypatch)
    report = build("9", tmp_path / "out")
    articles = [part for part in laid if part != "front-or-tail"]
    assert len(articles) == len(names) and report.articles[0]["page"] > 3  # cover and more than a page of contents
    assert _same_pages(_whole("9", tmp_path), tmp_path / "out" / "lantern-9.pdf", tmp_path) == []


def _refuse(line: int):
    raise UserError(f"bad line {line}")


def test_what_follows_an_edition_in_a_forked_process_hands_back_its_result_or_its_error():
    """The booklet and article PDFs are made in processes forked from their edition's (build.Forked)."""
    import os

    from pamphleteer.build import Forked

    assert Forked(sum, [1, 2, 3]).result() == 6
    with pytest.raises(UserError, match="bad line 4"):
        Forked(_refuse, 4).result()
    with pytest.raises(RuntimeError, match="status 3"):
        Forked(os._exit, 3).result()


def test_a_build_after_one_article_changed_writes_that_article_pdf_alone_and_the_bytes_of_a_cold_build(
        three, project, tmp_path, monkeypatch):
    """Article PDFs are kept in output/.cache/articles under everything that decides their bytes (articlepdfs.py)."""
    import shutil

    written = []
    original = render.write_part
    monkeypatch.setattr(render, "write_part", lambda layout, first, last, **options: written.append(first)
                        or original(layout, first, last, **options))
    kept = project / "output" / ".cache" / "articles"
    build("9", tmp_path / "out", workshop=Workshop())  # followers in this process, so the writes are counted
    assert len(written) == 3 and sorted(p.name for p in kept.iterdir()) == \
        ["lantern-9-one.pdf", "lantern-9-three.pdf", "lantern-9-two.pdf"]
    article = three / "articles" / "three.md"
    article.write_text(article.read_text().replace("second Tuesday", "second Monday", 1))
    written.clear()
    build("9", tmp_path / "out", workshop=Workshop())
    assert len(written) == 1  # the last article: the two before it, and its first page, did not move
    warm = _hashes(tmp_path / "out")
    (kept / "lantern-9-one.pdf").write_bytes(b"spoiled")
    written.clear()
    build("9", tmp_path / "out", workshop=Workshop())
    assert len(written) == 1 and _hashes(tmp_path / "out") == warm  # made again, the same
    shutil.rmtree(project / "output" / ".cache")
    build("9", tmp_path / "cold")
    assert _hashes(tmp_path / "cold") == warm

    article = three / "articles" / "one.md"  # the first article one page longer: every article PDF is new
    article.write_text(article.read_text().replace("[^one1]", ("\n\n" + PARAGRAPH * 3) * 4 + "[^one1]", 1))
    written.clear()
    build("9", tmp_path / "out", workshop=Workshop())
    assert len(written) == 3


def test_kept_article_pdfs_are_found_by_the_next_build_in_another_process(three, project):
    """What decides an article PDF's digest must not depend on what else the process did before (which
    libraries it happened to load): a build in a new process finds the PDFs of the articles that did not change."""
    command = [sys.executable, "-m", "pamphleteer", "build", "9", "--quiet"]
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    kept = project / "output" / ".cache" / "articles"
    before = {path.name: path.stat().st_mtime_ns for path in kept.iterdir()}
    article = three / "articles" / "three.md"
    article.write_text(article.read_text().replace("second Tuesday", "second Monday", 1))
    subprocess.run(command, cwd=project, check=True, capture_output=True)
    after = {path.name: path.stat().st_mtime_ns for path in kept.iterdir()}
    assert sorted(name for name in after if after[name] != before.get(name)) == ["lantern-9-three.pdf"]


def test_the_libraries_in_an_article_pdfs_digest_are_those_that_write_it_whatever_else_is_loaded():
    import ctypes
    import ctypes.util

    from pamphleteer import articlepdfs

    before = articlepdfs._libraries()
    assert any("libpango" in path for path in before) and any("libharfbuzz" in path for path in before)
    loaded = Path("/proc/self/maps").read_text()
    extra = next((found for name in ("gdbm", "ncursesw", "panelw", "formw", "readline", "sqlite3", "bz2", "lzma")
                 if (found := ctypes.util.find_library(name)) and found.split(".so")[0] not in loaded), None)
    if extra is None:
        pytest.skip("no library here that this process has not loaded yet")
    ctypes.CDLL(extra)  # a library nothing here needs, loaded now
    assert extra.split(".so")[0] in Path("/proc/self/maps").read_text()
    assert articlepdfs._libraries() == before
