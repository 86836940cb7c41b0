"""The command line: a clean build, and bad input as one clear line, exit 2, outputs untouched."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import pytest

from conftest import write
from pamphleteer.cli import main


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pamphleteer", *args], cwd=cwd, capture_output=True, text=True)


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(small_issue, project):
    result = run("build", "9", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "output" / "9"
    assert {p.name for p in out.iterdir()} >= {"lantern-9.pdf", "lantern-9-print.pdf", "lantern-9-booklet.pdf",
                                               "build.json"}
    return out


BAD = [
    ("issue.yaml", "issue: 9\ndate: \"x\"\narticles:\n  - file: articles/missing.md\n",
     "issues/9/issue.yaml:4:5: articles[0].file: 'articles/missing.md' does not exist"),
    ("issue.yaml", "issue: 9\ndate: \"x\"\narticles:\n  - file: articles/first.md\n    pictures:\n"
                   "      - file: pictures/gone.png\n",
     "issues/9/issue.yaml:6:9: articles[0].pictures[0].file: 'pictures/gone.png' does not exist"),
    ("issue.yaml", "issue: 9\ndate: \"x\"\narticles: {\n", "issues/9/issue.yaml:4:1: not valid YAML"),
    ("articles/first.md", "---\ntitle: [x\n---\ntext\n", "issues/9/articles/first.md:2:8: not valid YAML: a [ opened here"),
]


@pytest.mark.parametrize("name, text, expected", BAD)
def test_bad_input_is_one_clear_message_and_leaves_outputs_alone(built, small_issue, project, name, text, expected):
    before = _hashes(built)
    write(small_issue / name, text)
    result = run("build", "9", cwd=project)
    assert result.returncode == 2
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr
    assert _hashes(built) == before


def test_unknown_issue(project):
    result = run("build", "404", cwd=project)
    assert (result.returncode, result.stderr) == (2, "issues/404/issue.yaml: no issue '404': its manifest would be here\n")


def test_check_validates_without_rendering(small_issue, project):
    result = run("check", "9", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "2 articles" in result.stdout
    assert not (project / "output").exists()


def test_a_command_run_inside_an_issue_folder_finds_the_journal_above(small_issue, project, monkeypatch, capsys):
    monkeypatch.chdir(small_issue / "articles")
    assert main(["check", "9"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("issue 9: 2 articles and 1 picture are in order")


def test_a_command_run_outside_any_journal_says_where_to_run_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "9"]) == 2
    assert capsys.readouterr().err == (".: no journal.yaml in this folder or above it; run the command "
                                       "from the journal's folder (the one with journal.yaml and issues/)\n")


def _readme_commands() -> list[str]:
    """Every command line in the README's code blocks and back-quotes that starts with make or .venv/bin/pamphleteer."""
    from conftest import ROOT

    text = (ROOT / "README.md").read_text()
    lines = [line.split("  #")[0].strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)
             for line in block.splitlines()]
    lines += re.findall(r"`((?:make|\.venv/bin/pamphleteer) [^`]+)`", text)
    return sorted({line for line in lines if line.startswith(("make ", ".venv/bin/pamphleteer "))})


def test_every_make_command_the_readme_shows_is_a_target():
    from conftest import ROOT

    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(), re.M))
    shown = {line.split()[1] for line in _readme_commands() if line.startswith("make ")}
    assert {"issue", "check", "new", "import", "watch", "proof", "settings"} <= shown
    assert shown - targets == set()


def test_every_pamphleteer_command_the_readme_shows_parses():
    import shlex

    from pamphleteer.cli import _parser

    shown = [shlex.split(line)[1:] for line in _readme_commands() if line.startswith(".venv/")]
    assert len(shown) >= 6
    for argv in shown:
        _parser(argv).parse_args(argv)  # argparse exits (a test failure) on a word it does not know


def test_make_import_runs_the_import_into_the_issue():
    from conftest import ROOT

    make = ["make", "--no-print-directory", "-o", ".venv/.installed"]  # as typed, or under `make test`
    dry = subprocess.run([*make, "-n", "import", "FILE=some post.txt", "N=48"], cwd=ROOT, capture_output=True,
                         text=True)
    assert dry.stdout.splitlines()[-1] == '.venv/bin/python -m pamphleteer import "some post.txt" --into 48'
    usage = subprocess.run([*make, "import"], cwd=ROOT, capture_output=True, text=True)
    assert (usage.returncode, usage.stderr.splitlines()[0]) == (2, "usage: make import FILE=path/to/the/file N=48")


def test_version():
    from pamphleteer import __version__

    result = run("--version", cwd=".")
    assert (result.returncode, result.stdout) == (0, f"pamphleteer {__version__}\n")


def test_every_option_of_every_command_has_help():
    import argparse

    from pamphleteer.cli import _parser

    parser = _parser([])
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert {"build", "check", "proof", "new", "import", "watch", "impose", "preflight", "settings", "html"} <= set(commands)
    unexplained = [f"{name} {action.dest}" for name, command in [("pamphleteer", parser), *commands.items()]
                   for action in command._actions
                   if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)) and not action.help]
    assert unexplained == []
