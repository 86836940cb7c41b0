"""Turn a finished build's staging folder into the issue's outputs, one build at a time.

Every output is first written into a `.staging-*` folder inside the output
folder and moved into place only when all of them are made, `build.json`
last, so a failed or killed build leaves the previous good files as they
were and `build.json` never describes files that are not there yet. A lock
on the output folder keeps a second build of the same issue from mixing its
files with the first's; staging folders left by killed builds are removed
once the lock is held. A folder that cannot be made or written is a
UserError naming it.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from pamphleteer.errors import UserError, display_path

STAGING_PREFIX = ".staging-"
REPORT_NAME = "build.json"  # moved into place after every file it describes
WRITE_ERRORS = {  # errno -> what to tell the editor about the output folder
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EACCES: "permission denied; make the folder writable or choose another with --out",
    errno.EPERM: "permission denied; make the folder writable or choose another with --out",
    errno.EROFS: "the disk is read-only; choose another folder with --out",
}


@contextmanager
def staging(out_dir: Path, owned: list[str] = ()):
    """A folder inside `out_dir` whose files replace those in it only if all goes well.

    Files named in `owned` that this build did not make (a cover PDF once
    `cover_apart` is turned off) are removed then, so none is left stale.
    """
    with _writing(out_dir), locked(out_dir):
        _remove_stale(out_dir)
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        try:
            yield stage
            _move_into_place(stage, out_dir, owned)
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def describe_all(folder: Path) -> dict[str, dict]:
    """Size and sha256 of every output in `folder` and its folders (all but build.json itself), by path."""
    return {path.relative_to(folder).as_posix(): describe(path) for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != REPORT_NAME}


def describe(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _move_into_place(stage: Path, out_dir: Path, owned: list[str]) -> None:
    """Each file and folder into place; a folder (the article PDFs, the web pages) replaces the old one whole."""
    made = sorted(stage.iterdir(), key=lambda path: (path.name == REPORT_NAME, path.name))
    for name in set(owned) - {path.name for path in made}:
        _remove(out_dir / name)
    for path in made:
        if path.is_dir() and (out_dir / path.name).is_dir():
            os.replace(out_dir / path.name, stage / f".old-{path.name}")  # removed with the staging folder
        os.replace(path, out_dir / path.name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def _writing(out_dir: Path):
    """The output folder made; an OS error writing in it becomes a UserError naming it."""
    _make_folder(out_dir)
    try:
        yield
    except OSError as error:
        if error.errno not in WRITE_ERRORS or not _below(error, out_dir):
            raise
        raise UserError(f"cannot write the outputs: {WRITE_ERRORS[error.errno]}; the previous outputs are kept",
                        out_dir) from None


def _make_folder(out_dir: Path) -> None:
    blocking = next((parent for parent in [out_dir, *out_dir.parents] if parent.exists()), None)
    if blocking is not None and not blocking.is_dir():
        where = "" if blocking == out_dir else f" ({display_path(blocking)} is a file)"
        raise UserError(f"the output folder is a file{where}; expected a folder: choose another with --out",
                        out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = WRITE_ERRORS.get(error.errno, error.strerror)
        raise UserError(f"cannot make the output folder: {reason}", out_dir) from None


def _below(error: OSError, out_dir: Path) -> bool:
    names = [name for name in (error.filename, error.filename2) if name]
    return not names or any(Path(name).resolve().is_relative_to(out_dir.resolve()) for name in names)


@contextmanager
def locked(out_dir: Path):
    """Hold a lock on the output folder itself for a build (or a proof made from its files); refuse at once while
    another holds it.

    The kernel lets go of it when the build ends, however it ends, killed too.
    """
    folder = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError("another build or proof is writing this folder; wait for it to finish and try again",
                            out_dir) from None
        yield
    finally:
        os.close(folder)


def _remove_stale(out_dir: Path) -> None:
    """Staging folders of builds killed before they could clean up (none can be running: the lock is ours)."""
    for path in out_dir.glob(STAGING_PREFIX + "*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
