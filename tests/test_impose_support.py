"""Source PDFs written byte by byte, and a reader that looks at imposed sheets from outside.

Not tests themselves: imported by the tests/test_impose*.py modules. The
source writer does not use pypdf, so sources are quick to make and
independent of the code under test; the reader interprets content streams
(q Q cm re W n m l S d BT Td Tm Tj Do, forms recursively) to find where each
page label lands on a sheet and what clips it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

DIGEST = (396.0, 612.0)
FILLS = {1: "1 0 0 rg", 0: "0 0 1 rg"}   # odd pages red, even pages blue, to the edge of the bleed


def make_source(path: Path, count: int, *, size=DIGEST, bleed: float = 9.0, rotate: dict | None = None,
                links: dict | None = None, fill: bool = False, trimbox: bool = True, pdfx: bool = False) -> Path:
    """Write a `count`-page PDF, page n showing `Pn` at the middle of its trim, boxes as a renderer writes them.

    rotate: {page: degrees}: pages stored turned, with /Rotate so that they display upright.
    links: {page: [(uri, rect in trim coordinates)]}; uri None makes an internal link to page 1.
    fill: paint each page to the edge of its bleed, odd pages red, even pages blue.
    pdfx: a PDF 1.4 file declaring PDF/X-1a, with an OutputIntent (its profile a stand-in) and Info.
    """
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"}
    kids, next_id = [], 4
    for n in range(1, count + 1):
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        annots = []
        for uri, rect in (links or {}).get(n, []):
            objects[next_id] = _link(uri, rect, bleed)
            annots.append(f"{next_id} 0 R")
            next_id += 1
        content, page = _page(n, size, bleed, (rotate or {}).get(n, 0), fill, trimbox)
        if annots:
            page += f" /Annots [{' '.join(annots)}]"
        objects[page_id] = f"<< /Type /Page /Parent 2 0 R /Contents {content_id} 0 R {page} >>".encode()
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        kids.append(f"{page_id} 0 R")
    objects[2] = f"<< /Type /Pages /Count {count} /Kids [{' '.join(kids)}] >>".encode()
    info = None
    if pdfx:
        profile, intent, info = next_id, next_id + 1, next_id + 2
        objects[profile] = b"<< /N 4 /Length 4 >>\nstream\nICC!\nendstream"
        objects[intent] = (f"<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (CGATS TR 001) "
                           f"/DestOutputProfile {profile} 0 R >>").encode()
        objects[info] = b"<< /Title (Issue 47) /GTS_PDFXVersion (PDF/X-1a:2003) /Trapped /False >>"
        objects[1] = f"<< /Type /Catalog /Pages 2 0 R /OutputIntents [{intent} 0 R] >>".encode()
        next_id += 3
    Path(path).write_bytes(_file(objects, next_id, "1.4" if pdfx else "1.7", info))
    return Path(path)


def _page(n, size, bleed, turn, fill, trimbox) -> tuple[bytes, str]:
    w, h = size
    mw, mh = w + 2 * bleed, h + 2 * bleed
    ops = [f"{FILLS[n % 2]} 0 0 {mw} {mh} re f 0 g"] if fill else []
    ops.append(f"BT /F1 24 Tf {bleed + w / 2 - 14} {bleed + h / 2} Td (P{n}) Tj ET")
    content = "\n".join(ops)
    trim = (bleed, bleed, bleed + w, bleed + h)
    if turn:  # store the page turned so that /Rotate `turn` shows it upright
        content = f"q {_unturn(turn, mw, mh)} cm\n{content}\nQ"
        trim = _turned_box(turn, trim, mw, mh)
        mw, mh = (mh, mw) if turn in (90, 270) else (mw, mh)
    page = f"/MediaBox [0 0 {mw} {mh}] /Resources << /Font << /F1 3 0 R >> >>"
    if trimbox:
        page += f" /TrimBox [{' '.join(map(str, trim))}] /BleedBox [0 0 {mw} {mh}]"
    if turn:
        page += f" /Rotate {turn}"
    return content.encode(), page


def _link(uri, rect, bleed) -> bytes:
    x0, y0, x1, y1 = (v + bleed for v in rect)
    action = "<< /S /GoTo /D [4 0 R /Fit] >>" if uri is None else f"<< /S /URI /URI ({uri}) >>"
    return f"<< /Type /Annot /Subtype /Link /Rect [{x0} {y0} {x1} {y1}] /Border [0 0 0] /A {action} >>".encode()


def _file(objects: dict, size: int, version: str = "1.7", info: int | None = None) -> bytes:
    out, offsets = bytearray(b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % version.encode()), {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    extra = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, extra, xref)
    return bytes(out)


def _unturn(turn: int, w: float, h: float) -> str:
    """The matrix storing upright content (w × h) so that a clockwise /Rotate `turn` shows it upright."""
    return {90: f"0 1 -1 0 {h} 0", 180: f"-1 0 0 -1 {w} {h}", 270: f"0 -1 1 0 0 {w}"}[turn]


def _turned_box(turn, box, w, h):
    a, b, c, d, e, f = (float(v) for v in _unturn(turn, w, h).split())
    points = [(a * x + c * y + e, b * x + d * y + f) for x, y in ((box[0], box[1]), (box[2], box[3]))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass
class Trace:
    """What a sheet side draws, in sheet coordinates, found by interpreting its content stream."""

    texts: list = field(default_factory=list)   # (text, x, y, upright, clip)
    lines: list = field(default_factory=list)   # ((x0, y0), (x1, y1), dashed)
    forms: list = field(default_factory=list)   # (name, ctm, clip) for every Form XObject drawn


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def trace(page) -> Trace:
    """Interpret `page` (q Q cm re W n m l S d BT Td Tm Tj Do, forms recursively); nothing else."""
    found = Trace()
    _run(page["/Contents"].get_object(), page["/Resources"].get_object(), IDENTITY, None, found)
    return found


def _run(stream, resources, ctm, clip, found: Trace) -> None:
    stack, rect, clipping, point, segments, dashed, tm = [], None, False, None, [], False, IDENTITY
    for operands, op in ContentStream(stream, None).operations:
        args = [float(v) if isinstance(v, (int, float)) else v for v in operands]
        if op == b"q":
            stack.append((ctm, clip, dashed))
        elif op == b"Q":
            ctm, clip, dashed = stack.pop()
        elif op == b"cm":
            ctm = _multiply(tuple(args), ctm)
        elif op == b"re":
            x, y, w, h = args
            rect = _bounds([_apply(ctm, x, y), _apply(ctm, x + w, y + h)])
        elif op == b"W":
            clipping = True
        elif op == b"n":
            if clipping and rect is not None:
                clip = rect if clip is None else _intersect(clip, rect)
            clipping, rect = False, None
        elif op == b"d":
            dashed = bool(operands[0])
        elif op == b"m":
            point = _apply(ctm, *args)
        elif op == b"l":
            end = _apply(ctm, *args)
            segments.append((point, end, dashed))
            point = end
        elif op == b"S":
            found.lines += segments
            segments = []
        elif op == b"BT":
            tm = IDENTITY
        elif op == b"Td":
            tm = _multiply((1, 0, 0, 1, args[0], args[1]), tm)
        elif op == b"Tm":
            tm = tuple(args)
        elif op == b"Tj":
            a, b, c, d, e, f = _multiply(tm, ctm)
            found.texts.append((str(operands[0]), e, f, a > 0 and abs(b) < 1e-6, clip))
        elif op == b"Do":
            _draw_form(resources["/XObject"][operands[0]].get_object(), operands[0], ctm, clip, found)


def _draw_form(form, name, ctm, clip, found: Trace) -> None:
    ctm = _multiply(tuple(float(v) for v in form.get("/Matrix", IDENTITY)), ctm)
    x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
    box = _bounds([_apply(ctm, x0, y0), _apply(ctm, x1, y1)])
    clip = box if clip is None else _intersect(clip, box)
    found.forms.append((str(name), ctm, clip))
    _run(form, form["/Resources"].get_object(), ctm, clip, found)


def _apply(m, x, y):
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _bounds(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _intersect(r, s):
    return max(r[0], s[0]), max(r[1], s[1]), min(r[2], s[2]), min(r[3], s[3])


def _multiply(m, n):
    """m then n, as `n cm m cm` would apply them."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def cells(path: Path, cols: int = 2, rows: int = 1) -> list[list[str | None]]:
    """For each sheet side, the page label in each cell in reading order, as the side is printed.

    The label is the text found in that cell (None for a blank); a turned side is read as printed,
    so its cells come out in reverse.
    """
    result = []
    for page in PdfReader(path).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        found: list[str | None] = [None] * (cols * rows)
        for text, x, y, _, _ in trace(page).texts:
            if text.startswith("P"):
                col, row = int(x * cols // width), int((height - y) * rows // height)
                assert found[row * cols + col] is None, f"two pages in one cell: {text}"
                found[row * cols + col] = text
        result.append(found)
    return result
