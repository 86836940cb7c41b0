"""Preflight: each defect is made for real (WeasyPrint, pypdf), caught by our
checks on the right page, and confirmed by an independent tool (poppler's
pdffonts / pdfimages / pdfinfo / pdftoppm, qpdf). A tool missing from PATH
skips only the assertion that needs it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject,
                           NumberObject, RectangleObject)

from pamphleteer.errors import UserError
from pamphleteer.preflight import PreflightRules, preflight
from pamphleteer.preflight.cli import register
from pamphleteer.preflight.content import Op, tokens
from pamphleteer.preflight.glyphs import _cmap, maxp_glyph_count
from pamphleteer.preflight.registry import page_ranges

weasyprint = pytest.importorskip("weasyprint")

ICC_CANDIDATES = [Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),
                  Path("/usr/share/ghostscript/iccprofiles/default_cmyk.icc")]
PRINT_CHECKS = ["structure", "fonts", "font fallback", "glyphs", "boxes", "marks", "page count",
                "output intent", "colour", "pictures", "annotations"]
TEXT_PAGE = "<p style='text-align: justify'>" + "Lorem ipsum dolor sit amet, <em>consectetur</em> " \
    "adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. " * 9 + "</p>"
PROFILE_CHECKS = {
    "print": PRINT_CHECKS,
    "reader": ["structure", "fonts", "font fallback", "glyphs", "pictures"],
    "booklet": ["structure", "fonts", "font fallback", "glyphs", "boxes", "output intent", "pictures"],
}


# --- helpers ------------------------------------------------------------------

def tool(*argv: str | Path) -> subprocess.CompletedProcess:
    """Run an independent tool; skip the test when it is not installed."""
    if shutil.which(str(argv[0])) is None:
        pytest.skip(f"{argv[0]} not on PATH")
    return subprocess.run([str(a) for a in argv], capture_output=True, timeout=120)


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode("latin-1")


def pdffonts(path: Path, page: int | None = None) -> dict[str, str]:
    """{font name: emb column}."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    lines = out(tool("pdffonts", *pages, path)).splitlines()[2:]
    return {line.split()[0]: line.split()[-5] for line in lines if line.strip()}


def pdfimages(path: Path) -> list[dict]:
    """pdfimages -list rows: page, color, x-ppi, y-ppi."""
    rows = []
    for line in out(tool("pdfimages", "-list", path)).splitlines()[2:]:
        f = line.split()
        rows.append({"page": int(f[0]), "type": f[2], "color": f[5], "x": int(f[12]), "y": int(f[13])})
    return rows


def pdfinfo_boxes(path: Path, pages: int) -> dict[int, dict[str, tuple[float, ...]]]:
    """{page: {"TrimBox": (x0, y0, x1, y1), ...}} from pdfinfo -box -f 1 -l pages."""
    boxes: dict[int, dict] = {}
    for line in out(tool("pdfinfo", "-box", "-f", "1", "-l", str(pages), path)).splitlines():
        f = line.split()
        if f and f[0] == "Page" and f[2].endswith("Box:"):
            boxes.setdefault(int(f[1]), {})[f[2][:-1]] = tuple(float(v) for v in f[3:7])
    return boxes


def qpdf_page_objects(path: Path) -> dict[int, dict]:
    """{page: page dictionary} as qpdf parses it (JSON v2)."""
    data = json.loads(out(tool("qpdf", "--json", "--json-key=pages", "--json-key=qpdf", path)))
    objects = data["qpdf"][1]
    return {p["pageposfrom1"]: objects["obj:" + p["object"]]["value"] for p in data["pages"]}


def qpdf_catalog(path: Path) -> dict:
    data = json.loads(out(tool("qpdf", "--json", "--json-key=qpdf", path)))
    objects = data["qpdf"][1]
    return objects["obj:" + objects["trailer"]["value"]["/Root"]]["value"]


def only(report, check: str, status: str | None = None) -> list:
    found = report.by_check(check)
    return [f for f in found if status is None or f.status == status]


