"""The one door to pypdf: no other module imports it or touches its private attributes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pamphleteer import pdffile
from pamphleteer.errors import UserError
from pamphleteer.geometry import Rect

SOURCE = Path(pdffile.__file__).parent
DOOR = SOURCE / "pdffile.py"
# pypdf's private attributes that pdffile.py reads or sets (see its docstring), and others pypdf code reaches for
PRIVATE = {"_add_object", "_data", "_info", "_objects", "_info_obj", "_root_object", "_replace_object"}


def pypdf_imports(tree: ast.AST) -> list[int]:
    """Lines that import pypdf or a module of it, by statement or by importlib/__import__ with a literal name."""
    lines = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            names = [str(node.args[0].value)] if called in ("import_module", "__import__") else []
        if any(name == "pypdf" or name.startswith("pypdf.") for name in names):
            lines.append(node.lineno)
    return sorted(lines)


def private_uses(tree: ast.AST) -> list[int]:
    return sorted(node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in PRIVATE)


def modules() -> list[Path]:
    return sorted(path for path in SOURCE.rglob("*.py") if path != DOOR)


@pytest.mark.parametrize("finder, code, lines", [
    (pypdf_imports, "import os\nimport pypdf\nfrom pypdf.generic import NameObject\nfrom pypdfx import y\n", [2, 3]),
    (pypdf_imports, "import importlib\nimportlib.import_module('pypdf.errors')\n__import__('pypdf')\n", [2, 3]),
    (private_uses, "writer._add_object(x)\nstream._data = b''\nself._cache = 1\n", [1, 2]),
])
def test_the_finders_find_what_they_look_for(finder, code, lines):
    assert finder(ast.parse(code)) == lines


def test_only_the_door_imports_pypdf():
    found = {str(path.relative_to(SOURCE)): pypdf_imports(ast.parse(path.read_text())) for path in modules()}
    assert {name: lines for name, lines in found.items() if lines} == {}
    assert pypdf_imports(ast.parse(DOOR.read_text()))   # the door itself does, or this test looks in the wrong place


def test_only_the_door_touches_pypdf_private_attributes():
    found = {str(path.relative_to(SOURCE)): private_uses(ast.parse(path.read_text())) for path in modules()}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_every_private_use_in_the_door_says_why():
    lines = DOOR.read_text().splitlines()
    uses = private_uses(ast.parse(DOOR.read_text()))
    assert len(uses) == 4   # _add_object, _data, _info twice: a new one is a decision, made here too
    assert [number for number in uses if "# private:" not in lines[number - 1]] == []


@pytest.mark.parametrize("value, expected", [
    ("/Annot", "/Annot"),
    ({"/Border": [0, 0, 0], "/Rect": [1.5, 2]}, "<<\n/Border [ 0 0 0 ]\n/Rect [ 1.5 2 ]\n>>"),
])
def test_pdf_values_from_python_values(value, expected):
    assert pdffile._serialise(pdffile.pdf(value)).decode() == expected


@pytest.mark.parametrize("value", ["Annot", True, None, 1j])
def test_no_pdf_value_for_text_without_a_slash_or_other_types(value):
    with pytest.raises(TypeError):
        pdffile.pdf(value)


@pytest.mark.parametrize("entry, expected", [
    ([0, 612, 396, 0], Rect(0, 0, 396, 612)),
    (None, None),
])
def test_page_box_normalises_and_knows_an_absent_box(entry, expected):
    page = {} if entry is None else {"/TrimBox": pdffile.pdf(entry)}
    assert pdffile.page_box(pdffile.pdf(page), "/TrimBox") == expected


@pytest.mark.parametrize("entry, message", [
    ([0, 0, 396], "/TrimBox is [0, 0, 396], not four numbers"),
    (7, "/TrimBox is 7, not four numbers"),
])
def test_page_box_refuses_what_is_not_four_numbers(entry, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        pdffile.page_box(pdffile.pdf({"/TrimBox": pdffile.pdf(entry)}), "/TrimBox")


def test_reading_turns_a_malformed_object_into_a_user_error(tmp_path):
    with pytest.raises(UserError) as caught:
        with pdffile.reading(tmp_path / "x.pdf"):
            raise TypeError("'NumberObject' object is not iterable")
    assert str(caught.value.message) == ("cannot be read as a PDF (TypeError: 'NumberObject' object is not "
                                         "iterable); make it again, or repair a copy with `qpdf IN.pdf OUT.pdf`")
