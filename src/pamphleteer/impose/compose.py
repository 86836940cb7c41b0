"""Turn an arrangement into a PDF: one page per side, each source page placed as a Form XObject.

Each placed page is drawn as `q <clip> re W n <matrix> cm /Pn Do Q`. The clip
is the page's bleed, cut back to the trim wherever the cell meets another cell
(always at the spine), and to the room the sheet leaves on the outer sides.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from pamphleteer import pdffile
from pamphleteer.geometry import Matrix, Rect, number, upright
from pamphleteer.impose.frame import Frame
from pamphleteer.impose.links import LinkCount, page_links, placed_link
from pamphleteer.impose.marks import SLUG_FONT, marks
from pamphleteer.impose.plan import Arrangement, Side
from pamphleteer.impose.slugfont import slug_font
from pamphleteer.impose.source import PageFacts, Source, make_form


@dataclass
class Composition:
    writer: object                        # a pdffile writer
    links: LinkCount = field(default_factory=LinkCount)
    slug_embedded: bool | None = None     # None: no slug drawn


def compose(source: Source, arrangement: Arrangement, frame: Frame, label) -> Composition:
    """A PdfWriter holding every side of `arrangement`; `label(side)` names a side on the slug."""
    done = Composition(pdffile.new_writer())
    forms: dict[int, object] = {}
    labels = [label(side) for side in arrangement.sides]
    font = None
    if frame.marks:
        font, done.slug_embedded = slug_font(done.writer, labels)
    for side, text in zip(arrangement.sides, labels):
        _add_side(done, source, side, frame, forms, font, text)
    return done


def _add_side(done: Composition, source: Source, side: Side, frame: Frame, forms, font, label: str) -> None:
    writer = done.writer
    to_sheet = frame.placement(side.face)
    ops, xobjects, annotations = [f"q {to_sheet.operands()} cm"], {}, []
    for index, number_ in enumerate(side.cells):
        if number_ is None:
            continue
        facts = source.pages[number_ - 1]
        col, row = _position(index, frame)
        to_spread, clip = _place(facts, col, row, side.creep, frame)
        name = f"/P{number_}"
        page = source.file.pages[number_ - 1]
        if number_ not in forms:
            forms[number_] = make_form(writer, page, facts.bleed)
        xobjects[name] = forms[number_]
        ops.append(f"q {_rect(clip)} re W n {to_spread.operands()} cm {name} Do Q")
        for link in page_links(page, done.links):
            annotation = placed_link(link, to_spread, clip, to_sheet, writer)
            if annotation is not None:
                annotations.append(pdffile.add(writer, annotation))
                done.links.kept += 1
    if frame.marks:
        ops.append(marks(frame, label))
    ops.append("Q")
    _finish_page(writer, frame, to_sheet, "\n".join(ops), xobjects, font, annotations)


def _position(index: int, frame: Frame) -> tuple[int, int]:
    """Column and row (row 0 at the top) of cell `index`, mirrored for right binding."""
    row, col = divmod(index, frame.cols)
    return (frame.cols - 1 - col if frame.mirror else col), row


def _place(facts: PageFacts, col: int, row: int, creep: float, frame: Frame) -> tuple[Matrix, Rect]:
    """The page's matrix into the spread, and its clip."""
    width, height = frame.cell
    cell = Rect(col * width, (frame.rows - 1 - row) * height, (col + 1) * width, (frame.rows - row) * height)
    shift = (creep if col == 0 else -creep) if frame.folded else 0.0
    w, h = facts.size
    matrix = upright(facts.trim, facts.rotate, cell.x0 + (width - w) / 2 + shift, cell.y0 + (height - h) / 2)
    mx, my = frame.margin
    room = cell.grown(mx if col == 0 else 0, my if row == frame.rows - 1 else 0,
                      mx if col == frame.cols - 1 else 0, my if row == 0 else 0)
    return matrix, matrix.apply_rect(facts.bleed).intersect(room)


def _rect(rect: Rect) -> str:
    return " ".join(number(v) for v in (rect.x0, rect.y0, rect.width, rect.height))


def _finish_page(writer, frame: Frame, to_sheet: Matrix, content: str, xobjects, font, annotations) -> None:
    page = writer.add_blank_page(*frame.sheet)
    contents = pdffile.stream(zlib.compress(content.encode("latin-1"), 6), {"/Filter": "/FlateDecode"})
    resources = {"/XObject": xobjects, **({"/Font": {SLUG_FONT: font}} if font is not None else {})}
    mx, my = frame.margin
    reach = frame.bleed
    bleed = frame.spread.grown(min(reach, mx), min(reach, my), min(reach, mx), min(reach, my))
    pdffile.put(page, {"/Contents": pdffile.add(writer, contents), "/Resources": resources,
                       "/TrimBox": pdffile.box(to_sheet.apply_rect(frame.spread), 4),
                       "/BleedBox": pdffile.box(to_sheet.apply_rect(bleed), 4),
                       **({"/Annots": annotations} if annotations else {})})