@contextmanager
def weasyprint_log():
    """Collect WeasyPrint's warnings (it logs to a NullHandler by default)."""
    messages: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def render(path: Path, body: str, page_css: str, *, variant: str | None = None,
           icc: Path | None = None, extra_css: str = "") -> list[str]:
    """Write body as a digest-size PDF with WeasyPrint; return its warnings."""
    profile = (f"@color-profile device-cmyk {{ src: url({icc.as_uri()}); components: c, m, y, k }}"
               if icc else "")
    css = f"""{profile}
        @page {{ size: 5.5in 8.5in; margin: 0.75in; {page_css} }}
        body {{ font-family: 'Charis SIL'; font-size: 11pt }}
        h1 {{ font-family: 'PT Sans' }}
        .page {{ break-before: page }}
        {extra_css}"""
    head = ('<meta name=dcterms.created content="2024-01-01T00:00:00Z">'
            '<meta name=dcterms.modified content="2024-01-01T00:00:00Z">')
    html = f"<html lang=en><head>{head}<style>{css}</style></head><body>{body}</body></html>"
    with weasyprint_log() as messages:
        weasyprint.HTML(string=html, base_url=str(path.parent) + "/").write_pdf(
            path, pdf_variant=variant)
    return messages


def pages(*bodies: str) -> str:
    return "".join(f"<section class=page>{body}</section>" for body in bodies)


# --- fixtures (module scope: each PDF is made once) -----------------------------

@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("preflight")
    Image.new("RGB", (600, 600), (200, 40, 40)).save(folder / "rgb600.png")
    Image.new("CMYK", (600, 600), (0, 90, 90, 0)).save(folder / "cmyk600.jpg")
    Image.new("RGB", (144, 144), (30, 90, 160)).save(folder / "rgb144.png")
    return folder


@pytest.fixture(scope="module")
def icc() -> Path:
    for candidate in ICC_CANDIDATES:
        if candidate.is_file():
            return candidate
    pytest.skip("no CMYK printer ICC profile installed (ghostscript's default_cmyk.icc)")


@pytest.fixture(scope="module")
def good(workdir, icc) -> Path:
    """PDF/X-4, 0.5 in CSS bleed, crop marks, 4 pages, pictures at 300 and 600 ppi."""
    path = workdir / "good.pdf"
    warnings = render(path, pages(
        "<h1>Pamphleteer</h1><p>A small journal, set in Charis SIL.</p>",
        "<p>A picture at 300 ppi:</p><img src=rgb600.png style='width: 2in'>",
        "<p>CMYK at 600 ppi:</p><img src=cmyk600.jpg style='width: 1in'>",
        "<p>Қазақ тілі: Ә Ғ Қ Ң Ө Ұ Ү Һ І.</p>" + TEXT_PAGE),
        "bleed: 0.5in; marks: crop", variant="pdf/x-4", icc=icc)
    assert warnings == []
    return path


@pytest.fixture(scope="module")
def x1a(workdir, icc) -> Path:
    """Declares PDF/X-1a; CMYK text, an RGB picture on page 2, RGB text on page 3."""
    path = workdir / "x1a.pdf"
    render(path, pages(
        "<p>Text in CMYK black.</p>",
        "<p>An RGB picture:</p><img src=rgb600.png style='width: 2in'>",
        "<p>One <span style='color: red'>red</span> word.</p>",
        "<p>The end.</p>"),
        "bleed: 0.5in", variant="pdf/x-1a", icc=icc, extra_css="html { color: device-cmyk(0 0 0 1) }")
    return path


@pytest.fixture(scope="module")
def flawed(workdir) -> tuple[Path, list[str]]:
    """13 pages, no bleed, no PDF/X; a link on p. 3, a 72 ppi picture on p. 5,
    U+E000 (in no installed font) on p. 7, an emoji Charis SIL lacks on p. 9."""
    path = workdir / "flawed.pdf"
    bodies = [f"<p>Page {n}.</p>" for n in range(1, 14)]
    bodies[2] = "<p>See <a href='https://example.org/'>our site</a>.</p>"
    bodies[4] = "<p>Low resolution:</p><img src=rgb144.png style='width: 2in'>"
    bodies[6] = "<p>Private use: \ue000 here.</p>"
    bodies[8] = "<p>A face: \U0001F600 here.</p>"
    return path, render(path, pages(*bodies), "")


@pytest.fixture(scope="module")
def tight_bleed(workdir) -> Path:
    """9 pt CSS bleed with crop marks: WeasyPrint draws the marks inside the BleedBox."""
    path = workdir / "tight.pdf"
    render(path, pages(*["<p>Tight.</p>"] * 4), "bleed: 9pt; marks: crop")
    return path


def _name(value: str) -> NameObject:
    return NameObject(value)


def _dict(**entries) -> DictionaryObject:
    return DictionaryObject({_name("/" + k): v for k, v in entries.items()})


def _stream(writer: PdfWriter, data: bytes, **entries):
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({_name("/" + k): v for k, v in entries.items()})
    return writer._add_object(stream)


def _numbers(*values: float) -> ArrayObject:
    return ArrayObject(NumberObject(v) for v in values)


@pytest.fixture(scope="module")
def crafted(workdir) -> Path:
    """pypdf-made, 4 pages: Helvetica (not embedded) on p. 2; Courier (not embedded)
    inside a form on p. 3, which has no TrimBox/BleedBox; on p. 4 a 150 px image
    drawn at 2 in through a form scaled by its /Matrix (75 ppi)."""
    w = PdfWriter()
    helvetica = w._add_object(_dict(Type=_name("/Font"), Subtype=_name("/Type1"),
                                    BaseFont=_name("/Helvetica"), Encoding=_name("/WinAnsiEncoding")))
    courier = w._add_object(_dict(Type=_name("/Font"), Subtype=_name("/Type1"), BaseFont=_name("/Courier")))
    image = _stream(w, b"\x80" * 150 * 150, Type=_name("/XObject"), Subtype=_name("/Image"),
                    Width=NumberObject(150), Height=NumberObject(150),
                    ColorSpace=_name("/DeviceGray"), BitsPerComponent=NumberObject(8))
    text_form = _stream(w, b"BT /F2 10 Tf 0 0 Td (form) Tj ET", Type=_name("/XObject"),
                        Subtype=_name("/Form"), BBox=_numbers(0, 0, 200, 200),
                        Resources=_dict(Font=_dict(F2=courier)))
    image_form = _stream(w, b"q 72 0 0 72 0 0 cm /Im1 Do Q", Type=_name("/XObject"),
                         Subtype=_name("/Form"), BBox=_numbers(0, 0, 200, 200),
                         Matrix=_numbers(2, 0, 0, 2, 0, 0), Resources=_dict(XObject=_dict(Im1=image)))
    contents = [(b"0 0 0 1 k 50 50 100 100 re f", _dict()),
                (b"BT /F1 12 Tf 72 500 Td (Hello) Tj ET", _dict(Font=_dict(F1=helvetica))),
                (b"q 1 0 0 1 72 72 cm /Fm1 Do Q", _dict(XObject=_dict(Fm1=text_form))),
                (b"q 1 0 0 1 100 100 cm /Fm2 Do Q", _dict(XObject=_dict(Fm2=image_form)))]
    for number, (data, resources) in enumerate(contents, 1):
        page = w.add_blank_page(432, 648)
        page[_name("/Contents")] = _stream(w, data)
        page[_name("/Resources")] = resources
        if number != 3:
            page.trimbox = RectangleObject([18, 18, 414, 630])
            page.bleedbox = RectangleObject([9, 9, 423, 639])
    path = workdir / "crafted.pdf"
    w.write(path)
    return path


@pytest.fixture(scope="module")
def broken(workdir, good) -> Path:
    """The good PDF with its startxref offset off by 7 bytes."""
    data = good.read_bytes()
    at = data.rindex(b"startxref") + len(b"startxref")
    offset = data[at:].split()[0]
    path = workdir / "broken.pdf"
    path.write_bytes(data[:at] + b"\n" + str(int(offset) + 7).encode() + data[at + 1 + len(offset):])
    return path


def impose_two_up(source: Path, target: Path) -> Path:
    """A crude 2-up imposition (not the project's imposer): catalog entries are lost."""
    reader = PdfReader(source)
    writer = PdfWriter()
    for left, right in zip(reader.pages[::2], reader.pages[1::2]):
        sheet = writer.add_blank_page(792, 612)
        for page, x in ((left, 0), (right, 396)):
            trim = page.trimbox
            sheet.merge_transformed_page(page, Transformation().translate(x - float(trim.left),
                                                                         -float(trim.bottom)))
    writer.write(target)
    return target


def with_catalog(path: Path, source: Path, target: Path, keys: tuple[str, ...]) -> Path:
    """A copy of path with the catalog entries keys taken from source."""
    writer = PdfWriter(clone_from=path)
    catalog = PdfReader(source).trailer["/Root"]
    for key in keys:
        writer._root_object[_name(key)] = catalog[key].clone(writer)
    writer.write(target)
    return target


