"""Turn a page's content streams into what preflight looks at.

One pass over the page stream and every Form XObject it draws (recursively,
tracking the CTM through q/Q/cm and each form's /Matrix) yields a PageScan:
the strings each font shows, every image placement with its CTM, stroked path
segments in page space, and every non-CMYK colour space that gets set.

The tokenizer is our own regex-based one rather than pypdf's ContentStream,
which is several times slower on text pages. Not interpreted: Type3 glyph
procedures, tiling-pattern cells, annotation appearance streams, clipping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from pamphleteer.geometry import IDENTITY, Matrix
from pamphleteer.pdffile import object_number, resolve

MAX_FORM_DEPTH = 16


# --- tokens -----------------------------------------------------------------

_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_TOKEN = re.compile(rb"""
    (?:[\s\x00]|%[^\r\n]*)*         # whitespace and comments before each token
    (?: (?P<num>""" + _NUMBER + rb""")
  | (?P<name>/[^\s\x00/\[\]()<>{}%]*)
  | (?P<tj>\[(?:[\s\x00]*(?:<[0-9A-Fa-f\s]*>|""" + _NUMBER + rb"""))*[\s\x00]*\])
  | (?P<hex><(?!<)[0-9A-Fa-f\s\x00]*>)
  | (?P<open>\[|<<)
  | (?P<close>\]|>>)
  | (?P<str>\()
  | (?P<op>[A-Za-z'"][A-Za-z0-9*'"]*)
  | (?P<other>.)
  | (?P<end>$) )
""", re.X | re.S)
_ODD_HEX = re.compile(rb"<(?:[0-9A-Fa-f]{2})*[0-9A-Fa-f]>")
_HEX_IN_ARRAY = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_END_OF_INLINE_IMAGE = re.compile(rb"[\s\x00]EI(?=[\s\x00]|$)")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
            ord("f"): b"\f", ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def _numbers(values: list, count: int) -> bool:
    return len(values) == count and all(isinstance(v, float) for v in values)


class Op(bytes):
    """An operator token, told apart from operands by its type."""


def _hex(text: bytes) -> bytes:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", text)
    return bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode())


def _hex_array(text: bytes) -> list[bytes]:
    """The strings of a TJ-style array of hex strings and numbers, joined when even-length.

    Only the shown bytes matter to preflight, not kerning or string boundaries, so
    one fromhex over the whole array replaces one per glyph.
    """
    parts = _HEX_IN_ARRAY.findall(text)
    if not _ODD_HEX.search(text):
        try:
            return [bytes.fromhex(b"".join(parts).decode())]
        except ValueError:  # whitespace inside a string that splits a byte
            pass
    return [_hex(part) for part in parts]


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """The literal string starting after '(' at pos, and the position after it."""
    out, depth, n = bytearray(), 1, len(data)
    while pos < n:
        char = data[pos]
        if char == 0x5C and pos + 1 < n:  # backslash
            nxt = data[pos + 1]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                pos += 2
            elif 0x30 <= nxt <= 0x37:
                octal = re.match(rb"[0-7]{1,3}", data[pos + 1:pos + 4]).group()
                out.append(int(octal, 8) & 0xFF)
                pos += 1 + len(octal)
            else:  # line continuation or unknown escape: drop the backslash
                pos += 2 if nxt in b"\r\n" else 1
            continue
        depth += (char == 0x28) - (char == 0x29)
        if depth == 0:
            return bytes(out), pos + 1
        out.append(char)
        pos += 1
    return bytes(out), pos


def tokens(data: bytes) -> Iterator[Any]:
    """Operands (float, str name, bytes string, list) and Op operators.

    An inline image comes out as the operand dict followed by Op(b"BI").
    """
    pos, n, stack = 0, len(data), []
    match = _TOKEN.match
    while pos < n:
        m = match(data, pos)
        kind, pos = m.lastgroup, m.end()
        if kind in ("other", "end"):
            continue
        text = m.group(kind)
        if kind == "num":
            value = float(text)
        elif kind == "name":
            value = text.decode("latin-1")
        elif kind == "tj":
            value = _hex_array(text)
        elif kind == "hex":
            value = _hex(text[1:-1])
        elif kind == "str":
            value, pos = _literal(data, pos)
        elif kind == "open":
            stack.append([])
            continue
        elif kind == "close":
            value = stack.pop() if stack else []
        else:  # an operator
            if stack:  # stray inside an array: keep it as a name
                stack[-1].append(text.decode("latin-1"))
                continue
            if text == b"BI":
                image, pos = _inline_image(data, pos)
                yield image
            yield Op(text)
            continue
        if stack:
            stack[-1].append(value)
        else:
            yield value


def _inline_image(data: bytes, pos: int) -> tuple[dict, int]:
    """The inline image dictionary after BI, and the position after EI."""
    start = data.find(b"ID", pos)
    if start < 0:
        return {}, len(data)
    items = [t for t in tokens(data[pos:start]) if not isinstance(t, Op)]
    end = _END_OF_INLINE_IMAGE.search(data, start + 3)
    stop = end.end() if end else len(data)
    return {"/" + str(k).lstrip("/"): v for k, v in zip(items[::2], items[1::2])}, stop


# --- the scan ---------------------------------------------------------------

@dataclass
class Placement:
    """An image drawn on a page: the unit square mapped by ctm."""

    name: str                 # resource name ("/Im3") or "inline image"
    image: Any                # the image XObject, or the inline image's dict
    ctm: Matrix
    container: str | None     # the Form XObject it was drawn from, if any


@dataclass
class PageScan:
    number: int  # 1-based
    shown: dict[Any, list[bytes]] = field(default_factory=dict)       # font key -> strings
    fonts: dict[Any, tuple[str, dict]] = field(default_factory=dict)     # font key -> (name, font)
    images: list[Placement] = field(default_factory=list)
    strokes: list[tuple[float, float, float, float, str | None]] = field(default_factory=list)
    colours: set[tuple[str, str, str | None]] = field(default_factory=set)  # family, how, container


def font_key(fonts: dict, name: str) -> Any:
    """Object number of a font dict, so one font is one font across pages and forms."""
    number = object_number(fonts.raw_get(name)) if name in fonts else None
    return number if number is not None else (id(fonts), name)


def colour_family(space: Any, resources: dict | None = None) -> str:
    """'rgb', 'cmyk', 'gray', 'lab', 'spot', 'pattern' or 'other'."""
    space = resolve(space)
    if isinstance(space, str):
        device = {"/DeviceRGB": "rgb", "/RGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk",
                  "/DeviceGray": "gray", "/G": "gray", "/Pattern": "pattern"}
        if space in device:
            return device[space]
        named = _resource(resources, "/ColorSpace", space)
        return colour_family(named) if named is not None else "other"
    if isinstance(space, list) and space:
        kind = space[0]
        if kind == "/ICCBased":
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(int(space[1].get_object().get("/N", 0)), "other")
        if kind in ("/Indexed", "/I"):
            return colour_family(space[1], resources)
        return {"/CalRGB": "rgb", "/CalGray": "gray", "/Lab": "lab", "/Separation": "spot",
                "/DeviceN": "spot", "/Pattern": "pattern"}.get(kind, "other")
    return "other"


def _resource(resources: dict | None, category: str, name: str) -> Any:
    table = _category(resources, category)
    obj = table.get(name) if table is not None else None
    return obj.get_object() if obj is not None else None


@dataclass
class State:
    """The part of the graphics state preflight follows; q pushes a copy, Q pops it."""

    ctm: Matrix
    resources: dict | None
    container: str | None      # the Form XObject being drawn, None for the page stream
    font: Any = None           # key of the current font


class Scanner:
    """Interprets the content of one page (and its forms) into a PageScan.

    Operators are dispatched through OPERATORS; the ones not listed are skipped.
    """

    def __init__(self, number: int):
        self.scan = PageScan(number)
        self.state = State(IDENTITY, None, None)
        self.saved: list[State] = []
        self.forms: list[int] = []  # object numbers of the forms being drawn (cycle guard)
        self.font_keys: dict[tuple[int, str], Any] = {}
        self.path: list[tuple[float, float, float, float]] = []
        self.start = self.current = (0.0, 0.0)

    def run(self, data: bytes) -> None:
        operands: list[Any] = []
        handlers = self.OPERATORS
        for token in tokens(data):
            if not isinstance(token, Op):
                operands.append(token)
                continue
            handler = handlers.get(token)
            if handler is not None:
                handler(self, token, operands)
            operands = []

    # graphics state
    def _push(self, op: bytes, operands: list) -> None:
        self.saved.append(State(**vars(self.state)))

    def _pop(self, op: bytes, operands: list) -> None:
        if self.saved:
            self.state = self.saved.pop()

    def _concat(self, op: bytes, operands: list) -> None:
        if _numbers(operands[-6:], 6):
            self.state.ctm = Matrix(*operands[-6:]).then(self.state.ctm)

    # text
    def _set_font(self, op: bytes, operands: list) -> None:
        if len(operands) >= 2:
            self.state.font = self._font(operands[-2])

    def _show(self, op: bytes, operands: list) -> None:
        if self.state.font is None or not operands:
            return
        strings = operands[-1] if isinstance(operands[-1], list) else [operands[-1]]
        shown = self.scan.shown.setdefault(self.state.font, [])
        shown += [s for s in strings if isinstance(s, bytes)]

    def _font(self, name: Any) -> Any:
        fonts = _category(self.state.resources, "/Font")
        if not isinstance(name, str) or fonts is None or name not in fonts:
            return None
        cached = self.font_keys.get((id(fonts), name))
        if cached is None:
            cached = self.font_keys[id(fonts), name] = font_key(fonts, name)
            self.scan.fonts.setdefault(cached, (name, fonts[name].get_object()))
        return cached

    # images and forms
    def _draw(self, op: bytes, operands: list) -> None:
        xobjects = _category(self.state.resources, "/XObject")
        name = operands[-1] if operands else None
        if not isinstance(name, str) or xobjects is None or name not in xobjects:
            return
        raw = xobjects.raw_get(name)
        xobject = raw.get_object()
        if xobject.get("/Subtype") == "/Image":
            self._image(name, xobject, xobject.get("/ColorSpace"))
        elif xobject.get("/Subtype") == "/Form":
            self._form(name, raw, xobject)

    def _inline(self, op: bytes, operands: list) -> None:
        if operands and isinstance(operands[-1], dict):
            image = operands[-1]
            self._image("inline image", image, image.get("/CS", image.get("/ColorSpace")))

    def _image(self, name: str, image: Any, space: Any) -> None:
        self.scan.images.append(Placement(name, image, self.state.ctm, self.state.container))
        self._colour(space, ("image " if name != "inline image" else "") + name)

    def _form(self, name: str, raw: Any, form: Any) -> None:
        number = object_number(raw)
        number = number if number is not None else id(form)
        if number in self.forms or len(self.forms) >= MAX_FORM_DEPTH:
            return
        matrix = Matrix.of(form.get("/Matrix", IDENTITY))
        own = form.get("/Resources")
        outer, depth = self.state, len(self.saved)
        self.state = State(matrix.then(outer.ctm),
                           own.get_object() if own is not None else outer.resources, name, outer.font)
        self.forms.append(number)
        try:
            self.run(form.get_data())
        finally:
            self.forms.pop()
            del self.saved[depth:]  # a form's unbalanced q/Q stays inside it
            self.state = outer

    # colour
    def _rgb(self, op: bytes, operands: list) -> None:
        self.scan.colours.add(("rgb", op.decode(), self.state.container))

    def _colour_space(self, op: bytes, operands: list) -> None:
        if operands:
            self._colour(operands[-1], f"{op.decode()} {operands[-1]}")

    def _shading(self, op: bytes, operands: list) -> None:
        shading = _resource(self.state.resources, "/Shading", operands[-1]) if operands else None
        if shading is not None:
            self._colour(shading.get("/ColorSpace"), f"sh {operands[-1]}")

    def _pattern(self, op: bytes, operands: list) -> None:
        name = operands[-1] if operands else None
        pattern = _resource(self.state.resources, "/Pattern", name) if isinstance(name, str) else None
        if pattern is not None and pattern.get("/PatternType") == 2 and "/Shading" in pattern:
            self._colour(pattern["/Shading"].get_object().get("/ColorSpace"), f"pattern {name}")

    def _colour(self, space: Any, how: str) -> None:
        if space is not None:
            family = colour_family(space, self.state.resources)
            if family not in ("cmyk", "gray", "spot", "pattern"):
                self.scan.colours.add((family, how, self.state.container))

    # paths, in page space; only stroked ones are kept (crop marks)
    def _move(self, op: bytes, operands: list) -> None:
        if _numbers(operands[-2:], 2):
            self.start = self.current = self.state.ctm.apply(*operands[-2:])

    def _line(self, op: bytes, operands: list) -> None:
        if _numbers(operands[-2:], 2):
            self._segment_to(self.state.ctm.apply(*operands[-2:]))

    def _curve(self, op: bytes, operands: list) -> None:
        # The curve lies inside its control polygon: keep the polygon.
        numbers = operands[-6:] if op == b"c" else operands[-4:]
        if _numbers(numbers, len(numbers)) and len(numbers) >= 4:
            for x, y in zip(numbers[::2], numbers[1::2]):
                self._segment_to(self.state.ctm.apply(x, y))

    def _rectangle(self, op: bytes, operands: list) -> None:
        if _numbers(operands[-4:], 4):
            x, y, w, h = operands[-4:]
            corners = [self.state.ctm.apply(*p) for p in ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]
            self.path += [(*corners[i - 1], *corners[i]) for i in range(4)]
            self.start = self.current = corners[0]

    def _close(self, op: bytes, operands: list) -> None:
        self._segment_to(self.start)

    def _segment_to(self, point: tuple[float, float]) -> None:
        self.path.append((*self.current, *point))
        self.current = point

    def _stroke(self, op: bytes, operands: list) -> None:
        self.scan.strokes += [(*segment, self.state.container) for segment in self.path]
        self.path = []

    def _discard(self, op: bytes, operands: list) -> None:
        self.path = []

    OPERATORS: dict[bytes, Callable[["Scanner", bytes, list], None]] = {
        b"q": _push, b"Q": _pop, b"cm": _concat,
        b"Tf": _set_font, b"Tj": _show, b"TJ": _show, b"'": _show, b'"': _show,
        b"Do": _draw, b"BI": _inline,
        b"rg": _rgb, b"RG": _rgb, b"cs": _colour_space, b"CS": _colour_space,
        b"sh": _shading, b"scn": _pattern, b"SCN": _pattern,
        b"m": _move, b"l": _line, b"c": _curve, b"v": _curve, b"y": _curve, b"re": _rectangle,
        b"h": _close,
        **dict.fromkeys((b"S", b"s", b"B", b"B*", b"b", b"b*"), _stroke),
        **dict.fromkeys((b"f", b"F", b"f*", b"n"), _discard),
    }


def _category(resources: dict | None, category: str) -> dict | None:
    table = resources.get(category) if resources is not None else None
    return table.get_object() if table is not None else None


def scan_page(page: Any, number: int) -> PageScan:
    """Scan one pypdf page (1-based number) into a PageScan."""
    scanner = Scanner(number)
    contents = page.get_contents()
    if contents is not None:
        resources = page.get("/Resources")
        scanner.state.resources = resources.get_object() if resources is not None else None
        scanner.run(contents.get_data())
    return scanner.scan
