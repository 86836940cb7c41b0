"""Fuzzing what editors type: mutated manifests, front matter, Markdown and mail posts.

Each example breaks the small issue (tests/conftest.py) one random way and
runs the command line in-process. Whatever it is given, the tool must exit
with status 0 or 2, never raise, name a file of the issue when it refuses,
and leave the previous outputs as they were. The seed is fixed
(`derandomize`) and the examples bounded, so the run is the same every time
and takes well under a minute.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import FIRST, MANIFEST, POST, ROOT
from pamphleteer.cli import main

M, A, P = "issues/9/issue.yaml", "issues/9/articles/first.md", "issues/9/articles/post.txt"
ORIGINALS = {M: MANIFEST, A: FIRST, P: POST}
NAMED = ("issue.yaml", "journal.yaml", "first.md", "post.txt", "square.png")  # one of these in every refusal
YAML = [  # what editors paste into YAML, and what breaks its parsers
    "[", "]", "{", "}", ": ", "- ", "? ", "&a ", "*a", "!!int ", "!!bool ", "!!timestamp ", "!!binary ", "!foo ",
    "|\n", ">\n", "#", "'", '"', "\\", '"\\ud800"', '"\\U0001F600"', '"\\x00"', "\t", "\f", "\x00", "\x07",
    "\ufffe", "---\n", "...\n", "~", "null", "true", "no", "09", "1e999", "9" * 4400, "[" * 600, "{a: " * 400,
    "? [a]\n: 1\n", "{[a]: 1}", "\n  - file: articles/first.md\n", "\n    encoding: cp1252\n",
    "\n    columns: 3\n", "\nlang: kk\n", "\ncover:\n  picture: pictures/square.png\n",
]
MARKDOWN = [
    "[^1]", "[^a]", "\n\n[^a]: see[^1]\n\n", "\n\n[^1]: again[^1]\n\n", "![p](first.md)",
    "![p](../pictures/square.png)", "![x](/etc/passwd)", "![x](http://127.0.0.1:1/x.png)",
    "<span style=\"color:red\">", "</em>", "<em>", "<script>", "<img src=x>", "<div>\n", "\n<table>\n", "<!--",
    "&#x1F600;", "&#0;", "&#xD800;", "&amp;", "&nbsp;", "```\n", "> ", "* ", "1. ", "\n|a|b|\n|-|-|\n|1|2|\n", "***",
    "\\\n", "[link](javascript:alert(1))", "<https://127.0.0.1:1/>", "[x]", "[[[", "_" * 60, "*" * 60, "# ", "\n---\n",
]
MAIL = [
    "<>", "\n\n    Picture: A drawn square\n\n", "\n\n    Picture: missing\n\n", "\nby \n", "To: ",
    "August 30, 2012", "\n\nFrom the May 2012 issue of X\n\n", "\n\n",
]
TEXT = ["Жаңаөзен", "\u2603", "\U0001F600", "\u202e", "\ufeff", "\u0085", "\u2028", "\u00ad", "\ufffd", "\r",
        "\r\n", "x" * 300, "\n" * 5, "\x00", "\x0c"]
FRAGMENTS = {M: YAML + TEXT, P: MAIL + MARKDOWN[:12] + TEXT, A: YAML + MARKDOWN + TEXT}
BODY_START = FIRST.index("---\n", 4) + 4


def _spots(name: str, yaml: bool) -> list[int]:
    """Where a fragment goes in the sweep: where YAML values start, or where words start in the text."""
    text = ORIGINALS[name]
    if yaml:
        return [i + 2 for i in range(len(text)) if text.startswith(": ", i) and (name == M or i < BODY_START)]
    first = BODY_START if name == A else 0
    return [i for i in range(first, len(text)) if text[i - 1] in " \n"]


SWEEP = [  # every fragment once, each at the next spot of its kind, so none is left to chance
    (name, fragment, spots[index % len(spots)])
    for name, lists in ((M, (YAML + TEXT,)), (A, (YAML, MARKDOWN + TEXT)), (P, (MAIL + TEXT,)))
    for fragments in lists
    for spots in [_spots(name, fragments is YAML or name == M)]
    for index, fragment in enumerate(fragments)
]


@st.composite
def mutation(draw) -> tuple[str, str]:
    """One of the issue's text files, changed by one to three random edits, mostly where values start."""
    name = draw(st.sampled_from(sorted(ORIGINALS)))
    text = ORIGINALS[name]
    for _ in range(draw(st.integers(1, 3))):
        starts = [i + 2 for i in range(len(text)) if text.startswith(": ", i)] + [0, len(text)]
        at = draw(st.one_of(st.sampled_from(starts), st.integers(0, len(text))))
        edit = draw(st.sampled_from(["insert", "insert", "insert", "delete", "replace", "duplicate"]))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(FRAGMENTS[name])) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif edit == "replace":
            text = text[:at] + draw(st.characters(codec="utf-8", exclude_categories=["Cs"])) + text[at + 1:]
        else:
            end = at + draw(st.integers(1, 60))
            text = text[:end] + text[at:end] + text[end:]
    return name, text


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    """Issue 9 built once into a module-wide project; each example writes over its text files."""
    root = tmp_path_factory.mktemp("fuzz")
    for name in ("journal.yaml", "templates", "styles"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    for path, text in ORIGINALS.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    from PIL import Image
    (root / "issues/9/pictures").mkdir()
    Image.new("RGB", (1500, 1000), (120, 40, 30)).save(root / "issues/9/pictures/square.png", dpi=(300, 300))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main(["build", "9", "--quiet"]) == 0
        yield root


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _run(root: Path, command: str, name: str, text: str) -> tuple[int, str]:
    """Write the mutated file (the others as they were), run `command`, and give its status and stderr."""
    for path, original in ORIGINALS.items():
        (root / path).write_text(text if path == name else original, encoding="utf-8", errors="surrogatepass")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([command, "9", "--quiet"])
    return code, err.getvalue()


def _assert_handled(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert any(name in err for name in NAMED), err


FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("name, fragment, at", SWEEP, ids=[f"{Path(n).name}@{at}:{f[:12]!r}" for n, f, at in SWEEP])
def test_check_survives_each_fragment(fuzzed, name, fragment, at):
    text = ORIGINALS[name]
    _assert_handled(*_run(fuzzed, "check", name, text[:at] + fragment + text[at:]))


@settings(FUZZ, max_examples=120)
@given(mutation())
def test_check_survives_any_edit(fuzzed, case):
    code, err = _run(fuzzed, "check", *case)
    event(f"exit status {code}")
    _assert_handled(code, err)


@settings(FUZZ, max_examples=8)
@given(mutation())
def test_build_survives_any_edit_and_a_failure_keeps_the_outputs(fuzzed, case):
    outputs = fuzzed / "output" / "9"
    before = _hashes(outputs)
    code, err = _run(fuzzed, "build", *case)
    _assert_handled(code, err)
    if code == 2:
        assert _hashes(outputs) == before
