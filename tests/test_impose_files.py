"""The files the imposer writes and the errors it gives: valid PDF, same bytes twice, nothing left on error."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, NumberObject

from pamphleteer.errors import UserError
from pamphleteer.impose import impose
from pamphleteer.impose import command
from test_impose_support import make_source, trace

LINKS = {1: [("https://example.org/a", (10, 20, 110, 40)), (None, (10, 60, 110, 80))]}


@pytest.fixture(scope="session")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("files")


@pytest.fixture(scope="session")
def source(folder):
    return make_source(folder / "source.pdf", 30, links=LINKS, rotate={5: 90})


@pytest.fixture(scope="session")
def encrypted(folder, source):
    writer = PdfWriter(clone_from=source)
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(folder / "encrypted.pdf")
    return folder / "encrypted.pdf"


VARIANTS = {
    "saddle": {},
    "saddle-marked": dict(sheet="tabloid", creep="0.1mm", slug_text="Journal No. 47"),
    "signatures": dict(layout="signatures", signature=12, sheet="a3"),
    "nup8": dict(layout="nup", nup=8, sheet="sra3", scale=True),
    "right": dict(binding="right", duplex="short", sheet="11x17in"),
}


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
@pytest.mark.parametrize("name", VARIANTS)
def test_output_passes_qpdf_check(source, tmp_path, name):
    output = tmp_path / f"{name}.pdf"
    impose(source, output, **VARIANTS[name])
    result = subprocess.run(["qpdf", "--check", str(output)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_cover_file_passes_qpdf_check(source, tmp_path):
    impose(source, tmp_path / "inside.pdf", cover_apart=tmp_path / "cover.pdf", sheet="tabloid")
    result = subprocess.run(["qpdf", "--check", str(tmp_path / "cover.pdf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", VARIANTS)
def test_two_runs_give_the_same_bytes(source, tmp_path, name):
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    impose(source, first, **VARIANTS[name])
    impose(source, second, **VARIANTS[name])
    assert first.read_bytes() == second.read_bytes()


def test_file_id_follows_the_inputs(source, tmp_path):
    ids = []
    for options in ({}, {}, {"last": 0}):
        impose(source, tmp_path / "out.pdf", **options)
        ids.append(PdfReader(tmp_path / "out.pdf").trailer["/ID"][0])
    assert ids[0] == ids[1] != ids[2] and len(ids[0]) == 16


def test_streams_are_compressed_and_objects_packed(source, tmp_path):
    output = tmp_path / "out.pdf"
    impose(source, output, sheet="tabloid")
    data = output.read_bytes()
    assert b"/ObjStm" in data and b"/Type /XRef" in data
    reader = PdfReader(output)
    for page in reader.pages:
        assert page["/Contents"].get_object()["/Filter"] == "/FlateDecode"
        for form in page["/Resources"]["/XObject"].values():
            assert form.get_object()["/Filter"] == "/FlateDecode"


def test_output_stays_near_the_source_size(folder, tmp_path):
    """Form XObjects share resources: the booklet is not much larger than a compressed source."""
    plain = make_source(folder / "plain64.pdf", 64)
    squeezed = folder / "squeezed64.pdf"
    writer = PdfWriter(clone_from=plain)
    for page in writer.pages:
        page.compress_content_streams()
    writer.write(squeezed)
    output = tmp_path / "out.pdf"
    impose(squeezed, output)
    assert output.stat().st_size <= 1.3 * squeezed.stat().st_size


@pytest.mark.parametrize("kind, options, message", [
    ("missing", {}, "missing.pdf: does not exist"),
    ("text", {}, "notes.pdf: is not a PDF: it starts with b'Dear pri'; expected a PDF file (starting %PDF-)"),
    ("encrypted", {}, "encrypted.pdf: is encrypted; expected an unprotected copy "
                      "(for example `qpdf --decrypt IN.pdf OUT.pdf`)"),
    ("source", {"sheet": "a5"}, "impose: sheet a5, 148 × 210 mm (5.827 × 8.268 in), is too small for the spread "
                                "279.4 × 215.9 mm (11 × 8.5 in) (turned either way); choose a larger sheet or allow "
                                "scaling (--scale)"),
    ("source", {"layout": "signatures", "signature": 10},
     "impose: signature is 10 pages; expected a multiple of 4 (a folded sheet carries 4 pages), such as 8, 12 or 16"),
    ("source", {"sheet": "A7"}, "impose: sheet 'A7' is neither a known name (digest, letter, legal, tabloid, a5, a4, a3, "
                                "sra3) nor a size such as 11x17in or 320x450mm"),
    ("source", {"creep": "0.1"}, "impose: creep: '0.1' is not a length (write a number and a unit: mm, cm, in or pt)"),
    ("broken", {}, "broken.pdf: cannot be read as a PDF"),
])
def test_user_errors_are_one_line_and_leave_no_file(folder, source, encrypted, tmp_path, monkeypatch,
                                                    kind, options, message):
    monkeypatch.chdir(folder)
    paths = {"missing": folder / "missing.pdf", "source": source, "encrypted": encrypted,
             "text": _write(folder / "notes.pdf", b"Dear printer,\nplease print this.\n"),
             "broken": _write(folder / "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n")}
    output = tmp_path / "out.pdf"
    with pytest.raises(UserError) as caught:
        impose(paths[kind], output, **options)
    text = str(caught.value)
    assert text.startswith(message) and "\n" not in text
    assert list(tmp_path.iterdir()) == []                  # no output, no temporary file


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_every_bad_option_is_reported_at_once(source, tmp_path):
    with pytest.raises(UserError) as caught:
        impose(source, tmp_path / "out.pdf", layout="fold", duplex="up", binding="top", nup=3, last=-1)
    assert str(caught.value).splitlines() == [
        "impose: layout 'fold' is unknown (expected saddle, signatures or nup)",
        "impose: last is -1; expected a whole number of pages, 0 or more",
        "impose: duplex is 'up'; expected long or short (the edge the printer flips on)",
        "impose: binding is 'top'; expected left or right",
    ]


def test_a_failed_run_leaves_the_previous_output_alone(source, tmp_path):
    output = tmp_path / "out.pdf"
    output.write_bytes(b"previous booklet")
    with pytest.raises(UserError):
        impose(source, output, sheet="a5")
    assert output.read_bytes() == b"previous booklet"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_output_over_the_source_is_refused(folder, tmp_path):
    copy = make_source(tmp_path / "same.pdf", 4)
    with pytest.raises(UserError, match="is the source"):
        impose(copy, copy)


def cli(argv: list[str]) -> argparse.Namespace:
    """Parse `argv` the way the main command line does, with only the impose command registered."""
    parser = argparse.ArgumentParser(prog="pamphleteer")
    command.register(parser.add_subparsers())
    return parser.parse_args(argv)


def test_cli_writes_booklet_and_job_ticket(source, tmp_path, capsys):
    output = tmp_path / "issue47-booklet.pdf"
    args = cli(["impose", str(source), "-o", str(output), "--sheet", "tabloid", "--creep", "0.1mm",
                "--slug", "Journal No. 47", "--cover-apart", str(tmp_path / "cover.pdf")])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert out == ("issue47-booklet.pdf: 32 pages (2 blank) on 7 sheets of TABLOID 431.8 × 279.4 mm, saddle, "
                   "duplex long edge, cover in cover.pdf; job ticket issue47-booklet-jobticket.txt\n")
    ticket = (tmp_path / "issue47-booklet-jobticket.txt").read_text()
    assert "flip on the long edge (back sides are already turned 180°)" in ticket
    assert "Cover          separate file cover.pdf: 1 sheet, pages 1, 2, 29, 30" in ticket
    assert "Creep          0.1 mm per sheet, already applied (innermost sheet shifted 0.7 mm)" in ticket
    assert (tmp_path / "cover.pdf").exists()


def test_cli_options_reach_impose(source, tmp_path):
    args = cli(["impose", str(source), "-o", str(tmp_path / "o.pdf"), "--layout", "nup", "--nup", "4",
                "--no-marks", "--duplex", "short", "--binding", "right", "--last", "0", "--scale", "--sheet", "a3"])
    assert (args.layout, args.nup, args.marks, args.duplex, args.binding, args.last, args.scale) == \
           ("nup", 4, False, "short", "right", 0, True)
    assert cli(["impose", "a.pdf", "-o", "b.pdf"]).marks is None


REPAIR = "make it again, or repair a copy with `qpdf IN.pdf OUT.pdf`"


@pytest.fixture(scope="session")
def damaged(folder, source):
    """Copies of the source, each damaged one way: cut short, or an object of the wrong kind."""
    (folder / "truncated.pdf").write_bytes(source.read_bytes()[:300])
    for name, damage in {"contents": lambda w: w.pages[0].__setitem__(NameObject("/Contents"), NumberObject(3)),
                         "annots": lambda w: w.pages[3].__setitem__(NameObject("/Annots"), NumberObject(5)),
                         "intents": lambda w: w.root_object.__setitem__(NameObject("/OutputIntents"),
                                                                        NumberObject(7)),
                         "pageless": lambda w: w.root_object["/Pages"].__setitem__(NameObject("/Kids"),
                                                                                   ArrayObject())}.items():
        writer = PdfWriter(clone_from=source)
        damage(writer)
        writer.write(folder / f"{name}.pdf")
    return folder


@pytest.mark.parametrize("argv, message", [
    (["impose", "missing.pdf", "-o", "out.pdf"], "missing.pdf: does not exist\n"),
    (["impose", "truncated.pdf", "-o", "out.pdf"],
     f"truncated.pdf: cannot be read as a PDF (Stream has ended unexpectedly); {REPAIR}\n"),
    (["impose", "contents.pdf", "-o", "out.pdf"],
     f"contents.pdf: cannot be read as a PDF (TypeError: 'NumberObject' object is not iterable); {REPAIR}\n"),
    (["impose", "annots.pdf", "-o", "out.pdf"],
     f"annots.pdf: cannot be read as a PDF (TypeError: 'NumberObject' object is not iterable); {REPAIR}\n"),
    (["impose", "intents.pdf", "-o", "out.pdf"],
     f"intents.pdf: cannot be read as a PDF (TypeError: 'NumberObject' object is not iterable); {REPAIR}\n"),
    (["impose", "pageless.pdf", "-o", "out.pdf"], "pageless.pdf: has no pages; expected a PDF with at least one\n"),
    (["impose", "notes.pdf", "-o", "out.pdf"],
     "notes.pdf: is not a PDF: it starts with b'Dear pri'; expected a PDF file (starting %PDF-)\n"),
    (["impose", "source.pdf", "-o", "out.pdf", "--signature", "10", "--layout", "signatures"],
     "pamphleteer: impose: signature is 10 pages; expected a multiple of 4 (a folded sheet carries 4 pages), "
     "such as 8, 12 or 16\n"),
])
def test_command_line_errors(folder, source, damaged, monkeypatch, capsys, argv, message):
    main = pytest.importorskip("pamphleteer.cli").main
    monkeypatch.chdir(folder)
    _write(folder / "notes.pdf", b"Dear printer,\n")
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)
    assert not (folder / "out.pdf").exists()
    assert [p.name for p in folder.glob(".out.pdf*")] == []   # no temporary file left


def test_python_dash_m_runs_the_command(source, tmp_path):
    pytest.importorskip("pamphleteer.cli")
    result = subprocess.run([sys.executable, "-m", "pamphleteer", "impose", str(source), "-o",
                             str(tmp_path / "b.pdf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("b.pdf: 32 pages (2 blank) on 8 sheets")


def test_pypdf_repairs_become_warnings_not_output(folder, tmp_path, capfd):
    damaged = folder / "damaged.pdf"
    data = make_source(folder / "whole.pdf", 8).read_bytes()
    damaged.write_bytes(data.replace(b"startxref\n", b"startxref\n9"))
    report = impose(damaged, tmp_path / "out.pdf")
    assert report.warnings[0] == "damaged.pdf: pypdf worked around a defect: incorrect startxref pointer(2)"
    assert all(w.startswith("damaged.pdf: pypdf worked around a defect: ") for w in report.warnings)
    assert capfd.readouterr() == ("", "")


def test_report_facts_are_json_and_the_ticket_reads_as_expected(folder, tmp_path):
    source = make_source(folder / "t30.pdf", 30)
    report = impose(source, tmp_path / "booklet.pdf", sheet="a3", creep="0.1mm", slug_text="Journal No. 47")
    facts = json.loads(json.dumps(report.as_dict()))
    assert {k: facts[k] for k in ("layout", "sheets", "sides", "pages", "blank_positions", "marks")} == \
           {"layout": "saddle", "sheets": 8, "sides": 16, "pages": 32, "blank_positions": [30, 31], "marks": True}
    assert facts["finished_size"] == {"pt": [396.0, 612.0], "mm": [139.7, 215.9], "in": [5.5, 8.5]}
    assert facts["sheet_size"] == {"pt": [1190.55, 841.89], "mm": [420.0, 297.0], "in": [16.535, 11.693],
                                   "name": "a3", "orientation": "landscape"}
    assert report.ticket() == TICKET


TICKET = """\
JOB TICKET  booklet.pdf  (Journal No. 47)