# --- the good file: every check passes, and the tools agree -------------------

def test_good_print_file_passes_every_check(good):
    report = preflight(good, profile="print")
    assert [f.check for f in report.findings] == PRINT_CHECKS
    assert report.ok and report.warnings == [], report.table()
    assert report.standard == "x-4"


def test_good_fonts_embedded_says_pdffonts(good):
    fonts = pdffonts(good)
    assert any("Charis-SIL" in name for name in fonts) and any("PT-Sans" in name for name in fonts)
    assert set(fonts.values()) == {"yes"}


def test_good_boxes_say_pdfinfo(good):
    boxes = pdfinfo_boxes(good, 4)
    for page in boxes.values():
        trim, bleed, media = page["TrimBox"], page["BleedBox"], page["MediaBox"]
        assert min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]) >= 9
        assert media[0] <= bleed[0] and media[2] >= bleed[2]
    assert {(p["TrimBox"][2] - p["TrimBox"][0], p["TrimBox"][3] - p["TrimBox"][1])
            for p in boxes.values()} == {(396.0, 612.0)}


def test_good_pictures_and_structure_say_pdfimages_and_qpdf(good):
    rows = pdfimages(good)
    assert {(r["page"], r["x"]) for r in rows} == {(2, 300), (3, 600)}
    assert tool("qpdf", "--check", good).returncode == 0


def test_good_output_intent_says_qpdf_and_pdfinfo(good):
    intents = qpdf_catalog(good)["/OutputIntents"]
    assert len(intents) == 1
    assert "pdfxid:GTS_PDFXVersion>PDF/X-4<" in out(tool("pdfinfo", "-meta", good))


