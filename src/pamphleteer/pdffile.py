"""Turn a path into an open PDF, and PDF objects into a file: the one module that imports pypdf.

`impose/` and `preflight/` open files with `open_pdf` (every failure a
UserError), read them through pypdf's public object interface (`get`,
`get_object`, `raw_get`, `get_data`, `clone`), make new objects with `pdf()`,
`stream()` and `add()`, and write them with `pdf_bytes()` and `replacing()`.
pypdf's failures become UserError here (`open_pdf`, `reading`); what it logs
while it repairs a file is collected by `logged_warnings()`, never printed.

pypdf 7.1 has no public API for three things done here, each marked
`# private:` below; pypdf is pinned below 8 in pyproject.toml for them:
  - adding an object that is not a page to a writer (`PdfWriter._add_object`);
  - a stream's bytes as stored (`StreamObject._data`: `get_data()` decodes);
  - a writer's Info dictionary as a PDF object (`PdfWriter._info`): the
    public `metadata` setter turns every value into text, and the trailer
    needs the dictionary's object number.

Files are written as PDF 1.5+ with compressed object streams and a
cross-reference stream (pypdf 7 writes neither), or, for PDF 1.4 (PDF/X-1a
and X-3), with a classic xref table; the /ID is given by the caller, so the
same inputs give the same bytes.
"""

from __future__ import annotations

import logging
import os
import struct
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Iterator

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, FloatObject, IndirectObject,
                           NameObject, NullObject, NumberObject, PdfObject, StreamObject)

from pamphleteer.errors import UserError
from pamphleteer.geometry import Rect

# What reading a damaged or malformed PDF raises: pypdf's own errors, and a
# missing key, a string where a number belongs, a number where a list belongs.
MALFORMED = (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError)

PER_OBJECT_STREAM = 200
BINARY_MARK = b"%\xe2\xe3\xcf\xd3\n"
REPAIR = "make it again, or repair a copy with `qpdf IN.pdf OUT.pdf`"


# --- reading ------------------------------------------------------------------

@dataclass(frozen=True)
class PdfFile:
    """An open PDF: its bytes, its catalog and its pages (pypdf objects, read through their public interface)."""

    path: Path
    data: bytes
    reader: PdfReader
    catalog: DictionaryObject
    pages: tuple

    @property
    def info(self) -> DictionaryObject | None:
        """The document information dictionary, or None."""
        info = self.reader.trailer.get("/Info")
        return info.get_object() if info is not None else None

    @property
    def header(self) -> str:
        """The header's version text, `%PDF-1.7`."""
        return self.reader.pdf_header