Finished size  139.7 × 215.9 mm (5.5 × 8.5 in), 30 pages + 2 blank (pages 30, 31)
Press sheet    A3, 420 × 297 mm (16.535 × 11.693 in), landscape
Quantity       8 sheets, printed both sides (16 PDF pages, 2 pages per side)
Duplex         flip on the long edge (back sides are already turned 180°)
Folding        fold each of the 8 sheets once at the spine; nest them, sheet 1 outside
Cutting        trim head, foot and face after stitching
Binding        saddle stitch, left edge, 2 staples
Creep          0.1 mm per sheet, already applied (innermost sheet shifted 0.7 mm)
Marks          crop and fold marks, slug line
"""


def test_a_weasyprint_issue_imposes_with_its_links_and_boxes(folder, tmp_path):
    """What the renderer really writes: object streams, shared fonts, TrimBox/BleedBox, link annotations."""
    weasyprint = pytest.importorskip("weasyprint")
    html = ("<style>@page { size: 396pt 612pt; bleed: 9pt; margin: 54pt } h2 { break-before: page }</style>"
            + "".join(f"<h2 id='s{n}'>Section {n}</h2><p>Text <a href='https://example.org/{n}'>web</a> "
                      f"<a href='#s1'>back</a></p>" for n in range(1, 7)))
    source = folder / "weasy.pdf"
    weasyprint.HTML(string=html).write_pdf(source)
    output = tmp_path / "booklet.pdf"
    report = impose(source, output, sheet="tabloid", slug_text="Journal No. 47")
    assert report.as_dict()["links"] == {"kept": 6, "internal_dropped": 6, "other_annotations_dropped": 0}
    assert report.warnings == [] and report.finished == (396.0, 612.0)
    front = trace(PdfReader(output).pages[0])
    assert [round(c, 2) for c in front.forms[0][2]] == [207.0, 81.0, 612.0, 711.0]   # bleed out, trim at spine
    if shutil.which("qpdf"):
        result = subprocess.run(["qpdf", "--check", str(output)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_a_pdfx_source_keeps_its_output_condition_and_version(folder, tmp_path):
    source = make_source(folder / "pdfx.pdf", 8, pdfx=True)
    output = tmp_path / "booklet.pdf"
    impose(source, output, sheet="tabloid")
    data = output.read_bytes()
    assert data.startswith(b"%PDF-1.4\n") and b"/ObjStm" not in data       # PDF/X-1a is PDF 1.4
    reader = PdfReader(output)
    (intent,) = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
    assert (intent["/S"], intent["/OutputConditionIdentifier"]) == ("/GTS_PDFX", "CGATS TR 001")
    assert intent["/DestOutputProfile"].get_object().get_data() == b"ICC!"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
    if shutil.which("qpdf"):
        result = subprocess.run(["qpdf", "--check", str(output)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_a_plain_source_gets_no_output_condition(source, tmp_path):
    output = tmp_path / "booklet.pdf"
    impose(source, output)
    assert output.read_bytes().startswith(b"%PDF-1.7\n")
    assert "/OutputIntents" not in PdfReader(output).trailer["/Root"]


def test_the_slug_font_is_embedded(source, tmp_path):
    from pamphleteer.impose.slugfont import CANDIDATES
    if not any(path.is_file() for path in CANDIDATES):
        pytest.skip("URW Nimbus Sans (fonts-urw-base35) not installed")
    output = tmp_path / "booklet.pdf"
    report = impose(source, output, sheet="tabloid", slug_text="Workers' Lantern No. 47")
    assert report.warnings == []
    font = PdfReader(output).pages[0]["/Resources"]["/Font"]["/PmSlug"].get_object()
    assert str(font["/BaseFont"]).endswith("+NimbusSans-Regular")
    descriptor = font["/FontDescriptor"].get_object()
    assert descriptor["/FontFile3"].get_object()["/Subtype"] == "/Type1C"
    widths = font["/Widths"]
    assert widths[ord("W") - 32] == 944 and widths[ord("z") - 32] == 0      # Helvetica's W; z unused


def test_without_nimbus_sans_the_slug_falls_back_to_helvetica_and_says_so(source, tmp_path, monkeypatch):
    from pamphleteer.impose import slugfont
    monkeypatch.setattr(slugfont, "CANDIDATES", (tmp_path / "missing.otf",))
    output = tmp_path / "booklet.pdf"
    report = impose(source, output, sheet="tabloid", slug_text="\u0416\u0443\u0440\u043d\u0430\u043b 47")
    font = PdfReader(output).pages[0]["/Resources"]["/Font"]["/PmSlug"].get_object()
    assert font["/BaseFont"] == "/Helvetica" and "/FontDescriptor" not in font
    assert report.warnings == [
        "the slug text has characters outside WinAnsi (Western European); they are printed as '?'",
        "the slug is set in Helvetica, not embedded (URW Nimbus Sans not found: install fonts-urw-base35); "
        "printers and preflight refuse unembedded fonts"]
