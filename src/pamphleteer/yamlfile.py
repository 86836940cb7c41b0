"""Turn YAML text into plain Python data that remembers where each value stood.

Mappings come back as `Node` dicts whose `.where(key)` gives the 1-based line
and column of a key, so every later error can name `file:line:col`.
Duplicate keys are refused (PyYAML would keep the last one silently), so
are anchors and aliases (a few bytes of them can expand into billions of
values), and only YAML 1.2-like scalars are resolved: `true`/`false`,
decimal numbers; everything else, dates and `no` included, stays text.
Whatever else an editor can type is a UserError at its line and column:
control characters (raw or escaped), lone surrogates, a list or mapping as
a key, nesting deeper than `MAX_DEPTH`, tags other than the plain kinds,
numbers longer than Python reads.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import yaml

from pamphleteer.errors import UserError


class Node(dict):
    """A mapping read from YAML, with the position of each key."""

    path: Path
    line: int
    column: int

    def where(self, key) -> tuple[int, int]:
        return self._positions.get(key, (self.line, self.column))

    def source(self, key) -> Path:
        """The file `key` was read from: a merged mapping holds keys of several files."""
        return getattr(self, "_sources", {}).get(key, self.path)


class Seq(list):
    """A sequence read from YAML, with the position of each item."""

    path: Path
    line: int
    column: int

    def where(self, index: int) -> tuple[int, int]:
        return self._positions[index] if index < len(self._positions) else (self.line, self.column)


ANCHORS = "YAML anchors and aliases (&name, *name) are not allowed here; write the value out"
MAX_DEPTH = 32  # lists and mappings inside each other; a manifest needs 4
TEXT_LIMIT = 4 << 20  # bytes of one text file: a long article is 100 KB
TOO_DEEP = f"lists or mappings nested more than {MAX_DEPTH} deep; is a [ or {{ meant to be text (in quotes)?"
TAGS = {  # tags a value may carry (`!!str 5` is text), and what they are called in messages
    "tag:yaml.org,2002:str": "text", "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "nothing (null)",
}
COLLECTION_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}
NULL_WORDS = {"", "~", "null", "Null", "NULL"}  # what `!!null` may mark: it makes anything else nothing
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")  # tab and line ends are fine
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused(Exception):
    """Something the loader refuses as it reads (an anchor, deep nesting), at `mark`."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.message, self.mark = message, mark


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and numbers, no timestamps, and no anchors or aliases.

    An alias makes one node stand in many places, so a few hundred bytes of
    aliases of aliases expand into billions of values (the "billion laughs"):
    the first anchor or alias is refused as it is read, before anything is expanded.
    """

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(ANCHORS, event.start_mark)
        if self.depth >= MAX_DEPTH:  # PyYAML composes recursively: 500 [ would exhaust Python's stack
            raise _Refused(TOO_DEEP, event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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
        raise _syntax_error(error, path, first_line) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow anywhere, at its index
        line, column = _position(text, error.position)
        raise UserError(_control_message(chr(error.character)), path, line + first_line - 1, column) from None
    except _Refused as found:
        raise UserError(found.message, path, found.mark.line + first_line, found.mark.column + 1) from None
    if node is None:
        return None
    duplicates: list[UserError] = []
    data = _convert(node, path, first_line, duplicates)
    if duplicates:
        raise UserError.many(duplicates)
    return data


SYNTAX_HINTS = [  # (words in PyYAML's problem or context, what to tell the editor); unclosed ones: UNCLOSED
    ("mapping values are not allowed", "a value with `: ` in it must be in quotes"),
    ("character '\\t'", "indent with spaces, not tabs"),
    ("that cannot start any token", "a value starting with this character must be in quotes"),
    ("expected alphabetic or numeric character", "a value starting with * or & must be in quotes"),
    ("'<scalar>'", "text follows a closing quote or bracket: put the whole value in quotes, "
                         "writing \\\" for a quote inside \"...\""),
    ("found '<block mapping start>'", "this line is indented differently from the lines around it"),
    ("but found '-'", "a list item where a key was expected: check the indentation"),
    ("could not find expected ':'", "a line without `key: value`; continue a long value on indented lines"),
]


UNCLOSED = {  # what PyYAML was reading when the text ended: the error is shown where it was opened
    "while parsing a flow sequence": ("a [ opened here is not closed", "if the value is text, put it in quotes"),
    "while parsing a flow mapping": ("a { opened here is not closed", "if the value is text, put it in quotes"),
    "while scanning a quoted scalar": ("a quote opened here is not closed",
                                       'end the value with the same quote, writing \\" for a quote inside "..."'),
}


def _syntax_error(error: yaml.MarkedYAMLError, path: Path, first_line: int) -> UserError:
    """Where YAML gave up, or where the bracket or quote it could not close was opened."""
    if error.context in UNCLOSED and error.context_mark and error.problem_mark and (
            error.context == "while scanning a quoted scalar" or error.problem_mark.line > error.context_mark.line
            or "<stream end>" in str(error.problem)):  # else the bracket is closed later on its line: `[x, "y" z]`
        what, hint = UNCLOSED[error.context]
        gave_up = error.problem_mark.line + first_line
        return UserError(f"not valid YAML: {what} (on line {gave_up}: {error.problem}); {hint}",
                         path, error.context_mark.line + first_line, error.context_mark.column + 1)
    mark = error.problem_mark or error.context_mark
    line = mark.line + first_line if mark else first_line
    column = mark.column + 1 if mark else None
    problem = error.problem or error.context
    return UserError(f"not valid YAML: {problem}{_hint(problem, error.context)}", path, line, column)


def _hint(problem: str | None, context: str | None) -> str:
    words = f"{problem} {context}"
    return next((f"; {hint}" for key, hint in SYNTAX_HINTS if key in words), "")


CONTROL_NAMES = {"\x00": "null", "\x07": "bell", "\x08": "backspace", "\x0b": "vertical tab",
                 "\x0c": "form feed", "\x1b": "escape", "\x7f": "delete", "\ufffe": "noncharacter",
                 "\uffff": "noncharacter"}


def _control_message(character: str) -> str:
    name = CONTROL_NAMES.get(character) or unicodedata.name(character, "control character").lower()
    return (f"an invisible control character U+{ord(character):04X} ({name}) found, as text pasted from Word "
            "or a PDF often carries; delete it")


def _convert(node, path: Path, first_line: int, duplicates: list):
    line, column = node.start_mark.line + first_line, node.start_mark.column + 1
    if node.tag != COLLECTION_TAGS.get(type(node), node.tag):  # `!!python/object {…}`, `!!str [1]`
        raise UserError(f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed here; "
                        "write the value without it", path, line, column)
    if isinstance(node, yaml.MappingNode):
        result = Node()
        result._positions = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, first_line, duplicates)
            where = (key_node.start_mark.line + first_line, key_node.start_mark.column + 1)
            if isinstance(key, (Node, Seq)):
                raise UserError(f"a {'list' if isinstance(key, Seq) else 'mapping'} is used as a key; a key is a "
                                "word followed by `: ` (put text starting with [ or { in quotes)", path, *where)
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
        return _scalar(node, path, line, column)
    result.path, result.line, result.column = path, line, column
    return result


def _scalar(node, path: Path, line: int, column: int):
    """A plain value: text, a number, true/false or null; escapes decoded and checked."""
    kind = TAGS.get(node.tag)
    if kind is None:
        raise UserError(f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed here; "
                        "write the value without it", path, line, column)
    digits = len(node.value.strip().lstrip("+-"))  # Python refuses to read an int longer than its limit
    if node.tag == "tag:yaml.org,2002:int" and digits > sys.get_int_max_str_digits():
        raise UserError(f"a number of {digits} digits; expected at most {sys.get_int_max_str_digits()} "
                        "(put it in quotes if it is text)", path, line, column)
    try:
        if node.tag == "tag:yaml.org,2002:null" and node.value.strip() not in NULL_WORDS:
            raise ValueError(node.value)
        value = _Loader(" ").construct_object(node)
    except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError):
        raise UserError(f"found {node.value[:40]!r} marked as {kind} ({node.tag.replace('tag:yaml.org,2002:', '!!')}), "
                        f"which it is not; remove the tag", path, line, column) from None
    return _checked_text(value, path, line, column) if isinstance(value, str) else value


def _checked_text(value: str, path: Path, line: int, column: int) -> str:
    """Escapes such as \\ud83d\\ude00 give surrogate halves: pairs joined, a lone half or control refused."""
    if LONE_SURROGATE.search(value):
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        if "\ufffd" in value:
            raise UserError("an escape gives half of a surrogate pair (\\ud800 to \\udfff), which is not a "
                            "character; write the character itself", path, line, column)
    found = CONTROL.search(value)
    if found:
        raise UserError(_control_message(found[0]), path, line, column)
    return value


def read(path: Path):
    """Read a YAML file; a missing file or bad text is a UserError."""
    return parse(read_text(path), path)


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """A text file decoded strictly, a BOM dropped; a bad byte or U+FFFD names its line.

    UTF-8 with or without a byte-order mark is the rule; another encoding
    must be asked for (`encoding:` on the article's entry).
    """
    try:
        size = path.stat().st_size
        if size > TEXT_LIMIT:
            raise UserError(f"is {size / (1 << 20):.1f} MiB; an article or manifest is read up to "
                            f"{TEXT_LIMIT >> 20} MiB (is this the right file?)", path)
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