def bleed_band_ink(path: Path, page: int) -> int:
    """Dark pixels poppler renders between TrimBox and BleedBox (1 pt clear of the trim)."""
    boxes = pdfinfo_boxes(path, page)[page]
    crop, trim, bleed = boxes["CropBox"], boxes["TrimBox"], boxes["BleedBox"]
    png = tool("pdftoppm", "-r", "144", "-png", "-f", str(page), "-l", str(page), path).stdout
    image = Image.open(io.BytesIO(png)).convert("L")

    def pixels(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (round((x0 - crop[0]) * 2), round((crop[3] - y1) * 2),
                round((x1 - crop[0]) * 2), round((crop[3] - y0) * 2))

    bands = [(bleed[0], bleed[1], trim[0] - 1, bleed[3]), (trim[2] + 1, bleed[1], bleed[2], bleed[3]),
             (bleed[0], bleed[1], bleed[2], trim[1] - 1), (bleed[0], trim[3] + 1, bleed[2], bleed[3])]
    return sum(sum(image.crop(pixels(*band)).histogram()[:128]) for band in bands)


def test_good_marks_outside_bleed_says_pdftoppm(good):
    report = preflight(good)
    assert only(report, "marks")[0].message == (
        "32 mark segment(s) outside the trim, none inside the bleed")  # 8 per page
    assert bleed_band_ink(good, 1) == 0


# --- one defect each --------------------------------------------------------------

def test_marks_inside_tight_bleed(tight_bleed):
    report = preflight(tight_bleed)
    marks = only(report, "marks", "fail")
    assert [f.page for f in marks] == [1, 2, 3, 4]  # one marks form per page: /x0, /x1 ...
    assert all(f.obj.startswith("/x") and f.message.startswith("8 mark segment(s) inside the BleedBox")
               for f in marks)
    assert only(report, "boxes", "fail") == []  # 9 pt of bleed is enough; the marks are not
    assert bleed_band_ink(tight_bleed, 1) > 0


def test_unembedded_fonts_named_with_first_page(crafted):
    report = preflight(crafted)
    fails = {(f.page, f.obj) for f in only(report, "fonts", "fail")}
    assert fails == {(2, "font Helvetica"), (3, "font Courier")}
    assert pdffonts(crafted, 2) == {"Helvetica": "no"}
    assert pdffonts(crafted, 3) == {"Courier": "no"}


def test_missing_boxes(crafted):
    report = preflight(crafted)
    assert [(f.page, f.message) for f in only(report, "boxes", "fail")] == [
        (3, "no TrimBox and no BleedBox")]
    page3 = pdfinfo_boxes(crafted, 3)[3]  # poppler falls back to the MediaBox: no bleed at all
    assert page3["BleedBox"] == page3["TrimBox"] == page3["MediaBox"]
    assert "/TrimBox" not in qpdf_page_objects(crafted)[3]


def test_picture_resolution_through_form_matrix(crafted):
    report = preflight(crafted)
    fails = only(report, "pictures", "fail")
    assert [(f.page, f.obj) for f in fails] == [(4, "/Im1")]
    assert fails[0].message.startswith("75 ppi (150 x 150 px placed at 2.00 x 2.00 in)")
    assert [(r["page"], r["x"], r["y"]) for r in pdfimages(crafted)] == [(4, 75, 75)]


def test_low_resolution_fails_print_warns_reader(flawed):
    path, _ = flawed
    assert [(f.page, f.status) for f in only(preflight(path), "pictures") if f.status != "pass"] == [
        (5, "fail")]
    reader = only(preflight(path, profile="reader"), "pictures")
    assert [(f.page, f.status) for f in reader] == [(5, "warn")]
    assert [(r["page"], r["x"]) for r in pdfimages(path)] == [(5, 72)]


def test_missing_glyph_is_notdef(flawed):
    path, weasyprint_warnings = flawed
    fails = only(preflight(path, profile="reader"), "glyphs", "fail")
    assert [(f.page, f.obj.split("+")[-1]) for f in fails] == [(7, "Charis-SIL")]
    assert "U+E000" in fails[0].message
    # WeasyPrint itself says it drew .notdef, and the installed face has no U+E000.
    assert any(".notdef" in m and "U+E000" in m for m in weasyprint_warnings)
    fontfile = out(tool("fc-match", "-f", "%{file}", "Charis SIL"))
    ttlib = pytest.importorskip("fontTools.ttLib")
    assert 0xE000 not in ttlib.TTFont(fontfile, lazy=True).getBestCmap()


def test_font_fallback_reported(flawed):
    path, _ = flawed
    report = preflight(path, profile="reader", rules=PreflightRules(expected_fonts=("Charis SIL",)))
    other = [name for name in pdffonts(path, 9) if "Charis-SIL" not in name]
    if not other:
        pytest.skip("no font on this machine has U+1F600: nothing to fall back to")
    warns = only(report, "font fallback", "warn")
    assert [f.page for f in warns] == [9]
    assert warns[0].obj == f"font {other[0]}"
    assert pdffonts(path)[other[0]] == "yes"


def test_no_bleed(flawed):
    path, _ = flawed
    fails = only(preflight(path), "boxes", "fail")
    assert [f.page for f in fails] == [1]
    assert fails[0].message.startswith("bleed under 9 pt: left 0 pt") and "(pages 1-13)" in fails[0].message
    boxes = pdfinfo_boxes(path, 13)
    assert all(page["BleedBox"] == page["TrimBox"] for page in boxes.values())


def test_saddle_page_count(flawed):
    path, _ = flawed
    fails = only(preflight(path), "page count", "fail")
    assert [f.message for f in fails] == [
        "13 pages: saddle stitch needs a multiple of 4 (3 blank page(s) short of 16)"]
    assert "Pages:           13" in out(tool("pdfinfo", path))
    assert only(preflight(path, rules=PreflightRules(saddle=False)), "page count", "fail") == []


def test_link_annotation_in_print(flawed):
    path, _ = flawed
    fails = only(preflight(path), "annotations", "fail")
    assert [(f.page, f.message) for f in fails] == [(3, "1 annotation(s): 1 Link")]
    assert [n for n, page in qpdf_page_objects(path).items() if "/Annots" in page] == [3]
    assert "annotations" not in {f.check for f in preflight(path, profile="reader").findings}


def test_no_output_intent_without_pdfx(flawed):
    path, _ = flawed
    messages = [f.message for f in only(preflight(path), "output intent", "fail")]
    assert messages == ["no PDF/X version declared (GTS_PDFXVersion in XMP or Info)",
                        "0 /GTS_PDFX OutputIntents, expected exactly one"]
    assert "/OutputIntents" not in qpdf_catalog(path)
    rules = PreflightRules(expect_output_intent=False)
    assert only(preflight(path, rules=rules), "output intent", "fail") == []


def test_rgb_in_pdfx_1a(x1a):
    report = preflight(x1a)
    assert report.standard == "x-1a"
    fails = only(report, "colour", "fail")
    pictures = json.loads(out(tool("qpdf", "--json", "--json-key=pages", x1a)))["pages"][1]["images"]
    assert [(f.page, f.obj) for f in fails] == [(2, pictures[0]["name"]), (3, "page content")]
    assert pictures[0]["colorspace"] == "/DeviceRGB" and "image" in fails[0].message
    assert "(rg)" in fails[1].message
    assert [(r["page"], r["color"]) for r in pdfimages(x1a)] == [(2, "rgb")]
    qdf = out(tool("qpdf", "--qdf", "--object-streams=disable", x1a, "-"))
    rgb_pages = {int(chunk.split("\n", 1)[0]) for chunk in qdf.split("%% Contents for page ")[1:]
                 if any(line.endswith(" rg") for line in chunk.split("endstream")[0].splitlines())}
    assert rgb_pages == {3}


def test_rgb_listed_but_allowed_in_pdfx_4(good):
    colour = only(preflight(good), "colour")
    assert [f.status for f in colour] == ["pass"]
    assert "allowed by PDF/X-4" in colour[0].message and "(RGB)" in colour[0].message


def test_standard_asked_differs_from_declared(good):
    report = preflight(good, rules=PreflightRules(standard="x-1a"))
    assert "declares PDF/X-4, expected PDF/X-1a" in [f.message for f in only(report, "output intent", "fail")]
    assert only(report, "colour", "fail")  # held to X-1a, the RGB picture fails


def test_broken_xref(broken):
    fails = only(preflight(broken), "structure", "fail")
    assert any("startxref" in f.message for f in fails)
    assert tool("qpdf", "--check", broken).returncode != 0


# --- profiles -----------------------------------------------------------------------

@pytest.mark.parametrize("profile", PROFILE_CHECKS)
def test_profile_runs_its_checks(good, profile):
    checks = list(dict.fromkeys(f.check for f in preflight(good, profile=profile).findings))
    assert checks == PROFILE_CHECKS[profile]


def test_booklet_keeps_output_intent_when_pdfx_declared(good, workdir):
    bare = impose_two_up(good, workdir / "bare.pdf")
    kept = with_catalog(bare, good, workdir / "kept.pdf", ("/Metadata", "/OutputIntents"))
    dropped = with_catalog(bare, good, workdir / "dropped.pdf", ("/Metadata",))
    assert preflight(kept, profile="booklet").ok
    assert [f.message for f in only(preflight(dropped, profile="booklet"), "output intent", "fail")] == [
        "0 /GTS_PDFX OutputIntents, expected exactly one"]
    assert preflight(bare, profile="booklet").ok  # no PDF/X declared: nothing to keep
    assert not preflight(bare, profile="print").ok


# --- the report, errors and command line -----------------------------------------------

def test_report_as_dict_and_table(flawed):
    path, _ = flawed
    report = preflight(path)
    data = json.loads(json.dumps(report.as_dict()))
    assert data["ok"] is False and data["profile"] == "print"
    assert sum(data["counts"].values()) == len(data["findings"])
    assert {"check": "annotations", "status": "fail", "message": "1 annotation(s): 1 Link",
            "page": 3, "obj": None} in data["findings"]
    table = report.table()
    assert table.splitlines()[0].split() == ["check", "result", "where", "message"]
    assert "annotations    FAIL    p. 3" in table
    assert table.rstrip().endswith("failed: glyphs, boxes, page count, output intent, pictures, annotations")


def test_preflight_logs_nothing_and_restores_pypdf_logger(good, caplog):
    level = logging.getLogger("pypdf").level
    with caplog.at_level(logging.DEBUG):
        preflight(good)
    assert caplog.records == []
    assert logging.getLogger("pypdf").level == level


def _truncated(path: Path, good: Path) -> None:
    path.write_bytes(good.read_bytes()[:300])


def _encrypted(path: Path, good: Path) -> None:
    writer = PdfWriter(clone_from=good)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    writer.write(path)


USER_ERRORS = [
    ("absent", None, "does not exist"),
    ("notes.txt", lambda p, g: p.write_text("hello"), "is not a PDF: it starts with b'hello'; expected a PDF file"),
    ("truncated", _truncated, "cannot be read as a PDF ("),
    ("locked", _encrypted, "is encrypted; expected an unprotected copy"),
]


@pytest.mark.parametrize("name, make, message", USER_ERRORS, ids=[e[0] for e in USER_ERRORS])
def test_unreadable_input_is_a_user_error(tmp_path, good, name, make, message):
    path = tmp_path / name
    if make:
        make(path, good)
    with pytest.raises(UserError) as error:
        preflight(path)
    assert error.value.message.startswith(message) and error.value.path == path


REPAIR = "make it again, or repair a copy with `qpdf IN.pdf OUT.pdf`"


def _without_pages(path: Path, good: Path) -> None:
    writer = PdfWriter(clone_from=good)
    writer.root_object["/Pages"][_name("/Kids")] = ArrayObject()
    writer.write(path)


# (file, how it is made from good.pdf, exact stderr): a damaged PDF is one clear line, exit 2, no traceback
COMMAND_LINE_ERRORS = [
    ("absent.pdf", None, "absent.pdf: does not exist"),
    ("truncated.pdf", _truncated, f"truncated.pdf: cannot be read as a PDF (Stream has ended unexpectedly); {REPAIR}"),
    ("pageless.pdf", _without_pages, "pageless.pdf: has no pages; expected a PDF with at least one"),
    ("locked.pdf", _encrypted, "locked.pdf: is encrypted; expected an unprotected copy "
                               "(for example `qpdf --decrypt IN.pdf OUT.pdf`)"),
]


@pytest.mark.parametrize("name, make, message", COMMAND_LINE_ERRORS, ids=[e[0] for e in COMMAND_LINE_ERRORS])
def test_command_line_errors(tmp_path, good, monkeypatch, capsys, name, make, message):
    main = pytest.importorskip("pamphleteer.cli").main
    monkeypatch.chdir(tmp_path)
    if make:
        make(tmp_path / name, good)
    assert main(["preflight", name]) == 2
    assert capsys.readouterr() == ("", message + "\n")


def test_malformed_objects_fail_their_checks_without_crashing(tmp_path):
    """A font entry that is a number, an image without /Width: the stage reports, never raises."""
    w = PdfWriter()
    page = w.add_blank_page(200, 200)
    image = _stream(w, b"", Subtype=_name("/Image"))
    page[_name("/Contents")] = _stream(w, b"BT /F1 12 Tf (x) Tj ET q 10 0 0 10 0 0 cm /Im1 Do Q")
    page[_name("/Resources")] = _dict(Font=_dict(F1=NumberObject(3)), XObject=_dict(Im1=image))
    path = tmp_path / "malformed.pdf"
    w.write(path)
    report = preflight(path, profile="reader")
    assert [f.message for f in only(report, "fonts")] == [
        "could not check: AttributeError: 'NumberObject' object has no attribute 'get'"]
    assert [(f.page, f.obj, f.message) for f in only(report, "pictures")] == [
        (1, "/Im1", "image without /Width and /Height")]


@pytest.mark.parametrize("damage", ["metadata", "info"])
def test_a_number_where_metadata_or_info_belongs_is_a_finding_not_a_crash(tmp_path, damage):
    """The declared PDF/X version is read before any check runs: what it cannot read counts as undeclared."""
    w = PdfWriter()
    w.add_blank_page(200, 200)
    if damage == "metadata":
        w.root_object[_name("/Metadata")] = NumberObject(7)
    else:
        w._info_obj = w._add_object(NumberObject(4))   # the trailer's /Info points at a number
    path = tmp_path / f"{damage}.pdf"
    w.write(path)
    report = preflight(path, profile="booklet", rules=PreflightRules(standard="x-4"))
    assert [f.message for f in only(report, "output intent")] == [
        "no PDF/X version declared (GTS_PDFXVersion in XMP or Info)",
        "0 /GTS_PDFX OutputIntents, expected exactly one"]


def test_unknown_profile_is_a_user_error(good):
    with pytest.raises(UserError, match="unknown preflight profile 'web'"):
        preflight(good, profile="web")


def cli(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="pamphleteer")
    register(parser.add_subparsers())
    args = parser.parse_args(["preflight", *argv])
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = args.func(args)
    return status, buffer.getvalue()


@pytest.mark.parametrize("fixture, argv, status, last_line", [
    ("good", ["--profile", "print"], 0, "good.pdf (print): ok"),
    ("good", ["--standard", "x-1a"], 1, "good.pdf (print): failed: output intent, colour"),
    ("x1a", ["--profile", "reader"], 0, "x1a.pdf (reader): ok"),
    ("tight_bleed", ["--profile", "booklet"], 0, "tight.pdf (booklet): ok"),
])
def test_command_line(request, fixture, argv, status, last_line):
    path = request.getfixturevalue(fixture)
    code, text = cli(str(path), *argv)
    assert (code, text.splitlines()[-1]) == (status, last_line)


def test_command_line_rejects_unknown_standard(good, capsys):
    with pytest.raises(SystemExit):
        cli(str(good), "--standard", "x-2")
    assert "invalid choice: 'x-2'" in capsys.readouterr().err


# --- speed -------------------------------------------------------------------------------

def test_forty_pages_under_a_second(good, workdir):
    writer = PdfWriter()
    for _ in range(10):
        writer.append(str(good))
    writer.write(workdir / "forty-bare.pdf")
    path = with_catalog(workdir / "forty-bare.pdf", good, workdir / "forty.pdf",
                        ("/Metadata", "/OutputIntents"))
    start = time.perf_counter()
    report = preflight(path)
    elapsed = time.perf_counter() - start
    assert len(PdfReader(path).pages) == 40 and report.ok, report.table()
    assert int(only(report, "glyphs")[0].message.split()[0]) > 10_000  # ten dense text pages
    assert elapsed < 1.0


# --- small parts, as tables ------------------------------------------------------------------

@pytest.mark.parametrize("data, expected", [
    (b"q 1 0 0 1 2.5 -3 cm", [Op(b"q"), 1.0, 0.0, 0.0, 1.0, 2.5, -3.0, Op(b"cm")]),
    (b"/F1 12 Tf", ["/F1", 12.0, Op(b"Tf")]),
    (b"[<0024> -20 <0e19>] TJ", [[b"\x00\x24\x0e\x19"], Op(b"TJ")]),
    (b"[(a) 5 (b)] TJ", [[b"a", 5.0, b"b"], Op(b"TJ")]),
    (b"(x(y)\\051\\n) Tj % comment\n", [b"x(y))\n", Op(b"Tj")]),
    (b"<48 69> Tj", [b"Hi", Op(b"Tj")]),
    (b"BI /W 2 /H 1 /CS /RGB ID \x00\xff\x00\xffEI\x00\xff EI Q",
     [{"/W": 2.0, "/H": 1.0, "/CS": "/RGB"}, Op(b"BI"), Op(b"Q")]),
    (b"/Span <</ActualText (x)>> BDC", ["/Span", ["/ActualText", b"x"], Op(b"BDC")]),
])
def test_tokens(data, expected):
    assert list(tokens(data)) == expected


def test_embedded_cmap_and_glyph_count(good):
    cmap = (b"1 begincodespacerange <0000> <ffff> endcodespacerange\n"
            b"2 begincidchar <0024> 36 <0e19> 0 endcidchar\n"
            b"1 begincidrange <0030> <0032> 100 endcidrange")
    assert _cmap(cmap) == (2, {0x24: 36, 0xE19: 0, 0x30: 100, 0x31: 101, 0x32: 102})
    ttlib = pytest.importorskip("fontTools.ttLib")
    font = PdfReader(good).pages[0]["/Resources"]["/Font"]
    descendant = next(iter(font.values())).get_object()["/DescendantFonts"][0].get_object()
    data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
    assert maxp_glyph_count(data) == ttlib.TTFont(io.BytesIO(data))["maxp"].numGlyphs


def test_page_ranges():
    assert page_ranges([1, 2, 3, 7, 9, 10]) == "1-3, 7, 9-10"


@pytest.mark.parametrize("kind, first_line", [
    ("reader", "lantern-47.pdf: checked as reader (reader pages: 34 pages of 5.5 × 8.5 in, no bleed); "
               "--profile chooses another"),
    ("print", "lantern-47-print.pdf: checked as print (print pages: 36 pages of 5.5 × 8.5 in, with bleed around "
              "the trim); --profile chooses another"),
    ("booklet", "lantern-47-booklet.pdf: checked as booklet (imposed sheets: 18 pages of 11 × 8.5 in, each a "
                "spread); --profile chooses another"),
])
def test_the_command_recognises_each_edition_by_its_boxes_and_pages(demo, kind, first_line):
    code, text = cli(str(demo[kind]))
    lines = text.splitlines()
    assert (code, lines[0], lines[-1]) == (0, first_line, f"{demo[kind].name} ({kind}): ok")
