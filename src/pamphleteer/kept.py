"""Turn bytes a build made into a file the next build can use instead of making them again.

One file a thing (a picture as an edition converts it, an article's PDF),
named for the thing, so the folder never holds more than the issue has.
The file says what the bytes were made from (a digest the caller computes
of everything that decides them) and carries the digest of the bytes
themselves: it is used only when both still hold. A file that cannot be
read is made again; one that cannot be written costs the next build time,
nothing else.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

ENGINES = ("weasyprint", "pydyf", "pillow", "fonttools", "cffi", "pypdf")  # what draws, converts and writes


@functools.cache
def code() -> str:
    """A digest of this package's code and the versions of the engines it drives: part of what any kept
    bytes were made from."""
    from importlib.metadata import version

    digest = hashlib.sha256(repr([version(name) for name in ENGINES]).encode())
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def read(path: Path, made_from: str) -> bytes | None:
    """The bytes kept in `path` when they were made from `made_from` and are whole; else None."""
    try:
        head, body = path.read_bytes().split(b"\n\n", 1)
        key, digest = head.decode("ascii").split("\n")
    except (OSError, ValueError):
        return None
    return body if key == made_from and digest == hashlib.sha256(body).hexdigest() else None


def write(path: Path, made_from: str, body: bytes) -> None:
    """`body` kept in `path` as made from `made_from`."""
    replace(path, f"{made_from}\n{hashlib.sha256(body).hexdigest()}\n\n".encode() + body)


def replace(path: Path, data: bytes) -> None:
    """`data` in `path`, replacing what was there in one step; nothing when it cannot be written (a cache not
    written costs the next build time, nothing else)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass
