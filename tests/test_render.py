"""Rendering stays inside the issue folder: the fetcher and the article pictures."""

from __future__ import annotations

import http.server
import threading

import pytest

from conftest import write
from pamphleteer import manifest, render
from pamphleteer.articles import read_articles
from pamphleteer.errors import UserError


@pytest.fixture
def fetcher(tmp_path):
    (tmp_path / "issue").mkdir()
    (tmp_path / "issue" / "ok.css").write_text("p { color: red }")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "issue" / "link.txt").symlink_to(tmp_path / "secret.txt")
    return render.FolderFetcher([tmp_path / "issue"])


def test_fetcher_serves_files_inside_the_folder(fetcher, tmp_path):
    response = fetcher.fetch((tmp_path / "issue" / "ok.css").as_uri())
    assert response.read() == b"p { color: red }"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file:///dev/urandom",
    "LINK",
    "SECRET",
    "ftp://127.0.0.1/x",
])
def test_fetcher_refuses_anything_outside(fetcher, tmp_path, url):
    url = {"LINK": (tmp_path / "issue" / "link.txt").as_uri(),
           "SECRET": (tmp_path / "issue" / ".." / "secret.txt").as_uri()}.get(url, url)
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_fetcher_never_opens_a_network_connection(fetcher):
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(ValueError):
            fetcher.fetch(f"http://127.0.0.1:{server.server_port}/picture.png")
    finally:
        server.shutdown()
    assert requests == []


def test_fetcher_caps_data_urls(fetcher):
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    with pytest.raises(ValueError):
        fetcher.fetch("data:text/plain," + "x" * (2 << 20))


@pytest.mark.parametrize("markdown, expected", [
    ("![x](/etc/passwd)", "picture '/etc/passwd' lies outside the issue folder"),
    ("![x](../../../journal.yaml)", "picture '../../../journal.yaml' lies outside the issue folder"),
    ("![x](http://127.0.0.1:9/x.png)", "picture 'http://127.0.0.1:9/x.png' lies outside"),
    ("![x](../pictures/none.png)", "picture '../pictures/none.png' does not exist"),
])
def test_article_pictures_must_be_inside_the_issue(small_issue, markdown, expected):
    write(small_issue / "articles" / "first.md", f"---\ntitle: T\n---\nText.\n\n{markdown}\n")
    with pytest.raises(UserError) as caught:
        read_articles(manifest.load("9"))
    assert str(caught.value).startswith(f"issues/9/articles/first.md:6: {expected}")


def test_article_pictures_are_resolved_from_the_article(small_issue):
    write(small_issue / "articles" / "first.md", "---\ntitle: T\n---\nText.\n\n![A square](../pictures/square.png)\n")
    article = read_articles(manifest.load("9"))[0]
    assert '<img src="pictures/square.png" alt="A square"' in article.body


def test_a_character_missing_from_the_font_is_an_error(small_issue):
    write(small_issue / "articles" / "first.md", "---\ntitle: T\n---\nText.\n\nUnder the ☭ banner.\n")
    with pytest.raises(UserError) as caught:
        read_articles(manifest.load("9"))
    assert str(caught.value).startswith("issues/9/articles/first.md:6: '☭' (U+262D HAMMER AND SICKLE) not in the font Charis SIL")


def test_fetcher_refuses_a_device_or_pipe_inside_the_folder(fetcher, tmp_path):
    import os
    pipe = tmp_path / "issue" / "pipe.png"
    os.mkfifo(pipe)  # reading it would block forever, like /dev/urandom never ends
    with pytest.raises(ValueError, match="not a regular file"):
        fetcher.fetch(pipe.as_uri())


def test_font_subset_arrays_are_asked_for_by_their_open_type():
    """WeasyPrint's `hb_codepoint_t[<n>]` would make cffi parse a new C type for every length (8 ms each)."""
    import weasyprint.pdf.fonts

    ffi = weasyprint.pdf.fonts.ffi
    assert isinstance(ffi, render._OpenArrays)
    array = ffi.new("hb_codepoint_t[3]", (7, 8, 9))
    assert list(array) == [7, 8, 9]
    assert "hb_codepoint_t[3]" not in ffi._ffi._parsed_types and "hb_codepoint_t[]" in ffi._ffi._parsed_types
    assert len(ffi.new("hb_tag_t[100]")) == 100  # a length without items is left as it is
