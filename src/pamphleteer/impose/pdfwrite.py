"""Write a pypdf PdfWriter's objects as a compact, deterministic PDF file.

pypdf 7 writes neither object streams nor a stable /ID, so this module writes
the file itself: for PDF 1.5 and later every non-stream object goes into
compressed object streams (/ObjStm), streams are written as they are, and a
cross-reference stream ends the file; for earlier versions (PDF/X-1a and X-3
are PDF 1.4) a classic xref table does. The /ID is given by the caller (a
hash of the inputs), so two runs give the same bytes. Files are written
beside their target and moved into place only when complete.

It reads `PdfWriter._objects`, which pypdf does not promise to keep; pypdf is
pinned below 8 in pyproject.toml.
"""

from __future__ import annotations

import os
import struct
import zlib
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, StreamObject

PER_OBJECT_STREAM = 200
BINARY_MARK = b"%\xe2\xe3\xcf\xd3\n"


def pdf_bytes(writer: PdfWriter, file_id: bytes, version: str = "1.7") -> bytes:
    """The whole file for `writer` as PDF `version`, with the trailer /ID [file_id file_id]."""
    out = BytesIO()
    out.write(f"%PDF-{version}\n".encode() + BINARY_MARK)
    if tuple(map(int, version.split("."))) < (1, 5):
        return _classic(out, writer, file_id)
    objects = writer._objects
    entries: dict[int, tuple[int, int, int]] = {}   # idnum -> (type, field 2, field 3)
    packed: list[tuple[int, bytes]] = []
    for idnum, obj in enumerate(objects, start=1):
        if obj is None:
            continue
        if isinstance(obj, StreamObject):
            entries[idnum] = (1, out.tell(), 0)
            _write_object(out, idnum, obj)
        else:
            packed.append((idnum, _serialise(obj)))
    next_id = len(objects) + 1
    for start in range(0, len(packed), PER_OBJECT_STREAM):
        chunk = packed[start:start + PER_OBJECT_STREAM]
        for index, (idnum, _) in enumerate(chunk):
            entries[idnum] = (2, next_id, index)
        entries[next_id] = (1, out.tell(), 0)
        out.write(_object_stream(next_id, chunk))
        next_id += 1
    _write_xref_stream(out, writer, entries, next_id, file_id)
    return out.getvalue()


def _classic(out: BytesIO, writer, file_id: bytes) -> bytes:
    """Objects one by one, an xref table and a trailer: PDF before 1.5."""
    offsets = {}
    for idnum, obj in enumerate(writer._objects, start=1):
        if obj is not None:
            offsets[idnum] = out.tell()
            _write_object(out, idnum, obj)
    size = len(writer._objects) + 1
    xref = out.tell()
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for idnum in range(1, size):
        out.write(f"{offsets[idnum]:010d} 00000 n \n".encode() if idnum in offsets else b"0000000000 65535 f \n")
    out.write(f"trailer\n<< /Size {size} {_trailer_keys(writer, file_id)} >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode("latin-1"))
    return out.getvalue()


def _trailer_keys(writer, file_id: bytes) -> str:
    ident = ArrayObject([ByteStringObject(file_id), ByteStringObject(file_id)])
    info = writer._info
    keys = f"/Root {writer.root_object.indirect_reference.idnum} 0 R"
    if info is not None:
        keys += f" /Info {info.indirect_reference.idnum} 0 R"
    return keys + f" /ID {_serialise(ident).decode('latin-1')}"


def _serialise(obj) -> bytes:
    buffer = BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def _write_object(out: BytesIO, idnum: int, obj) -> None:
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


def _write_xref_stream(out: BytesIO, writer, entries, xref_id: int, file_id: bytes) -> None:
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
def replacing(*targets: Path):
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
