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


PAGES = """<html lang="en"><head><title>Kept pages</title></head><body>
<h1>The branch meeting</h1><p>Stewards reported on the <b>overtime list</b> and <i>the heat</i>.</p>
<img src="picture.png" alt="A grey square">
<p style="break-before: page">The second page, {word}, drawn as the first.</p>
<p style="break-before: page; opacity: 0.5">A faded page: WeasyPrint numbers its transparency group.</p>
</body></html>"""


def _kept_renderer(folder, keep: bool = True) -> render.Renderer:
    from PIL import Image

    Image.new("RGB", (40, 30), (90, 120, 150)).save(folder / "picture.png")
    renderer = render.Renderer(base=folder, roots=[folder], stylesheets=[], tune=None,
                               extra_css="@page { size: 100mm 80mm; margin: 10mm }")
    if keep:
        renderer.keep()
    return renderer


def _counting(monkeypatch, name: str, owner=render) -> list:
    calls, original = [], getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_a_kept_page_written_again_is_replayed_to_the_same_bytes(tmp_path, monkeypatch):
    """watch's renderers draw a page once; a page whose drawing the document numbers is drawn every time."""
    renderer = _kept_renderer(tmp_path)
    layout = renderer.lay_out(PAGES.format(word="Tuesday"))
    options = {"identifier": b"kept", "variant": "pdf/ua-1"}  # tagged: the marks are replayed too
    drawn = _counting(monkeypatch, "_weasyprint_paint")
    deflated = _counting(monkeypatch, "_deflated", render._Deflater)
    first = renderer.write(layout, **options).pdf
    assert len(drawn) == 3 and deflated
    drawn.clear(), deflated.clear()
    second = renderer.write(layout, **options).pdf
    assert second == first
    assert [layout.document.pages.index(page) for page, *_ in drawn] == [2]  # the faded page alone
    assert deflated == []  # every stream as the last writing compressed it
    plain = _kept_renderer(tmp_path, keep=False)
    assert plain.write(plain.lay_out(PAGES.format(word="Tuesday")), **options).pdf == first
    untagged = renderer.write(layout, identifier=b"kept").pdf  # drawn afresh: a page's marks differ untagged
    assert untagged == plain.write(plain.lay_out(PAGES.format(word="Tuesday")), identifier=b"kept").pdf


def test_kept_pages_beside_new_ones_give_the_bytes_of_a_fresh_writing(tmp_path):
    """Pages kept from one layout and new ones from another, as watch puts an issue together after an edit:
    the fonts' glyphs, pictures and graphics states the kept pages used are all in the file."""
    renderer = _kept_renderer(tmp_path)
    before = renderer.lay_out(PAGES.format(word="Tuesday"))
    renderer.write(before, identifier=b"mixed")
    after = renderer.lay_out(PAGES.format(word="Quixotic Zebras"))  # glyphs no kept page has
    mixed = render.combine([(before, 0), (after, 0)])
    plain = _kept_renderer(tmp_path, keep=False)
    fresh = render.combine([(plain.lay_out(PAGES.format(word="Tuesday")), 0),
                            (plain.lay_out(PAGES.format(word="Quixotic Zebras")), 0)])
    assert renderer.write(mixed, identifier=b"mixed").pdf == plain.write(fresh, identifier=b"mixed").pdf
    alone = render.combine([(after, 0), (before, 2)])  # the kept faded page after new ones
    fresh_alone = render.combine([(plain.lay_out(PAGES.format(word="Quixotic Zebras")), 0),
                                  (plain.lay_out(PAGES.format(word="Tuesday")), 2)])
    assert renderer.write(alone, identifier=b"a").pdf == plain.write(fresh_alone, identifier=b"a").pdf


def test_a_page_that_logs_a_warning_is_drawn_again_and_warns_again(tmp_path):
    renderer = _kept_renderer(tmp_path)
    layout = renderer.lay_out(PAGES.format(word="\U0010fffd"))  # no font has it: WeasyPrint warns as it draws
    warned = [renderer.write(layout, identifier=b"w").warnings for _ in range(2)]
    assert any(".notdef" in w for w in warned[0]) and warned[1] == warned[0]


def test_page_references_are_built_once_per_page_added():
    """WeasyPrint's tagging asks for them once per structure element; pydyf built them anew each time."""
    import pydyf

    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({}))
    first = pdf.page_references
    assert pdf.page_references is first and first == (f"{pdf.pages['Kids'][0]} 0 R".encode(),)
    pdf.add_page(pydyf.Dictionary({}))
    assert len(pdf.page_references) == 2 and pdf.page_references[0] == first[0]


