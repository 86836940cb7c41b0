"""`pamphleteer build --all`: every issue in parallel processes; one failure is reported and stops no other."""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import Future

import pytest

from conftest import write
from pamphleteer.cli import main
from pamphleteer.many import _outcome, _workers, issues_under


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pamphleteer", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def three_issues(small_issue, project):
    """Issues 9, 10 and 11: the small issue three times."""
    for number in (10, 11):
        folder = shutil.copytree(small_issue, project / "issues" / str(number))
        manifest = folder / "issue.yaml"
        manifest.write_text(manifest.read_text().replace("issue: 9", f"issue: {number}"))
    return project


def test_every_issue_is_built(three_issues):
    result = run("build", "--all", "-j", "2", cwd=three_issues)
    assert result.returncode == 0, result.stderr
    for number in (9, 10, 11):
        assert (three_issues / "output" / str(number) / f"lantern-{number}.pdf").is_file()
        assert f"built issue {number} in " in result.stdout
    assert result.stdout.splitlines()[-1].startswith("built all 3 issues in ")


def test_one_failure_is_reported_and_the_others_are_built(three_issues):
    write(three_issues / "issues" / "10" / "articles" / "first.md", "---\ntitel: x\n---\ntext\n")
    result = run("build", "--all", "-j", "2", cwd=three_issues)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert "issues/10/articles/first.md:2:1: titel: unknown key; did you mean `title`?" in lines
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith("pamphleteer: 1 of 3 issues failed (10); the others are built (")
    assert (three_issues / "output" / "9" / "lantern-9.pdf").is_file()
    assert (three_issues / "output" / "11" / "lantern-11.pdf").is_file()
    assert not (three_issues / "output" / "10" / "lantern-10.pdf").exists()


def test_out_folder_holds_one_folder_per_issue(three_issues, tmp_path):
    assert main(["build", "--all", "-j", "1", "--out", str(tmp_path / "all"), "-q"]) == 0
    assert sorted(path.name for path in (tmp_path / "all").iterdir()) == ["10", "11", "9"]


USAGE = "pamphleteer: give an issue number, or --all (with -j N) for every issue under issues/\n"


@pytest.mark.parametrize("args, message", [
    (["build"], USAGE),
    (["build", "9", "--all"], USAGE),
    (["build", "9", "-j", "2"], USAGE),
    (["build", "--all", "-j", "0"], "pamphleteer: -j 0: the number of issues built at once; expected 1 or more\n"),
])
def test_asking_wrongly(small_issue, capsys, args, message):
    assert main(args) == 2
    assert capsys.readouterr().err == message


def test_issues_in_number_order_and_only_folders_with_a_manifest(project):
    for name in ("10", "9", "100", "special", "empty"):
        (project / "issues" / name).mkdir(parents=True, exist_ok=True)
        if name != "empty":
            (project / "issues" / name / "issue.yaml").write_text("issue: 1\n")
    assert issues_under(project) == ["9", "10", "100", "special"]


def test_no_issues_is_an_error(project, capsys):
    shutil.rmtree(project / "issues")
    assert main(["build", "--all"]) == 2
    assert capsys.readouterr().err == "issues: no issues here: an issue is a folder with an issue.yaml\n"


def test_a_crashed_worker_is_its_issue_failure_only(project):
    crashed: Future = Future()
    crashed.set_exception(RuntimeError("boom"))
    outcome = _outcome(crashed, "9", project)
    assert (outcome.issue, outcome.report) == ("9", None)
    assert str(outcome.error) == "issues/9/issue.yaml: the build stopped: RuntimeError: boom"


SEEN = []  # what this process had done when its workers were forked


def _seen() -> list:
    return SEEN


def test_workers_are_forked_at_once_from_this_process():
    """They start with what this process loaded (not importing it all again) and are all made before any work
    is handed out: what this process does afterwards is not in them."""
    SEEN[:] = ["before"]
    with _workers(2) as pool:
        SEEN.append("after")
        assert {tuple(pool.submit(_seen).result()) for _ in range(6)} == {("before",)}
        assert len(pool._processes) == 2
