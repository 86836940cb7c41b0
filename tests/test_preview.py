"""`pamphleteer preview`: pages rendered only where they changed, a server that answers only its own paths,
and the page itself in headless Chromium: spreads, updates without a reload, outlines, a failed build's message."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest

from browser import Browser, chromium
from conftest import write
from pamphleteer import preview as preview_module
from pamphleteer.cli import main
from pamphleteer.pdffile import open_pdf, stored_bytes
from pamphleteer.preview import Preview
from pamphleteer.preview import pages as pages_module
from pamphleteer.preview.fingerprints import fingerprints
from pamphleteer.preview.pages import Page, changed_pages, render_pages
from pamphleteer.proof import spreads
from pamphleteer.watch import Rebuild

# ---- pages: rendered once, again only where they changed ----

STYLE = "<style>@page { size: 200px 260px; margin: 20px } section { break-after: page }</style>"


def pdf_of(path: Path, texts: list[str], *, link_to: int | None = None) -> Path:
    """A PDF with one page per text; with `link_to`, page 1 links to that page."""
    import weasyprint  # the tests make their own small PDFs; the package renders only through render.py

    link = f"<a href='#p{link_to}'>see page {link_to}</a>" if link_to else ""
    body = "".join(f"<section id='p{n}'>{text}{link if n == 1 else ''}</section>"
                   for n, text in enumerate(texts, start=1))
    weasyprint.HTML(string=STYLE + body).write_pdf(path)
    return path


@pytest.fixture
def counted(monkeypatch):
    """The pages handed to pdftoppm, run by run."""
    runs: list[tuple[int, int]] = []
    real = pages_module.rasterise

    def rasterise(pdf, folder, prefix, dpi, *, first, last):
        runs.append((first, last))
        return real(pdf, folder, prefix, dpi, first=first, last=last)

    monkeypatch.setattr(pages_module, "rasterise", rasterise)
    return runs


def test_only_pages_drawn_differently_are_rendered_again(tmp_path, counted):
    folder = tmp_path / "pngs"
    folder.mkdir()
    first = render_pages(pdf_of(tmp_path / "a.pdf", ["one", "two", "three", "four"]), folder, jobs=2)
    assert counted == [(1, 2), (3, 4)]
    second = render_pages(pdf_of(tmp_path / "b.pdf", ["one", "owt", "three", "four"]), folder, previous=first)
    assert counted[2:] == [(2, 2)]
    assert [page.png == before.png for page, before in zip(second, first)] == [True, False, True, True]
    assert changed_pages(second, first) == [2]
    assert sorted(path.name for path in folder.iterdir()) == sorted({page.png for page in first + second})


def test_the_build_may_say_which_pages_changed(tmp_path, counted, monkeypatch):
    folder = tmp_path / "pngs"
    folder.mkdir()
    first = render_pages(pdf_of(tmp_path / "a.pdf", ["one", "two", "three"]), folder, jobs=1)
    monkeypatch.setattr(pages_module, "fingerprints", lambda pdf: pytest.fail("fingerprints were not needed"))
    second = render_pages(pdf_of(tmp_path / "b.pdf", ["one", "two", "three", "four"]), folder, previous=first,
                          changed=[3], jobs=1)
    assert counted == [(1, 3), (3, 4)]
    assert [page.png for page in second[:2]] == [page.png for page in first[:2]]
    assert changed_pages(second, first) == [4]  # page 3 was rendered again, and came out the same


def test_a_link_counts_as_its_target_page_number_not_its_contents(tmp_path):
    """The same letters throughout (a letter used for the first time changes the font, so every page)."""
    before = fingerprints(pdf_of(tmp_path / "a.pdf", ["one 2", "two 3", "three"], link_to=3))
    after = fingerprints(pdf_of(tmp_path / "b.pdf", ["one 2", "two 3", "theer"], link_to=3))
    moved = fingerprints(pdf_of(tmp_path / "c.pdf", ["one 2", "two 3", "three"], link_to=2))
    assert [a == b for a, b in zip(before, after)] == [True, True, False]
    assert [a == b for a, b in zip(before, moved)] == [False, True, True]


def test_a_letter_used_for_the_first_time_changes_every_page_in_that_font(tmp_path):
    before = fingerprints(pdf_of(tmp_path / "a.pdf", ["one", "two"]))
    after = fingerprints(pdf_of(tmp_path / "b.pdf", ["one", "twoz"]))
    assert [a == b for a, b in zip(before, after)] == [False, False]


def test_a_stream_is_digested_as_stored_not_decoded(tmp_path):
    opened = open_pdf(pdf_of(tmp_path / "a.pdf", ["one"]))
    contents = opened.pages[0].get("/Contents").get_object()
    stored = stored_bytes(contents)
    assert stored in opened.data and zlib.decompress(stored) == contents.get_data()


def test_changed_pages_counts_new_pages():
    before = [Page(1, "a.png", (1, 1)), Page(2, "b.png", (1, 1))]
    after = [Page(1, "a.png", (1, 1)), Page(2, "c.png", (1, 1)), Page(3, "b.png", (1, 1))]
    assert changed_pages(after, before) == [2, 3]


# ---- the server: its own paths only ----

def get(preview: Preview, path: str, *, host: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.server_port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{preview.server.server_port}")
    connection.endheaders()
    response = connection.getresponse()
    status, body = response.status, response.read()
    connection.close()
    return status, body


@pytest.fixture
def served(tmp_path, project):
    """A preview showing a built two-page PDF, plus a PNG in its folder that no build showed."""
    (tmp_path / "out").mkdir()
    pdf_of(tmp_path / "out" / "lantern-9.pdf", ["one", "two"])
    report = type("Report", (), {"issue": 9, "slug": "lantern", "folder": str(tmp_path / "out"),
                                 "pages": {"reader": 2}})()
    with Preview(port=0) as preview:
        preview.show(Rebuild(report=report))
        (preview.folder / "0123456789abcdef.png").write_bytes(b"not shown")
        yield preview


REFUSED = [
    "/../journal.yaml", "/..%2f..%2fjournal.yaml", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/etc/passwd",
    "/pages/", "/pages", "/pages/../../../etc/passwd", "/pages/..%2f..%2fjournal.yaml",
    "/preview.js/../../../../etc/passwd", "/static/index.html", "/index.html", "/__init__.py",
    "/pages/0123456789abcdef.png", "http://127.0.0.1/../../etc/passwd", "/./preview.js", "/PREVIEW.JS",
]


@pytest.mark.parametrize("path", REFUSED)
def test_paths_outside_its_own_are_refused(served, path):
    assert get(served, path) == (404, b"not found\n")


def test_its_own_paths_are_served(served):
    state = json.loads(get(served, "/state.json")[1])
    assert [page["number"] for page in state["pages"]] == [1, 2] and state["error"] is None
    status, png = get(served, "/" + state["pages"][1]["src"])
    assert (status, png[:8]) == (200, b"\x89PNG\r\n\x1a\n")
    assert get(served, "/")[1].startswith(b"<!doctype html>")
    assert get(served, "/preview.js?v=2")[0] == 200


def test_another_host_name_is_refused(served):
    assert get(served, "/", host="attacker.example:80")[0] == 403


def test_it_listens_on_127_0_0_1_only(served):
    assert served.server.server_address[0] == "127.0.0.1"


def test_a_port_in_use_is_a_clear_error(served, small_issue, capsys):
    port = served.server.server_port
    assert main(["preview", "9", "--port", str(port)]) == 2
    assert capsys.readouterr().err == (f"pamphleteer: cannot serve on 127.0.0.1:{port}: Address already in use; "
                                       "expected a free port (--port N, or --port 0 for any free one)\n")


def test_a_failed_build_replaces_the_pages_and_the_next_good_one_outlines_against_the_last_good(served, tmp_path):
    from pamphleteer.errors import UserError

    shown = served.show(Rebuild(error=UserError("titel: unknown key", "issues/9/articles/first.md", 2, 1)))
    state = json.loads(get(served, "/state.json")[1])
    assert (state["error"], state["pages"], shown.build) == ("issues/9/articles/first.md:2:1: titel: unknown key",
                                                             [], 2)
    pdf_of(tmp_path / "out" / "lantern-9.pdf", ["one", "TWO"])
    report = type("Report", (), {"issue": 9, "slug": "lantern", "folder": str(tmp_path / "out"),
                                 "pages": {"reader": 2}})()
    assert served.show(Rebuild(report=report)).changed == [2]


def test_the_reader_pages_are_shown_as_soon_as_its_file_is_written(tmp_path, project, counted):
    from pamphleteer.errors import UserError

    state = lambda: json.loads(preview.hub.state)  # noqa: E731
    with Preview(port=0, jobs=1) as preview:
        pdf = pdf_of(tmp_path / "lantern-9.pdf", ["one", "two"])
        rebuild = Rebuild(first={"print": 0.4, "reader": 0.5})
        preview.ready(rebuild, "print", pdf, [1, 2])
        assert state()["build"] == 0
        preview.ready(rebuild, "reader", pdf, [1, 2])
        assert (state()["build"], len(state()["pages"]), state()["finished"]) == (1, 2, None)
        rebuild.report, rebuild.seconds = type("Report", (), {"pages": {"reader": 2}})(), 2.0
        assert preview.show(rebuild).build == 1
        assert (state()["build"], len(state()["pages"]), state()["finished"], counted) == (1, 2, 2.0, [(1, 2)])

        again = Rebuild(first={"reader": 0.3}, error=None)
        preview.ready(again, "reader", pdf_of(tmp_path / "lantern-9.pdf", ["one", "owt"]), [2])
        assert ([page["changed"] for page in state()["pages"]], counted[1:]) == ([False, True], [(2, 2)])
        again.error = UserError("the print edition failed", "issues/9/issue.yaml", 1)
        preview.show(again)
        assert (state()["build"], state()["pages"], state()["error"]) == (
            2, [], "issues/9/issue.yaml:1: the print edition failed")

        preview.show(Rebuild(error=UserError("broken", "issues/9/articles/first.md", 1)))  # before the reader
        preview.ready(Rebuild(first={"reader": 0.2}), "reader", pdf_of(tmp_path / "lantern-9.pdf", ["one", "two"]),
                      [])  # "none laid out anew" is not trusted after a build that showed nothing
        assert (state()["build"], counted[2:]) == (4, [(1, 2)])


def test_a_glimpse_shows_the_changed_pages_before_the_file_is_written(tmp_path, project, counted):
    state = lambda: json.loads(preview.hub.state)  # noqa: E731
    with Preview(port=0, jobs=1) as preview:
        rebuild = Rebuild(first={"reader": 0.5})
        preview.glimpse(rebuild, "reader", [1, 2, 3], 3, lambda: pytest.fail("nothing shown yet to keep"))
        preview.ready(rebuild, "reader", pdf_of(tmp_path / "lantern-9.pdf", ["one", "two", "three"]), [1, 2, 3])
        preview.show(rebuild)
        first = state()["pages"]

        again = Rebuild()
        draft = lambda: pdf_of(tmp_path / "draft.pdf", ["owt"]).read_bytes()  # noqa: E731
        preview.glimpse(again, "print", [2], 3, lambda: pytest.fail("the print edition is not the one shown"))
        preview.glimpse(again, "reader", [2], 3, draft)
        shown = state()
        assert (shown["build"], shown["finished"], counted[1:]) == (2, None, [(1, 1)])  # the draft's one page
        assert [page["changed"] for page in shown["pages"]] == [False, True, False]
        assert [p["src"] for p in shown["pages"]][::2] == [p["src"] for p in first][::2]
        preview.ready(again, "reader", pdf_of(tmp_path / "lantern-9.pdf", ["one", "owt", "three"]), [2])
        again.report, again.seconds = type("Report", (), {"pages": {"reader": 3}})(), 1.0
        preview.show(again)
        assert (state()["pages"], state()["finished"], counted[1:]) == (shown["pages"], 1.0, [(1, 1)])

        grown = Rebuild()  # a page more than the last build showed: the whole file is rendered when written
        preview.glimpse(grown, "reader", [3], 4, lambda: pytest.fail("page 4 was never shown"))
        assert state()["build"] == 2


# ---- the page, in headless Chromium ----

needs_chromium = pytest.mark.skipif(chromium() is None, reason="chromium is not installed (make setup installs it)")

SPREADS = """[...document.querySelectorAll('.spread')].map(row =>
    [...row.children].map(page => (page.classList.contains('left') ? 'L' : 'R') + page.dataset.page).join(' '))"""
OUTLINED = "[...document.querySelectorAll('.page.changed')].map(page => Number(page.dataset.page))"


def start_preview(project: Path, temporary: Path) -> tuple[subprocess.Popen, str, list[str]]:
    """`pamphleteer preview 9 --port 0` as an editor runs it, its temporary files in `temporary`; its address,
    read from what it prints."""
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "pamphleteer", "preview", "9", "--port", "0"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "TMPDIR": str(temporary)})
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if " at http://127.0.0.1:" in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(60), "".join(lines)
    return process, re.search(r"http://127\.0\.0\.1:\d+/", "".join(lines))[0], lines


def pages_with(pdf: Path, word: str) -> list[int]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                             text=True).stdout)[1])
    return [n for n in range(1, count + 1)
            if word in subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                      capture_output=True, text=True).stdout]


@needs_chromium
def test_the_page_follows_the_builds(small_issue, project, tmp_path):
    article = small_issue / "articles" / "first.md"
    process, url, lines = start_preview(project, tmp_path / "tmp")
    try:
        with Browser(tmp_path / "profile") as browser:
            browser.open(url)
            browser.wait_for("document.body.dataset.build === '1'", timeout=120)
            count = len(json.loads(browser.evaluate("JSON.stringify([...document.images].map(i => i.src))")))
            expected = [" ".join(f"{side}{n}" for side, n in zip("LR", pair) if n) for pair in spreads(count)]
            assert browser.evaluate(SPREADS) == expected and count >= 3
            assert browser.wait_for("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
            assert browser.evaluate(OUTLINED) == []
            browser.screenshot(tmp_path / "1-built.png")
            browser.evaluate("window.notReloaded = true")

            article.write_text(article.read_text().replace("Text of the first", "Wording of the first"))
            browser.wait_for("document.body.dataset.build === '2'", timeout=120)
            reader = project / "output" / "9" / "lantern-9.pdf"
            assert browser.evaluate(OUTLINED) == pages_with(reader, "Wording of the first")
            assert browser.evaluate("window.notReloaded") is True
            browser.screenshot(tmp_path / "2-changed.png")

            article.write_text("---\ntitel: x\n---\ntext\n")
            browser.wait_for("document.body.dataset.build === '3'", timeout=120)
            message = browser.evaluate("document.getElementById('message').textContent")
            assert message.startswith("issues/9/articles/first.md:2:1: titel: unknown key")
            assert browser.evaluate("document.querySelectorAll('.page').length") == 0
            assert browser.evaluate("document.getElementById('failure').hidden") is False
            assert browser.evaluate("window.notReloaded") is True
            browser.screenshot(tmp_path / "3-failed.png")

            article.write_text('---\ntitle: "The first article"\nauthor: "A. Writer"\n---\nText again.\n')
            browser.wait_for("document.body.dataset.build === '4'", timeout=120)
            assert browser.evaluate("document.getElementById('failure').hidden") is True
            assert browser.evaluate(SPREADS) == expected
            assert browser.evaluate(OUTLINED) == pages_with(reader, "Text again")  # against build 2, the last good
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        process.wait(30)
    assert "Traceback" not in "".join(lines)
    assert (process.returncode, list((tmp_path / "tmp").iterdir())) == (130, [])  # its PNGs removed


@needs_chromium
def test_an_even_last_page_stands_alone_on_the_left(served, tmp_path):
    with Browser(tmp_path / "profile") as browser:
        browser.open(served.url)
        browser.wait_for("document.body.dataset.build === '1'")
        assert browser.evaluate(SPREADS) == ["R1", "L2"]
        assert browser.evaluate("document.title") == "lantern-9 · preview"
