"""Check YAML data read by `yamlfile` against a declared schema, and build typed settings from it.

A schema is a dict of key -> Field, or a settings dataclass (see
`settings.py`), which `fields_of()` turns into one. Every problem is
collected as a UserError at the key's `file:line:col`, unknown keys get a
suggestion, and the caller raises them all at once. `build()` then turns the
checked data into the dataclass, filling each missing key with its default
and noting where each value came from.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass, field

from pamphleteer.errors import UserError
from pamphleteer.yamlfile import Node, Seq

_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", float: "a number"}


@dataclass(frozen=True)
class Field:
    """One key: its type (a Python type, a nested schema dict, or a list of one)."""

    kind: object
    required: bool = False
    choices: tuple = ()
    help: str = ""
    aliases: tuple = ()  # names an editor may write for this key, answered with "did you mean"
    parse: object = None  # a validator: raises ValueError saying what is wrong with the value


@dataclass
class Problems:
    errors: list[UserError] = field(default_factory=list)

    def add(self, message: str, node, key=None):
        line, column = node.where(key) if key is not None else (node.line, node.column)
        path = node.source(key) if key is not None and isinstance(node, Node) else node.path
        self.errors.append(UserError(message, path, line, column))


def check(data, schema: dict, problems: Problems, prefix: str = "") -> None:
    """Collect every mismatch between `data` (a Node: callers refuse a file that is not keys) and `schema`."""
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in schema:
            near = [k for k, spec in schema.items() if str(key).lower() in spec.aliases] \
                or difflib.get_close_matches(str(key), [str(k) for k in schema])
            hint = f"; did you mean `{near[0]}`?" if near else f"; known keys: {', '.join(schema)}"
            problems.add(f"{name}: unknown key{hint}", data, key)
            continue
        _check_value(value, schema[key], problems, name, data, key)


def missing(data: Node, schema: dict, problems: Problems, prefix: str = "") -> None:
    """Collect the required keys of `schema` that `data` lacks."""
    for key, spec in schema.items():
        if spec.required and key not in data:
            problems.add(f"{prefix}{key}: missing; expected {_expected(spec)}", data)


def _check_value(value, spec: Field, problems: Problems, name: str, parent, key) -> None:
    kind = spec.kind
    if isinstance(kind, dict):
        if isinstance(value, Node):
            check(value, kind, problems, name + ".")
            missing(value, kind, problems, name + ".")
        else:
            keys = ", ".join(f"`{k}:`" for k in list(kind)[:3])
            problems.add(f"{name}: found {_describe(value)}, expected a mapping of keys such as {keys} "
                         "on indented lines below it", parent, key)
    elif isinstance(kind, list):
        if not isinstance(value, Seq):
            problems.add(f"{name}: found {_describe(value)}, expected a list", parent, key)
            return
        for index, item in enumerate(value):
            item_name = f"{name}[{index}]"
            if isinstance(kind[0], dict) and isinstance(item, Node):
                check(item, kind[0], problems, item_name + ".")
                missing(item, kind[0], problems, item_name + ".")
            elif not isinstance(kind[0], dict) and isinstance(item, kind[0]) and not _bool_as_int(item, kind[0]):
                continue
            else:
                problems.add(f"{item_name}: found {_describe(item)}, expected {_expected(Field(kind[0]))}"
                             f"{_surprise(item, kind[0])}", value, index)
        if spec.parse is not None:
            _parse(value, spec, problems, name, parent, key)
    elif value is None and not spec.required:
        return
    elif not isinstance(value, kind) or _bool_as_int(value, kind):
        expected = "text" if kind is str and isinstance(value, (int, float, bool)) else _expected(spec)
        problems.add(f"{name}: found {_describe(value)}, expected {expected}{_surprise(value, kind)}", parent, key)
    elif spec.choices and value not in spec.choices:
        near = difflib.get_close_matches(str(value), [str(c) for c in spec.choices])
        hint = f"; did you mean `{near[0]}`?" if near else ""
        problems.add(f"{name}: found {value!r}, expected one of {', '.join(map(str, spec.choices))}{hint}",
                     parent, key)
    elif spec.parse is not None:
        _parse(value, spec, problems, name, parent, key)


def _parse(value, spec: Field, problems: Problems, name: str, parent, key) -> None:
    """The field's own validator, whose ValueError says what is wrong."""
    try:
        spec.parse(value)
    except ValueError as error:
        problems.add(f"{name}: {error}", parent, key)


YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


def _surprise(value, kind) -> str:
    """A hint for the mismatches that come from how YAML reads a value, not from a typo."""
    if kind is str and isinstance(value, (int, float, bool)):
        return " (put it in quotes)"
    if isinstance(kind, dict) and isinstance(value, str):
        first = next((key for key, spec in kind.items() if spec.required), None)
        return f"; write `- {first}: {value}`" if first else ""
    if kind is str and isinstance(value, (Node, Seq)):
        return " (a value starting with [ or { is read as a list or mapping: put it in quotes)"
    if kind is int and isinstance(value, str) and re.fullmatch(r"[-+]?0[0-9]+", value.strip()):
        return (f"; a leading zero makes YAML 1.1 read it as an octal number and YAML 1.2 as text: "
                f"write {int(value)}")
    if kind is bool and isinstance(value, str) and value.strip().lower() in YAML11_BOOLEANS:
        return f"; write true or false ({value!r} is text in YAML 1.2)"
    return ""


def _bool_as_int(value, kind) -> bool:
    return isinstance(value, bool) and kind in (int, float)


def _expected(spec: Field) -> str:
    kind = spec.kind
    if isinstance(kind, dict):
        return "a mapping of keys"
    if isinstance(kind, list):
        return "a list"
    if spec.choices:
        return "one of " + ", ".join(map(str, spec.choices))
    return spec.help or _TYPE_NAMES[kind]


def _describe(value) -> str:
    if isinstance(value, Node):
        return "a mapping"
    if isinstance(value, Seq):
        return "a list"
    if value is None:
        return "nothing"
    return f"{_TYPE_NAMES.get(type(value), type(value).__name__)} {value!r}"


# --- settings dataclasses as schemas, and checked data as settings ---

@functools.cache
def fields_of(section: type) -> dict[str, Field]:
    """A settings dataclass as the schema `check()` walks: YAML key -> Field."""
    hints = typing.get_type_hints(section)
    schema = {}
    for spec in dataclasses.fields(section):
        meta = spec.metadata
        if meta.get("setting"):
            schema[meta["key"] or spec.name] = Field(_kind(hints[spec.name]), required=meta["required"],
                                                     choices=meta["choices"], help=meta["help"],
                                                     aliases=meta["aliases"], parse=meta["parse"])
    return schema


def _kind(hint):
    """A type annotation as a Field kind: a type, a nested schema, or a list of one."""
    if isinstance(hint, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if typing.get_origin(hint) is list:
        return [_kind(typing.get_args(hint)[0])]
    if dataclasses.is_dataclass(hint):
        return fields_of(hint)
    return hint


def build(section: type, data, *, origins: dict | None = None, prefix: str = "", **extra):
    """`data` (checked) as an instance of `section`; missing keys take their defaults.

    `origins` collects, for every value, the value and `file:line` where it was written, or `default`.
    """
    from pamphleteer.errors import display_path

    hints = typing.get_type_hints(section)
    values = {}
    for spec in dataclasses.fields(section):
        if not spec.metadata.get("setting"):
            continue
        key = spec.metadata["key"] or spec.name
        given = isinstance(data, Node) and data.get(key) is not None
        value = data[key] if given else None
        kind, name = _kind(hints[spec.name]), prefix + key
        inner = _section(hints[spec.name])
        if inner is not None:
            values[spec.name] = build(inner, value, origins=origins, prefix=name + ".")
        elif isinstance(kind, list) and isinstance(kind[0], dict):
            item = _section(typing.get_args(hints[spec.name])[0])
            values[spec.name] = [build(item, node, origins=origins, prefix=f"{name}[{index}].")
                                 for index, node in enumerate(value or [])]
        else:
            values[spec.name] = _plain(value) if given else _default(spec)
            if origins is not None:
                where = f"{display_path(data.source(key))}:{data.where(key)[0]}" if given else "default"
                origins[name] = (values[spec.name], where)
    return section(**values, **extra)


def _section(hint) -> type | None:
    return hint if dataclasses.is_dataclass(hint) else None


def _default(spec):
    return spec.default_factory() if spec.default_factory is not dataclasses.MISSING else spec.default


def _plain(value):
    """YAML's lists as plain lists, so settings compare and print as Python values."""
    return list(value) if isinstance(value, Seq) else value
