"""Imposition options as given by a caller or the command line, checked in one go.

Every bad option is collected, then all are raised together as one UserError,
so a user fixes them in one round.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from pamphleteer.errors import UserError
from pamphleteer.impose.layouts import LAYOUTS
from pamphleteer.papers import sheet_size
from pamphleteer.units import parse_length

DUPLEX_EDGES = ("long", "short")
BINDINGS = ("left", "right")
NUP_COUNTS = (2, 4, 8)


@dataclass(frozen=True)
class ImposeOptions:
    """The keyword options of `impose()`, with their defaults."""

    layout: str = "saddle"
    last: int = 1
    signature: int = 16
    nup: int = 2
    sheet: str | None = None
    scale: bool = False
    marks: bool | None = None
    creep: str = "0"
    duplex: str = "long"
    binding: str = "left"
    cover_apart: Path | None = None
    slug_text: str | None = None


    def items(self) -> list[tuple[str, object]]:
        """The options as given, in declaration order."""
        return [(f.name, getattr(self, f.name)) for f in fields(ImposeOptions)]


@dataclass(frozen=True)
class Checked(ImposeOptions):
    """Options after checking, with lengths in points and the sheet resolved."""

    caliper: float = 0.0                            # creep per nested sheet
    sheet_name: str | None = None                   # `a3`, or None for a WxH size or no sheet
    sheet_size: tuple[float, float] | None = None   # as named or given, before turning


def check(options: ImposeOptions) -> Checked:
    """Resolve lengths and sizes; raise one UserError listing every problem."""
    problems: list[str] = []
    for rule in _RULES:
        message = rule(options)
        if message:
            problems.append(message)
    caliper = _length(options.creep, "creep", problems)
    name, sheet = _sheet(options.sheet, problems)
    if problems:
        raise UserError.many([UserError(f"impose: {p}") for p in problems])
    return Checked(**dict(options.items()), caliper=caliper, sheet_name=name, sheet_size=sheet)


def _layout(o: ImposeOptions) -> str | None:
    if o.layout not in LAYOUTS:
        return f"layout {o.layout!r} is unknown (expected {_either(LAYOUTS)})"
    return None


def _last(o: ImposeOptions) -> str | None:
    if not _whole(o.last) or o.last < 0:
        return f"last is {o.last!r}; expected a whole number of pages, 0 or more"
    return None


def _signature(o: ImposeOptions) -> str | None:
    if o.layout == "signatures" and (not _whole(o.signature) or o.signature < 4 or o.signature % 4):
        return (f"signature is {o.signature!r} pages; expected a multiple of 4 "
                f"(a folded sheet carries 4 pages), such as 8, 12 or 16")
    return None


def _nup(o: ImposeOptions) -> str | None:
    if o.layout == "nup" and o.nup not in NUP_COUNTS:
        return f"nup is {o.nup!r}; expected {_either(NUP_COUNTS)}"
    return None


def _duplex(o: ImposeOptions) -> str | None:
    if o.duplex not in DUPLEX_EDGES:
        return f"duplex is {o.duplex!r}; expected {_either(DUPLEX_EDGES)} (the edge the printer flips on)"
    return None


def _binding(o: ImposeOptions) -> str | None:
    if o.binding not in BINDINGS:
        return f"binding is {o.binding!r}; expected {_either(BINDINGS)}"
    return None


def _marks(o: ImposeOptions) -> str | None:
    if o.marks is not None and not isinstance(o.marks, bool):
        return f"marks is {o.marks!r}; expected true, false or none (automatic)"
    return None


_RULES = (_layout, _last, _signature, _nup, _duplex, _binding, _marks)


def _length(text: str, name: str, problems: list[str]) -> float:
    try:
        return parse_length(text)
    except ValueError as error:
        problems.append(f"{name}: {error}")
        return 0.0


def _sheet(text: str | None, problems: list[str]):
    if text is None:
        return None, None
    try:
        name, width, height = sheet_size(text)
    except ValueError as error:
        problems.append(str(error))
        return None, None
    return name, (width, height)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _either(choices) -> str:
    names = [str(c) for c in choices]
    return ", ".join(names[:-1]) + " or " + names[-1]
