"""The source PDF: opened with clear errors, its pages measured, each turned into a Form XObject.

A page becomes a Form XObject by copying its content stream's bytes as they
are (compressed if they were not), sharing its resources, and giving it a
/BBox of the page's bleed. No content stream is parsed, which keeps
imposition fast and the output near the source size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pamphleteer import pdffile
from pamphleteer.errors import UserError
from pamphleteer.geometry import Rect
from pamphleteer.pdffile import PdfFile


@dataclass(frozen=True)
class Source:
    file: PdfFile
    pages: tuple["PageFacts", ...]

    @property
    def data(self) -> bytes:
        return self.file.data


@dataclass(frozen=True)
class PageFacts:
    number: int        # 1-based
    trim: Rect         # TrimBox, else CropBox, else MediaBox (user space)
    bleed: Rect        # BleedBox, else CropBox, within the MediaBox, at least the trim
    rotate: int        # /Rotate, 0, 90, 180 or 270

    @property
    def size(self) -> tuple[float, float]:
        """Trimmed width and height as the page is seen, /Rotate applied."""
        w, h = self.trim.width, self.trim.height
        return (h, w) if self.rotate in (90, 270) else (w, h)

    @property
    def bleed_reach(self) -> float:
        """The widest the bleed reaches beyond the trim on any side."""
        return max(self.bleed.margins_to(self.trim))


def read_source(path: Path) -> Source:
    """Open `path` as a PDF and measure its pages; UserError for a file that cannot be imposed."""
    pdf = pdffile.open_pdf(path)
    with pdffile.reading(path):
        pages = tuple(_facts(page, i + 1, path) for i, page in enumerate(pdf.pages))
    return Source(pdf, pages)


def _facts(page, number: int, path: Path) -> PageFacts:
    media = pdffile.page_box(page, "/MediaBox") or Rect(0, 0, 612, 792)
    crop = (pdffile.page_box(page, "/CropBox") or media).intersect(media)
    trim = (pdffile.page_box(page, "/TrimBox") or crop).intersect(media)
    bleed = (pdffile.page_box(page, "/BleedBox") or crop).intersect(media)
    bleed = Rect(min(bleed.x0, trim.x0), min(bleed.y0, trim.y0), max(bleed.x1, trim.x1), max(bleed.y1, trim.y1))
    rotate = int(page.get("/Rotate", 0) or 0)
    if rotate % 90:
        raise UserError(f"page {number} has /Rotate {rotate}; PDF allows only multiples of 90", path)
    if trim.empty:
        raise UserError(f"page {number} has an empty trim box {list(trim)}", path)
    return PageFacts(number, trim, bleed, rotate % 360)


def make_form(writer, page, bbox: Rect) -> object:
    """Add `page` to `writer` as a Form XObject clipped to `bbox`; return its reference."""
    data, filters = pdffile.page_content(page, writer)
    resources = page.raw_get("/Resources") if "/Resources" in page else None
    entries = {**filters, "/Type": "/XObject", "/Subtype": "/Form", "/BBox": pdffile.box(bbox, 4),
               "/Resources": resources.clone(writer) if resources is not None else {}}
    if "/Group" in page:
        entries["/Group"] = page.raw_get("/Group").clone(writer)
    return pdffile.add(writer, pdffile.stream(data, entries))
