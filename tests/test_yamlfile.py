"""YAML text to positioned data: scalars resolved as YAML 1.2, positions, duplicates, anchors, hints, decoding.

Every expectation is written out by hand; scripts/mutate.py checks that a
change of any operator or constant in yamlfile.py makes one of these fail.
Its survivors are changes nothing can show: TAGS' names for !!str and !!null
(making either from a scalar never fails, so no message names them), the first
characters given with each resolver (more of them only try more values on the
same pattern), the space between PyYAML's problem and context (no hint's words
span it), the throwaway loader's text (never read), and the signs stripped
before counting an int's digits (it differs only for an `!!int` value over
4300 characters that starts with X).
Unclosed quotes and brackets, and YAML tags, are mostly in test_errors.py's
table, as an editor meets them; the cases that table leaves out are here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pamphleteer.errors import UserError
from pamphleteer.yamlfile import ANCHORS, Node, Seq, parse, read, read_text

F = Path("f.yaml")


def error(text: str, first_line: int = 1) -> str:
    with pytest.raises(UserError) as caught:
        parse(text, F, first_line)
    return str(caught.value)


@pytest.mark.parametrize("scalar, value", [
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
    ("0", 0), ("7", 7), ("-12", -12), ("+3", 3), ("1.5", 1.5), ("-0.25", -0.25), ("+2.0", 2.0),
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None),
    # YAML 1.1 would turn these into booleans, octal, dates or floats; here they stay as written
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"), ("tRUE", "tRUE"),
    ("010", "010"), ("1.10", 1.1), ("1e5", "1e5"), (".5", ".5"), ("5.", "5."), ("0x1F", "0x1F"),
    ("1_000", "1_000"), ("2024-01-02", "2024-01-02"), ("12:30", "12:30"), ("nil", "nil"),
    ("truex", "truex"), ("xtrue", "xtrue"), ("7a", "7a"), ("a7", "a7"), ("1.5x", "1.5x"), ("nulls", "nulls"),
    ("'7'", "7"), ('"true"', "true"),
])
def test_scalars_resolve_as_yaml_1_2(scalar, value):
    found = parse(f"key: {scalar}\n", F)["key"]
    assert (found, type(found)) == (value, type(value))


def test_mappings_and_lists_remember_where_each_key_and_item_stood():
    data = parse("name: x\nlist:\n  - one\n  -   two\nmap:\n    inner: 1\n", F, 10)
    assert isinstance(data, Node) and (data.path, data.line, data.column) == (F, 10, 1)
    assert [data.where(k) for k in ("name", "list", "map")] == [(10, 1), (11, 1), (14, 1)]
    assert data.where("absent") == (10, 1)
    assert data.source("name") == F
    items = data["list"]
    assert isinstance(items, Seq) and items == ["one", "two"]
    assert (items.line, items.column) == (12, 3)
    assert [items.where(0), items.where(1), items.where(2)] == [(12, 5), (13, 7), (12, 3)]
    assert (data["map"].line, data["map"].column, data["map"].where("inner")) == (15, 5, (15, 5))


def test_a_mapping_remembers_each_key_source_when_merged():
    data = parse("a: 1\n", F)
    data._sources = {"a": Path("other.yaml")}
    assert (data.source("a"), data.source("b")) == (Path("other.yaml"), F)


def test_empty_text_is_none():
    assert parse("", F) is None and parse("# only a comment\n", F) is None


def test_every_duplicate_key_is_reported_at_once_where_it_repeats():
    assert error("a: 1\nb: 2\na: 3\nb: 4\n", 5) == (
        "f.yaml:7:1: a: given twice, on line 5 and on line 7; keep one\n"
        "f.yaml:8:1: b: given twice, on line 6 and on line 8; keep one")


def test_a_duplicate_inside_a_list_item_names_its_column():
    assert error("- x: 1\n  x: 2\n") == "f.yaml:2:3: x: given twice, on line 1 and on line 2; keep one"


@pytest.mark.parametrize("text, where", [("a: &x 1\nb: *x\n", "1:4"), ("- 1\n- &y 2\n", "2:3"),
                                         ("a: 1\nb: *x\n", "2:4")])
def test_anchors_and_aliases_are_refused_where_they_stand(text, where):
    assert error(text, 1) == f"f.yaml:{where}: {ANCHORS}"
    assert ANCHORS == "YAML anchors and aliases (&name, *name) are not allowed here; write the value out"


def test_an_anchor_is_reported_at_its_file_line():
    assert error("a: &x 1\n", 20) == f"f.yaml:20:4: {ANCHORS}"


@pytest.mark.parametrize("text, expected", [
    ("a: b: c\n", "1:5: not valid YAML: mapping values are not allowed here; "
                  "a value with `: ` in it must be in quotes"),
    ("a:\n\tb: 1\n", "2:1: not valid YAML: found character '\\t' that cannot start any token; "
                     "indent with spaces, not tabs"),
    ("a: @x\n", "1:4: not valid YAML: found character '@' that cannot start any token; "
                "a value starting with this character must be in quotes"),
    ("a: *\n", "1:5: not valid YAML: expected alphabetic or numeric character, but found '\\n'; "
               "a value starting with * or & must be in quotes"),
    ('a: "x" y\n', "1:8: not valid YAML: expected <block end>, but found '<scalar>'; text follows a closing quote "
                   "or bracket: put the whole value in quotes, writing \\\" for a quote inside \"...\""),
    ("a:\n    b: 1\n  c: 2\n", "3:3: not valid YAML: expected <block end>, but found '<block mapping start>'; "
                             "this line is indented differently from the lines around it"),
    ("a: 1\n- b\n", "2:1: not valid YAML: expected <block end>, but found '-'; "
                    "a list item where a key was expected: check the indentation"),
    ("a: 1\nb\n", "3:1: not valid YAML: could not find expected ':'; "
                  "a line without `key: value`; continue a long value on indented lines"),
    ("a:\n  - 1\n  b: 2\n", "3:3: not valid YAML: expected <block end>, but found '?'"),  # no hint fits
])
def test_syntax_errors_name_their_place_and_give_a_hint(text, expected):
    assert error(text) == f"f.yaml:{expected}"


def test_syntax_errors_count_from_the_first_line_given():
    assert error("a: b: c\n", 7).startswith("f.yaml:7:5: not valid YAML: mapping values are not allowed here")


def test_an_unclosed_brace_is_reported_where_it_opens():
    assert error("a: {b: 1\n", 3) == (
        "f.yaml:3:4: not valid YAML: a { opened here is not closed (on line 4: expected ',' or '}', but got "
        "'<stream end>'); if the value is text, put it in quotes")


@pytest.mark.parametrize("text, bracket", [('a: [x, "y" z]\n', "]"), ('a: {b: "c" d}\n', "}")])
def test_text_after_a_quote_inside_brackets_is_shown_where_it_stands_not_as_an_unclosed_bracket(text, bracket):
    assert error(text, 5) == (
        f"f.yaml:5:12: not valid YAML: expected ',' or '{bracket}', but got '<scalar>'; text follows a closing quote "
        'or bracket: put the whole value in quotes, writing \\" for a quote inside "..."')


def test_a_float_tag_on_words_quotes_their_first_40_characters():
    assert error("a: 1\nb: !!float one and a half, or so the printer said on Monday\n") == (
        "f.yaml:2:4: found 'one and a half, or so the printer said o' marked as a number (!!float), which it is "
        "not; remove the tag")


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: !!python/object {c: 1}\n", "2:4: the YAML tag !!python/object is not allowed here"),
    ("a: !!str [1, 2]\n", "1:4: the YAML tag !!str is not allowed here"),
    ("a: !!map [1, 2]\n", "1:4: the YAML tag !!map is not allowed here"),
    ("a: !!seq {b: 1}\n", "1:4: the YAML tag !!seq is not allowed here"),
    ("a: !!null maybe\n", "1:4: found 'maybe' marked as nothing (null) (!!null), which it is not"),
])
def test_a_tag_that_does_not_fit_its_value_is_refused_where_it_stands(text, expected):
    assert error(text).startswith(f"f.yaml:{expected}")


def test_the_tags_that_fit_are_accepted():
    assert parse("a: !!map {b: !!seq [1, !!null null, !!null ~]}\n", Path("f.yaml")) == {"a": {"b": [1, None, None]}}


@pytest.mark.parametrize("escape, code, name", [
    ("\\0", "0000", "null"), ("\\b", "0008", "backspace"), ("\\v", "000B", "vertical tab"),
    ("\\e", "001B", "escape"), ("\\x7f", "007F", "delete"), ("\\uffff", "FFFF", "noncharacter"),
    ("\\x01", "0001", "control character"), ("\\x9f", "009F", "control character"),
])
def test_an_escaped_control_character_is_named_in_words(escape, code, name):
    assert error(f'a: 1\nb: "x{escape}y"\n') == (
        f"f.yaml:2:4: an invisible control character U+{code} ({name}) found, as text pasted from Word or a PDF "
        "often carries; delete it")


def test_a_raw_null_character_is_named_where_it_stands():
    assert error("a: x\0y\n") == (
        "f.yaml:1:5: an invisible control character U+0000 (null) found, as text pasted from Word or a PDF "
        "often carries; delete it")


def test_a_number_may_have_as_many_digits_as_python_reads_its_sign_not_counted():
    limit = sys.get_int_max_str_digits()
    assert parse(f"a: -{'9' * limit}\n", F)["a"] == -int("9" * limit)
    assert error(f"a: +{'9' * (limit + 1)}\n") == (
        f"f.yaml:1:4: a number of {limit + 1} digits; expected at most {limit} (put it in quotes if it is text)")


def test_a_text_file_is_read_up_to_4_mib(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("at.txt").write_bytes(b"x" * (4 << 20))
    Path("over.txt").write_bytes(b"x" * ((4 << 20) + 1))
    assert len(read_text(Path("at.txt"))) == 4 << 20
    with pytest.raises(UserError) as caught:
        read_text(Path("over.txt"))
    assert str(caught.value) == ("over.txt: is 4.0 MiB; an article or manifest is read up to 4 MiB "
                                 "(is this the right file?)")


def test_read_parses_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    data = read(Path("a.yaml"))
    assert data == {"a": 1, "b": "two"} and data.where("b") == (2, 1)


@pytest.mark.parametrize("data, text", [
    (b"one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
    (b"\xef\xbb\xbfwith a BOM\n", "with a BOM\n"),
    ("Жаңаөзен\n".encode(), "Жаңаөзен\n"),
])
def test_read_text_decodes_utf8_and_unifies_line_ends(tmp_path, data, text):
    (tmp_path / "t.txt").write_bytes(data)
    assert read_text(tmp_path / "t.txt") == text


@pytest.mark.parametrize("encoding", ["utf-8", "UTF-8", "utf8", "UTF_8", "utf-8-sig"])
def test_read_text_takes_any_spelling_of_utf8(tmp_path, encoding):
    (tmp_path / "t.txt").write_bytes(b"\xef\xbb\xbfok\n")
    assert read_text(tmp_path / "t.txt", encoding) == "ok\n"


def test_read_text_in_another_encoding_keeps_its_bom_free_text(tmp_path):
    (tmp_path / "t.txt").write_bytes("Café\r\n".encode("cp1252"))
    assert read_text(tmp_path / "t.txt", "cp1252") == "Café\n"


@pytest.mark.parametrize("data, encoding, expected", [
    (b"ok\nCaf\xe9 au lait\n", "utf-8",
     "t.txt:2:4: not UTF-8: byte 0xe9 cannot be decoded (it looks like Windows-1252, where it would be 'é': "
     "save the file as UTF-8, or add `encoding: cp1252` to its entry in issue.yaml)"),
    (b"\xff\xfeo\x00k\x00", "utf-8",
     "t.txt:1:1: not UTF-8: byte 0xff cannot be decoded (the file is UTF-16, as Windows Notepad saves "
     "\"Unicode\": save it as UTF-8)"),
    (b"\xfe\xff\x00o", "utf-8",
     "t.txt:1:1: not UTF-8: byte 0xfe cannot be decoded (the file is UTF-16, as Windows Notepad saves "
     "\"Unicode\": save it as UTF-8)"),
    (b"a\nb\n\x81\x81", "utf-8", "t.txt:3:1: not UTF-8: byte 0x81 cannot be decoded"),   # not cp1252 either
    (b"\nCaf\xe9\n", "utf-8-sig",   # a newline first: lines and columns count from the start of the file
     "t.txt:2:4: not UTF-8: byte 0xe9 cannot be decoded (it looks like Windows-1252, where it would be 'é': "
     "save the file as UTF-8, or add `encoding: cp1252` to its entry in issue.yaml)"),
    (b"\nab\xef\xbf\xbd\n", "utf-8",
     "t.txt:2:3: U+FFFD (the replacement character) found: the text was damaged by a wrong conversion before it "
     "got here; take it again from the original"),
    (b"ab\xff", "ascii", "t.txt:1:3: not ascii: byte 0xff cannot be decoded"),
    (b"ok", "undefined-codec", "t.txt: unknown encoding 'undefined-codec'; expected a name such as utf-8 or cp1252"),
    (b"line\nbro\xef\xbf\xbdken\n", "utf-8",
     "t.txt:2:4: U+FFFD (the replacement character) found: the text was damaged by a wrong conversion before it "
     "got here; take it again from the original"),
])
def test_read_text_errors_name_the_line_and_column(tmp_path, monkeypatch, data, encoding, expected):
    monkeypatch.chdir(tmp_path)
    Path("t.txt").write_bytes(data)
    with pytest.raises(UserError) as caught:
        read_text(Path("t.txt"), encoding)
    assert str(caught.value) == expected


def test_read_text_of_a_missing_file_or_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("folder").mkdir()
    messages = []
    for name in ("gone.txt", "folder"):
        with pytest.raises(UserError) as caught:
            read_text(Path(name))
        messages.append(str(caught.value))
    assert messages == ["gone.txt: file not found", "folder: is a folder, expected a file"]


def test_read_text_below_a_file_says_why_it_cannot_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("file.txt").write_text("x")
    with pytest.raises(UserError) as caught:
        read_text(Path("file.txt/inner.txt"))
    assert str(caught.value) == "file.txt/inner.txt: cannot read: Not a directory"
