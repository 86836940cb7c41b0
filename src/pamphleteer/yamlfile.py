"""Turn YAML text into plain Python data that remembers where each value stood.

Mappings come back as `Node` dicts whose `.where(key)` gives the 1-based line
and column of a key, so every later error can name `file:line:col`.
Duplicate keys are refused (PyYAML would keep the last one silently), so
are anchors and aliases (a few bytes of them can expand into billions of
values), and only YAML 1.2-like scalars are resolved: `true`/`false`,
decimal numbers; everything else, dates and `no` included, stays text.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pamphleteer.errors import UserError


class Node(dict):
    """A mapping read from YAML, with the position of each key."""

    path: Path
    line: int = 0
    column: int = 0

    def where(self, key) -> tuple[int, int]:
        return self._positions.get(key, (self.line, self.column))

    def source(self, key) -> Path:
        """The file `key` was read from: a merged mapping holds keys of several files."""
        return getattr(self, "_sources", {}).get(key, self.path)


class Seq(list):
    """A sequence read from YAML, with the position of each item."""

    path: Path
    line: int = 0
    column: int = 0

    def where(self, index: int) -> tuple[int, int]:
        return self._positions[index] if index < len(self._positions) else (self.line, self.column)


ANCHORS = "YAML anchors and aliases (&name, *name) are not allowed here; write the value out"


class _AnchorFound(Exception):
    """An anchor or alias in the text, at `mark`."""

    def __init__(self, mark):
        super().__init__(ANCHORS)
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and numbers, no timestamps, and no anchors or aliases.

    An alias makes one node stand in many places, so a few hundred bytes of
    aliases of aliases expand into billions of values (the "billion laughs"):
    the first anchor or alias is refused as it is read, before anything is expanded.
    """

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _AnchorFound(event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
                              list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]+)$"),
                              list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                              ["~", "n", "N", ""])


def parse(text: str, path: Path, first_line: int = 1):
    """YAML text to data; `first_line` is the file line where `text` begins.

    Every key given twice is reported at once; a syntax error is reported
    with a hint in the editor's terms when its cause is a common one.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else None
        problem = error.problem or error.context
        raise UserError(f"not valid YAML: {problem}{_hint(problem, error.context)}", path, line, column) from None
    except _AnchorFound as found:
        raise UserError(ANCHORS, path, found.mark.line + first_line, found.mark.column + 1) from None
    if node is None:
        return None
    duplicates: list[UserError] = []
    data = _convert(node, path, first_line, duplicates)
    if duplicates:
        raise UserError.many(duplicates)
    return data


SYNTAX_HINTS = [  # (words in PyYAML's problem or context, what to tell the editor)
    ("mapping values are not allowed", "a value with `: ` in it must be in quotes"),
    ("character '\\t'", "indent with spaces, not tabs"),
    ("that cannot start any token", "a value starting with this character must be in quotes"),
    ("expected alphabetic or numeric character", "a value starting with * or & must be in quotes"),
    ("found '<scalar>'", "text follows a closing quote or bracket: put the whole value in quotes, "
                         "writing \\\" for a quote inside \"...\""),
    ("found '<block mapping start>'", "this line is indented differently from the lines around it"),
    ("but found '-'", "a list item where a key was expected: check the indentation"),
    ("found unexpected end of stream", "a quote or bracket is opened and never closed"),
    ("flow sequence", "a [ is not closed: if the value is text, put it in quotes"),
    ("flow mapping", "a { is not closed: if the value is text, put it in quotes"),
    ("could not find expected ':'", "a line without `key: value`; continue a long value on indented lines"),
]


def _hint(problem: str | None, context: str | None) -> str:
    words = f"{problem} {context}"
    return next((f"; {hint}" for key, hint in SYNTAX_HINTS if key in words), "")


def _convert(node, path: Path, first_line: int, duplicates: list):
    line, column = node.start_mark.line + first_line, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        result = Node()
        result._positions = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, first_line, duplicates)
            where = (key_node.start_mark.line + first_line, key_node.start_mark.column + 1)
            if key in result:
                first = result._positions[key][0]
                duplicates.append(UserError(f"{key}: given twice, on line {first} and on line {where[0]}; "
                                            "keep one", path, *where))
                continue
            result[key] = _convert(value_node, path, first_line, duplicates)
            result._positions[key] = where
    elif isinstance(node, yaml.SequenceNode):
        result = Seq(_convert(item, path, first_line, duplicates) for item in node.value)
        result._positions = [(i.start_mark.line + first_line, i.start_mark.column + 1) for i in node.value]
    else:
        try:
            return _Loader(" ").construct_object(node)
        except yaml.YAMLError as error:
            raise UserError(f"cannot read this value: {error}", path, line, column) from None
    result.path, result.line, result.column = path, line, column
    return result


def read(path: Path):
    """Read a YAML file; a missing file or bad text is a UserError."""
    return parse(read_text(path), path)


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """A text file decoded strictly, a BOM dropped; a bad byte or U+FFFD names its line.

    UTF-8 with or without a byte-order mark is the rule; another encoding
    must be asked for (`encoding:` on the article's entry).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError("file not found", path) from None
    except IsADirectoryError:
        raise UserError("is a folder, expected a file", path) from None
    except OSError as error:
        raise UserError(f"cannot read: {error.strerror}", path) from None
    utf8 = _is_utf8(encoding)
    try:
        text = data.decode("utf-8-sig" if utf8 else encoding)
    except UnicodeDecodeError as error:
        raise _decode_error(data, error, encoding if not utf8 else "UTF-8", path) from None
    except LookupError:
        raise UserError(f"unknown encoding {encoding!r}; expected a name such as utf-8 or cp1252", path) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # files saved on Windows or an old Mac
    if "\ufffd" in text:
        line, column = _position(text, text.index("\ufffd"))
        raise UserError("U+FFFD (the replacement character) found: the text was damaged by a wrong conversion "
                        "before it got here; take it again from the original", path, line, column)
    return text


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def _decode_error(data: bytes, error: UnicodeDecodeError, encoding: str, path: Path) -> UserError:
    """Where the first bad byte is, and what the text probably is."""
    line = data.count(b"\n", 0, error.start) + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    byte = data[error.start]
    hint = ""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        hint = " (the file is UTF-16, as Windows Notepad saves \"Unicode\": save it as UTF-8)"
    elif encoding == "UTF-8" and _decodes(data, "cp1252"):
        seen = bytes([byte]).decode("cp1252")
        hint = (f" (it looks like Windows-1252, where it would be {seen!r}: save the file as UTF-8, "
                "or add `encoding: cp1252` to its entry in issue.yaml)")
    return UserError(f"not {encoding}: byte 0x{byte:02x} cannot be decoded{hint}", path, line, column)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
