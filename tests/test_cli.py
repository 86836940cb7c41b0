"""The command line: a clean build, and bad input as one clear line, exit 2, outputs untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from conftest import write


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pamphleteer", *args], cwd=cwd, capture_output=True, text=True)


def _hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


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