def open_pdf(path: Path) -> PdfFile:
    """Open `path`; UserError for a missing, unreadable, non-PDF, damaged, encrypted or empty file."""
    path = Path(path)
    data = _read_bytes(path)
    with reading(path):
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            raise UserError("is encrypted; expected an unprotected copy (for example "
                            "`qpdf --decrypt IN.pdf OUT.pdf`)", path)
        catalog, pages = reader.trailer["/Root"].get_object(), tuple(reader.pages)
    if not pages:
        raise UserError("has no pages; expected a PDF with at least one", path)
    return PdfFile(path, data, reader, catalog, pages)


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn what a damaged PDF raises inside the block into a UserError about `path`."""
    try:
        yield
    except MALFORMED as error:
        raise UserError(f"cannot be read as a PDF ({_described(error)}); {REPAIR}", Path(path)) from None


@contextmanager
def logged_warnings() -> Iterator[list[str]]:
    """Collect what pypdf logs while it works around defects, instead of letting it print.

    Yields a list that fills with one line per message, in order; the logger is
    put back as it was.
    """
    messages: list[str] = []
    handler = _Collect(messages)
    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]):
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def resolve_every_object(pdf: PdfFile) -> int:
    """Read every object in the cross-reference table (pypdf logs what it repairs); how many."""
    reader, count = pdf.reader, 0
    for generation, numbers in reader.xref.items():
        for number in numbers:
            reader.get_object(IndirectObject(number, generation, reader))
            count += 1
    for number in reader.xref_objStm:
        reader.get_object(IndirectObject(number, 0, reader))
        count += 1
    return count


def resolve(value: Any) -> Any:
    """The object a reference points at; anything else as it is."""
    return value.get_object() if isinstance(value, IndirectObject) else value


def object_number(value: Any) -> int | None:
    """The object number of a reference (one object is one object across pages), else None."""
    return value.idnum if isinstance(value, IndirectObject) else None


def stored_bytes(stream) -> bytes:
    """A stream's bytes as stored, not decoded (decoding every picture of an issue takes seconds).

    pypdf's public `hash_value_data()` is the dictionary's text followed by exactly those bytes.
    """
    return stream.hash_value_data()[len(str(stream).encode()):]


def page_box(page, key: str) -> Rect | None:
    """A page box (`/TrimBox`), normalised; None when the page has none; ValueError when it is not 4 numbers."""
    box = resolve(page.get(key))
    if box is None or isinstance(box, NullObject):
        return None
    if not isinstance(box, list) or len(box) != 4:
        raise ValueError(f"{key} is {box}, not four numbers")
    return Rect.of(box)


def page_content(page, writer) -> tuple[bytes, dict]:
    """The page's content as stored (encoded bytes, filter keys cloned into `writer`), compressed if it was not.

    Copying the stored bytes keeps imposition fast: no content stream is decoded or parsed.
    """
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if isinstance(contents, StreamObject) and "/Filter" in contents:
        keys = {NameObject(k): contents.raw_get(k).clone(writer)
                for k in ("/Filter", "/DecodeParms") if k in contents}
        return contents._data, keys   # private: get_data() would decode what is copied as it is
    if isinstance(contents, StreamObject):
        data = contents.get_data()
    elif contents is None:
        data = b""
    else:
        data = b"\n".join(part.get_object().get_data() for part in contents)
    return zlib.compress(data, 6), {NameObject("/Filter"): NameObject("/FlateDecode")}


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError("does not exist", path) from None
    except IsADirectoryError:
        raise UserError("is a folder; expected a PDF file", path) from None
    except OSError as error:
        raise UserError(f"cannot be read ({error.strerror})", path) from None
    if b"%PDF-" not in data[:1024]:
        raise UserError(f"is not a PDF: it starts with {data[:8]!r}; expected a PDF file (starting %PDF-)", path)
    return data


def _described(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text if isinstance(error, PyPdfError) and text else f"{type(error).__name__}: {text}"


# --- making objects -----------------------------------------------------------

def new_writer() -> PdfWriter:
    return PdfWriter()


def pdf(value: Any) -> PdfObject:
    """A PDF object from a Python value: `/Name` text, int, float, list, dict; PDF objects as they are."""
    if isinstance(value, PdfObject):
        return value
    if isinstance(value, bool):
        raise TypeError("no PDF value for a bool here")
    if isinstance(value, str) and value.startswith("/"):
        return NameObject(value)
    if isinstance(value, int):
        return NumberObject(value)
    if isinstance(value, float):
        return FloatObject(value)
    if isinstance(value, dict):
        return DictionaryObject({NameObject(k): pdf(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return ArrayObject(pdf(v) for v in value)
    raise TypeError(f"no PDF value for {value!r}")


def stream(data: bytes, entries: dict) -> StreamObject:
    """A stream of `data` (already encoded as `entries` says) with the dictionary `entries`."""
    made = StreamObject()
    made.set_data(data)
    made.update(pdf(entries))
    return made


def box(rect: Rect, digits: int) -> ArrayObject:
    """A rectangle as a PDF array, each number rounded to `digits` decimals."""
    return ArrayObject(FloatObject(round(v, digits)) for v in rect)


def put(dictionary: DictionaryObject, entries: dict) -> None:
    """Set `entries` in a PDF dictionary (a page, a catalog)."""
    for key, value in entries.items():
        dictionary[NameObject(key)] = pdf(value)


def add(writer: PdfWriter, value: Any) -> IndirectObject:
    """Add an object to `writer`; its reference."""
    return writer._add_object(pdf(value))   # private: pypdf has no public way to add a non-page object


def set_info(writer: PdfWriter, info: DictionaryObject) -> None:
    """Make `info` (cloned into `writer`) the document information, its values kept as they are."""
    writer._info = info   # private: the `metadata` setter would turn names and dates into text


# --- writing ------------------------------------------------------------------

def pdf_bytes(writer: PdfWriter, file_id: bytes, version: str = "1.7") -> bytes:
    """The whole file for `writer` as PDF `version`, with the trailer /ID [file_id file_id]."""
    out = BytesIO()
    out.write(f"%PDF-{version}\n".encode() + BINARY_MARK)
    objects = _objects(writer)
    if tuple(map(int, version.split("."))) < (1, 5):
        return _classic(out, writer, objects, file_id)
    entries: dict[int, tuple[int, int, int]] = {}   # idnum -> (type, field 2, field 3)
    packed: list[tuple[int, bytes]] = []
    for idnum, obj in objects:
        if isinstance(obj, StreamObject):
            entries[idnum] = (1, out.tell(), 0)
            _write_object(out, idnum, obj)
        else:
            packed.append((idnum, _serialise(obj)))
    next_id = _size(objects)
    for start in range(0, len(packed), PER_OBJECT_STREAM):
        chunk = packed[start:start + PER_OBJECT_STREAM]
        for index, (idnum, _) in enumerate(chunk):
            entries[idnum] = (2, next_id, index)
        entries[next_id] = (1, out.tell(), 0)
        out.write(_object_stream(next_id, chunk))
        next_id += 1
    _write_xref_stream(out, writer, entries, next_id, file_id)
    return out.getvalue()


def _objects(writer: PdfWriter) -> list[tuple[int, PdfObject]]:
    """(number, object) for every object of a writer made by `new_writer()`.

    `list_objects_in_increment()` lists the objects new since the writer was
    made, which for a writer that started empty is every object.
    """
    return [(ref.idnum, ref.get_object()) for ref in writer.list_objects_in_increment()]


def _size(objects: list[tuple[int, PdfObject]]) -> int:
    return (objects[-1][0] if objects else 0) + 1


def _classic(out: BytesIO, writer: PdfWriter, objects, file_id: bytes) -> bytes:
    """Objects one by one, an xref table and a trailer: PDF before 1.5."""
    offsets = {}
    for idnum, obj in objects:
        offsets[idnum] = out.tell()
        _write_object(out, idnum, obj)
    size = _size(objects)
    xref = out.tell()
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for idnum in range(1, size):
        out.write(f"{offsets[idnum]:010d} 00000 n \n".encode() if idnum in offsets else b"0000000000 65535 f \n")
    out.write(f"trailer\n<< /Size {size} {_trailer_keys(writer, file_id)} >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode("latin-1"))
    return out.getvalue()


def _trailer_keys(writer: PdfWriter, file_id: bytes) -> str:
    ident = ArrayObject([ByteStringObject(file_id), ByteStringObject(file_id)])
    info = writer._info   # private: the Info dictionary's object number (`metadata` gives a copy)
    keys = f"/Root {writer.root_object.indirect_reference.idnum} 0 R"
    if info is not None:
        keys += f" /Info {info.indirect_reference.idnum} 0 R"
    return keys + f" /ID {_serialise(ident).decode('latin-1')}"


def _serialise(obj: PdfObject) -> bytes:
    buffer = BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def _write_object(out: BytesIO, idnum: int, obj: PdfObject) -> None:
    out.write(f"{idnum} 0 obj\n".encode())
    obj.write_to_stream(out)
    out.write(b"\nendobj\n")


def _object_stream(idnum: int, chunk: list[tuple[int, bytes]]) -> bytes:
    offsets, bodies, at = [], [], 0
    for number, body in chunk:
        offsets.append(f"{number} {at}")
        bodies.append(body)
        at += len(body) + 1
    head = (" ".join(offsets) + "\n").encode()
    data = zlib.compress(head + b"\n".join(bodies), 6)
    return (f"{idnum} 0 obj\n<< /Type /ObjStm /N {len(chunk)} /First {len(head)} /Filter /FlateDecode "
            f"/Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream\nendobj\n"


def _write_xref_stream(out: BytesIO, writer: PdfWriter, entries, xref_id: int, file_id: bytes) -> None:
    entries[xref_id] = (1, out.tell(), 0)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for idnum in range(1, xref_id + 1):
        kind, second, third = entries.get(idnum, (0, 0, 0))
        rows.append(struct.pack(">BIH", kind, second, third))
    data = zlib.compress(b"".join(rows), 6)
    out.write(f"{xref_id} 0 obj\n<< /Type /XRef /Size {xref_id + 1} /W [1 4 2] {_trailer_keys(writer, file_id)} "
              f"/Filter /FlateDecode /Length {len(data)} >>\nstream\n".encode("latin-1"))
    out.write(data + b"\nendstream\nendobj\n")
    out.write(f"startxref\n{entries[xref_id][1]}\n%%EOF\n".encode())


@contextmanager
def replacing(*targets: Path) -> Iterator[list[Path]]:
    """Yield temporary paths beside `targets`; move them all into place if the block succeeds.

    On any error the temporary files are removed and the targets left as they were.
    """
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(_temporary(Path(target)))
        yield temps
        for temp, target in zip(temps, targets):
            os.replace(temp, target)
    finally:
        for temp in temps:
            if temp.exists():
                temp.unlink()


def _temporary(target: Path) -> Path:
    for attempt in range(100):
        temp = target.with_name(f".{target.name}.{os.getpid()}.{attempt}.tmp")
        try:
            os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")
