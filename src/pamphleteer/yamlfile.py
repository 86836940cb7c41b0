"""Turn YAML text into plain Python data that remembers where each value stood.

Mappings come back as `Node` dicts whose `.where(key)` gives the 1-based line
and column of a key, so every later error can name `file:line:col`.
Duplicate keys are refused (PyYAML would keep the last one silently), and
only YAML 1.2-like scalars are resolved: `true`/`false`, decimal numbers;
everything else, dates and `no` included, stays text.
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


class Seq(list):
    """A sequence read from YAML, with the position of each item."""

    path: Path
    line: int = 0
    column: int = 0

    def where(self, index: int) -> tuple[int, int]:
        return self._positions[index] if index < len(self._positions) else (self.line, self.column)


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and numbers, no timestamps."""


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
    """YAML text to data; `first_line` is the file line where `text` begins."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else None
        raise UserError(f"not valid YAML: {error.problem or error.context}", path, line, column) from None
    if node is None:
        return None
    return _convert(node, path, first_line)


def _convert(node, path: Path, first_line: int):
    line, column = node.start_mark.line + first_line, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        result = Node()
        result._positions = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, first_line)
            where = (key_node.start_mark.line + first_line, key_node.start_mark.column + 1)
            if key in result:
                first = result._positions[key][0]
                raise UserError(f"{key}: given twice (first on line {first}); keep one", path, *where)
            result[key] = _convert(value_node, path, first_line)
            result._positions[key] = where
    elif isinstance(node, yaml.SequenceNode):
        result = Seq(_convert(item, path, first_line) for item in node.value)
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
    """A text file decoded strictly, a BOM dropped; a bad byte names its line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError("file not found", path) from None
    except OSError as error:
        raise UserError(f"cannot read: {error.strerror}", path) from None
    try:
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        hint = ""
        if data[error.start] in range(0x80, 0xA0):
            hint = " (it looks like Windows-1252: save as UTF-8, or add `encoding: cp1252` to its entry)"
        raise UserError(f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded{hint}",
                        path, line, column) from None
    except LookupError:
        raise UserError(f"unknown encoding {encoding!r}", path) from None
