"""The output folder: outputs replaced all at once, build.json last, one build at a time, clear errors."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pamphleteer import outputs
from pamphleteer.cli import main
from pamphleteer.errors import UserError
from pamphleteer.outputs import staging

HOLDER = """\
import sys, time
from pathlib import Path
from pamphleteer.outputs import staging
with staging(Path(sys.argv[1])) as stage:
    (stage / "half-written.pdf").write_bytes(b"%PDF-")
    print("holding", flush=True)
    time.sleep(60)
"""


def test_build_json_is_moved_into_place_after_every_file_it_describes(tmp_path, monkeypatch):
    moved = []
    monkeypatch.setattr(outputs.os, "replace", lambda source, target: moved.append(Path(target).name))
    with staging(tmp_path) as stage:
        for name in ("a.pdf", "build.json", "z-jobticket.txt"):
            (stage / name).write_text(name)
    assert moved == ["a.pdf", "z-jobticket.txt", "build.json"]


def test_every_output_is_hashed_the_job_ticket_too(tmp_path):
    (tmp_path / "x-jobticket.txt").write_text("sheets: 3\n")
    (tmp_path / "build.json").write_text("{}")
    assert outputs.describe_all(tmp_path) == {"x-jobticket.txt": {
        "bytes": 10, "sha256": "14b8ac30da23d09794dd6bd18841c2256918654d9b418b5933f9b7d1fb8f30d3"}}


@pytest.mark.parametrize("number, reason", [
    (errno.ENOSPC, "the disk is full; free some space and build again"),
    (errno.EACCES, "permission denied; make the folder writable or choose another with --out"),
    (errno.EROFS, "the disk is read-only; choose another folder with --out"),
])
def test_a_full_or_unwritable_folder_is_a_user_error_and_the_old_files_stay(tmp_path, number, reason):
    (tmp_path / "a.pdf").write_bytes(b"old")
    with pytest.raises(UserError) as caught:
        with staging(tmp_path, owned=["a.pdf"]) as stage:
            (stage / "a.pdf").write_bytes(b"new")
            raise OSError(number, os.strerror(number), str(stage / "b.pdf"))
    assert caught.value.message == f"cannot write the outputs: {reason}; the previous outputs are kept"
    assert caught.value.path == tmp_path
    assert (tmp_path / "a.pdf").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_an_os_error_elsewhere_is_not_blamed_on_the_output_folder(tmp_path):
    with pytest.raises(PermissionError):
        with staging(tmp_path / "out"):
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "fonts" / "x.ttf"))


def test_a_second_build_is_refused_while_one_runs_and_a_killed_build_leaves_nothing(small_issue, capsys):
    """Two processes: one holds the output folder mid-build; the other is refused, then builds once it is killed."""
    out = small_issue.parents[1] / "output" / "9"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        assert main(["build", "9", "--quiet"]) == 2
        assert capsys.readouterr().err == ("output/9: another build or proof is writing this folder; wait for it "
                                           "to finish and try again\n")
        assert [p.name for p in out.iterdir() if not p.name.startswith(".staging-")] == []
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert len(list(out.glob(".staging-*"))) == 1  # what a killed build leaves
    assert main(["build", "9", "--quiet"]) == 0
    assert list(out.glob(".staging-*")) == []
    described = json.loads((out / "build.json").read_text())["files"]
    assert sorted(described) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                                       if p.is_file() and p.name != "build.json")  # the article PDFs' folder too


def test_a_proof_holds_the_output_folder_while_it_writes_from_its_files(small_issue, monkeypatch):
    import fcntl
    import os

    from pamphleteer import proof

    out = small_issue.parents[1] / "output" / "9"
    real, seen = proof.make_proofs, []

    def make_proofs(*args, **kwargs):
        folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            seen.append("free")
        except BlockingIOError:
            seen.append("held")
        finally:
            os.close(folder)
        return real(*args, **kwargs)

    monkeypatch.setattr(proof, "make_proofs", make_proofs)
    assert main(["proof", "9", "--quiet"]) == 0 and seen == ["held"]