def _idat(png: bytes) -> bytes:
    """A PNG file's compressed pixels, its IDAT chunks joined."""
    import struct

    at, found = 8, []
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"IDAT":
            found.append(png[at + 8:at + 8 + length])
        at += length + 12
    return b"".join(found)


def _handmade_png(width: int, height: int, depth: int, interlace: int, rows: list[bytes]) -> bytes:
    """An RGB PNG file written here, for what Pillow does not write: 16 bits a sample, or interlaced (`rows` are
    then Adam7's passes' lines: of a 2 x 2 picture, the top left pixel, the top right, the bottom line)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    head = struct.pack(">IIBBBBB", width, height, depth, 2, 0, 0, interlace)
    pixels = zlib.compress(b"".join(b"\0" + row for row in rows))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _picture(kind: str):
    from PIL import Image

    gray = Image.linear_gradient("L").resize((64, 48))
    return {"RGB": Image.merge("RGB", [gray, gray.transpose(Image.Transpose.FLIP_LEFT_RIGHT), gray]),
            "L": gray, "P": gray.convert("P"), "RGBA": gray.convert("RGBA")}.get(kind)


PNG_KINDS = {  # kind -> whether a PDF image stream takes the file's compressed pixels as they are
    "RGB": True, "L": True, "P": False, "RGBA": False, "RGB 16 bits": False, "RGB interlaced": False}


@pytest.mark.parametrize("kind", PNG_KINDS)
def test_a_png_file_s_own_pixels_go_into_the_pdf_when_they_can(tmp_path, kind):
    """8-bit gray or RGB, not interlaced: the file's compressed pixels as they are (WeasyPrint decoded and
    encoded them again); anything else as WeasyPrint makes it. Either way the PDF shows the file's pixels."""
    import io

    import pypdf
    from PIL import Image

    path = tmp_path / "picture.png"
    if kind == "RGB 16 bits":
        path.write_bytes(_handmade_png(3, 2, 16, 0, [bytes(range(k, k + 18)) for k in (0, 100)]))
    elif kind == "RGB interlaced":
        path.write_bytes(_handmade_png(2, 2, 8, 1, [b"\x10\x80\xf0", b"\x20\x40\x60", b"\x01\x02\x03\xfa\xfb\xfc"]))
    else:
        _picture(kind).save(path)
    renderer = render.Renderer(base=tmp_path, roots=[tmp_path], stylesheets=[], tune=None,
                               extra_css="@page { size: 100mm 80mm; margin: 10mm }")
    pdf = renderer.write(renderer.lay_out('<img src="picture.png" alt="">')).pdf
    xobjects = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
    stream = next(iter(xobjects.values())).get_object()
    shown = Image.frombytes("RGB" if stream["/ColorSpace"] == "/DeviceRGB" else "L",
                            (stream["/Width"], stream["/Height"]), stream.get_data())
    with Image.open(path) as original:
        assert shown.tobytes() == original.convert(shown.mode).tobytes()
    assert (stream._data == _idat(path.read_bytes())) is PNG_KINDS[kind]


WEASYPRINT_TRIES = ["libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "pango-1.0", "libpango-1.0-0", "harfbuzz",
                    "harfbuzz-subset", "harfbuzz-vector", "fontconfig", "pangoft2-1.0", "c", "m", "no-such-lib"]


def test_libraries_are_found_in_one_listing_as_ctypes_finds_them():
    """WeasyPrint loads Pango by trying names; the names found in one reading of ldconfig's list are the ones
    ctypes finds, and a name the list lacks is not found, without asking ctypes (and its linker) again."""
    import ctypes.util

    listed = render._ldconfig_list()
    if b"libpango-1.0.so" not in listed:
        pytest.skip("no ldconfig list with Pango on this machine")
    found = {name: render._listed_library(listed, name) for name in WEASYPRINT_TRIES}
    assert found == {name: ctypes.util.find_library(name) for name in WEASYPRINT_TRIES}
    assert found["pango-1.0"].startswith("libpango-1.0.so") and found["no-such-lib"] is None


def test_ctypes_looks_libraries_up_as_before_once_weasyprint_is_loaded():
    import ctypes.util

    looked_up = ctypes.util.find_library
    with render._libraries_listed_once():
        if b"libpango-1.0.so" in render._ldconfig_list():
            assert ctypes.util.find_library is not looked_up
            assert ctypes.util.find_library("pango-1.0").startswith("libpango-1.0.so")
    assert ctypes.util.find_library is looked_up
