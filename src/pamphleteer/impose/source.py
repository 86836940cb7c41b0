"""The source PDF: opened with clear errors, its pages measured, each turned into a Form XObject.

A page becomes a Form XObject by copying its content stream's bytes as they
are (compressed if they were not), sharing its resources, and giving it a
/BBox of the page's bleed. No content stream is parsed, which keeps
imposition fast and the output near the source size.
"""

from __future__ import annotations

import logging
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject

from pamphleteer.errors import UserError
from pamphleteer.geometry import Rect


@dataclass(frozen=True)
class Source:
    path: Path
    data: bytes
    reader: PdfReader
    pages: tuple["PageFacts", ...]


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
    """Open `path` as a PDF; UserError for a missing, non-PDF, encrypted or empty file."""
    data = _read_bytes(path)
    try:
        reader = PdfReader(BytesIO(data))
        encrypted = reader.is_encrypted
        pages = () if encrypted else tuple(_facts(page, i + 1, path) for i, page in enumerate(reader.pages))
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise UserError(f"cannot be read as a PDF ({error})", path) from None
    if encrypted:
        raise UserError("is encrypted; impose an unprotected copy "
                        "(for example `qpdf --decrypt IN.pdf OUT.pdf`)", path)
    if not pages:
        raise UserError("has no pages", path)
    return Source(Path(path), data, reader, pages)


@contextmanager
def pypdf_notes():
    """Collect what pypdf logs while it works around defects in a PDF, instead of letting it print.

    Yields a list that fills with one line per distinct message.
    """
    notes: list[str] = []
    handler = _Collect(notes)
    logger = logging.getLogger("pypdf")
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield notes
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _Collect(logging.Handler):
    def __init__(self, notes: list[str]):
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.notes:
            self.notes.append(message)


def _read_bytes(path: Path) -> bytes:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError("does not exist", path) from None
    except IsADirectoryError:
        raise UserError("is a folder; expected a PDF file", path) from None
    except OSError as error:
        raise UserError(f"cannot be read ({error.strerror})", path) from None
    if b"%PDF-" not in data[:1024]:
        raise UserError("is not a PDF (it does not start with %PDF-)", path)
    return data


def _facts(page, number: int, path: Path) -> PageFacts:
    media = _box(page, "/MediaBox") or Rect(0, 0, 612, 792)
    crop = (_box(page, "/CropBox") or media).intersect(media)
    trim = (_box(page, "/TrimBox") or crop).intersect(media)
    bleed = (_box(page, "/BleedBox") or crop).intersect(media)
    bleed = Rect(min(bleed.x0, trim.x0), min(bleed.y0, trim.y0), max(bleed.x1, trim.x1), max(bleed.y1, trim.y1))
    rotate = int(page.get("/Rotate", 0) or 0)
    if rotate % 90:
        raise UserError(f"page {number} has /Rotate {rotate}; PDF allows only multiples of 90", path)
    if trim.empty:
        raise UserError(f"page {number} has an empty trim box {list(trim)}", path)
    return PageFacts(number, trim, bleed, rotate % 360)


def _box(page, name: str) -> Rect | None:
    box = page.get(name)
    if box is None:
        return None
    box = box.get_object()
    if len(box) != 4:
        return None
    return Rect.of(box)


def make_form(writer, page, bbox: Rect) -> object:
    """Add `page` to `writer` as a Form XObject clipped to `bbox`; return its reference."""
    form = StreamObject()
    form._data, filters = _content(page, writer)
    form.update(filters)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(round(v, 4)) for v in
                                            (bbox.x0, bbox.y0, bbox.x1, bbox.y1))
    resources = page.raw_get("/Resources") if "/Resources" in page else None
    form[NameObject("/Resources")] = resources.clone(writer) if resources is not None else DictionaryObject()
    if "/Group" in page:
        form[NameObject("/Group")] = page.raw_get("/Group").clone(writer)
    return writer._add_object(form)


def _content(page, writer) -> tuple[bytes, dict]:
    """The page's content as stored (encoded bytes and filter keys), compressed if it was not."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if isinstance(contents, StreamObject) and "/Filter" in contents:
        keys = {NameObject(k): contents.raw_get(k).clone(writer)
                for k in ("/Filter", "/DecodeParms") if k in contents}
        return contents._data, keys
    if isinstance(contents, StreamObject):
        data = contents.get_data()
    elif contents is None:
        data = b""
    else:
        data = b"\n".join(part.get_object().get_data() for part in contents)
    return zlib.compress(data, 6), {NameObject("/Filter"): NameObject("/FlateDecode")}
