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
from typing import Any, Iterator

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 16


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: `m cm` makes CTM = m x CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return x * a + y * c + e, x * b + y * d + f


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
    fonts: dict[Any, tuple[str, DictionaryObject]] = field(default_factory=dict)
    images: list[Placement] = field(default_factory=list)
    strokes: list[tuple[float, float, float, float, str | None]] = field(default_factory=list)
    colours: set[tuple[str, str, str | None]] = field(default_factory=set)  # family, how, container


def font_key(fonts: DictionaryObject, name: str) -> Any:
    """Object number of a font dict, so one font is one font across pages and forms."""
    raw = fonts.raw_get(name) if name in fonts else None
    return raw.idnum if isinstance(raw, IndirectObject) else (id(fonts), name)


def colour_family(space: Any, resources: DictionaryObject | None = None) -> str:
    """'rgb', 'cmyk', 'gray', 'lab', 'spot', 'pattern' or 'other'."""
    space = space.get_object() if isinstance(space, IndirectObject) else space
    if isinstance(space, str):
        device = {"/DeviceRGB": "rgb", "/RGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk",
                  "/DeviceGray": "gray", "/G": "gray", "/Pattern": "pattern"}
        if space in device:
            return device[space]
        named = _resource(resources, "/ColorSpace", space)
        return colour_family(named) if named is not None else "other"
    if isinstance(space, (list, ArrayObject)) and space:
        kind = space[0]
        if kind == "/ICCBased":
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(int(space[1].get_object().get("/N", 0)), "other")
        if kind in ("/Indexed", "/I"):
            return colour_family(space[1], resources)
        return {"/CalRGB": "rgb", "/CalGray": "gray", "/Lab": "lab", "/Separation": "spot",
                "/DeviceN": "spot", "/Pattern": "pattern"}.get(kind, "other")
    return "other"


def _resource(resources: DictionaryObject | None, category: str, name: str) -> Any:
    if resources is None:
        return None
    table = resources.get(category)
    table = table.get_object() if table is not None else None
    obj = table.get(name) if table is not None else None
    return obj.get_object() if obj is not None else None


class Scanner:
    """Interprets the content of one page (and its forms) into a PageScan."""

    PAINT_STROKE = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
    PAINT_OTHER = {b"f", b"F", b"f*", b"n"}

    def __init__(self, number: int, want_strokes: bool = True):
        self.scan = PageScan(number)
        self.want_strokes = want_strokes
        self.forms: list[int] = []
        self.font_keys: dict[tuple[int, str], Any] = {}

    def run(self, data: bytes, resources: DictionaryObject | None, ctm: Matrix,
            container: str | None) -> None:
        state = [ctm, None]             # ctm, current font key
        saved: list[list] = []
        operands: list[Any] = []
        path: list[tuple[float, float, float, float]] = []
        start = current = (0.0, 0.0)
        for token in tokens(data):
            if not isinstance(token, Op):
                operands.append(token)
                continue
            op = token
            if op == b"q":
                saved.append(state[:])
            elif op == b"Q":
                if saved:
                    state = saved.pop()
            elif op == b"cm" and _numbers(operands[-6:], 6):
                state[0] = multiply(tuple(operands[-6:]), state[0])
            elif op in (b"TJ", b"Tj", b"'", b'"'):
                self._show(state[1], operands[-1] if operands else b"")
            elif op == b"Tf" and len(operands) >= 2:
                state[1] = self._font(resources, operands[-2])
            elif op == b"Do" and operands:
                self._do(resources, operands[-1], state[0], container)
            elif op == b"BI" and operands:
                self._place("inline image", operands[-1], state[0], container)
                self._colour(operands[-1].get("/CS", operands[-1].get("/ColorSpace")),
                             resources, "inline image", container)
            elif op in (b"rg", b"RG"):
                self.scan.colours.add(("rgb", op.decode(), container))
            elif op in (b"cs", b"CS") and operands:
                self._colour(operands[-1], resources, op.decode() + " " + str(operands[-1]), container)
            elif op == b"sh" and operands:
                shading = _resource(resources, "/Shading", operands[-1])
                if shading is not None:
                    self._colour(shading.get("/ColorSpace"), resources, "sh " + operands[-1], container)
            elif op in (b"scn", b"SCN") and operands and isinstance(operands[-1], str):
                self._pattern(resources, operands[-1], container)
            elif self.want_strokes:
                if op == b"m" and len(operands) >= 2:
                    start = current = apply(state[0], operands[-2], operands[-1])
                elif op == b"l" and len(operands) >= 2:
                    point = apply(state[0], operands[-2], operands[-1])
                    path.append((*current, *point))
                    current = point
                elif op in (b"c", b"v", b"y") and len(operands) >= 4:
                    # The curve lies inside its control polygon: keep the polygon.
                    numbers = operands[-6:] if op == b"c" else operands[-4:]
                    for x, y in zip(numbers[::2], numbers[1::2]):
                        point = apply(state[0], x, y)
                        path.append((*current, *point))
                        current = point
                elif op == b"re" and len(operands) >= 4:
                    x, y, w, h = operands[-4:]
                    corners = [apply(state[0], *p) for p in ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]
                    path += [(*corners[i - 1], *corners[i]) for i in range(4)]
                    start = current = corners[0]
                elif op == b"h":
                    path.append((*current, *start))
                    current = start
                elif op in self.PAINT_STROKE:
                    self.scan.strokes += [(*seg, container) for seg in path]
                    path = []
                elif op in self.PAINT_OTHER:
                    path = []
            operands = []

    def _show(self, key: Any, operand: Any) -> None:
        if key is None:
            return
        strings = operand if isinstance(operand, list) else [operand]
        shown = self.scan.shown.setdefault(key, [])
        shown += [s for s in strings if isinstance(s, bytes)]

    def _font(self, resources: DictionaryObject | None, name: Any) -> Any:
        fonts = resources.get("/Font") if resources is not None else None
        fonts = fonts.get_object() if fonts is not None else None
        if not isinstance(name, str) or fonts is None or name not in fonts:
            return None
        cached = self.font_keys.get((id(fonts), name))
        if cached is None:
            cached = self.font_keys[id(fonts), name] = font_key(fonts, name)
            self.scan.fonts.setdefault(cached, (name, fonts[name].get_object()))
        return cached

    def _do(self, resources: DictionaryObject | None, name: Any, ctm: Matrix,
            container: str | None) -> None:
        xobjects = resources.get("/XObject") if resources is not None else None
        xobjects = xobjects.get_object() if xobjects is not None else None
        if not isinstance(name, str) or xobjects is None or name not in xobjects:
            return
        raw = xobjects.raw_get(name)
        xobject = raw.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._place(name, xobject, ctm, container)
            self._colour(xobject.get("/ColorSpace"), resources, "image " + name, container)
        elif subtype == "/Form":
            self._form(name, raw, xobject, resources, ctm)

    def _form(self, name: str, raw: Any, form: Any, resources: Any, ctm: Matrix) -> None:
        number = raw.idnum if isinstance(raw, IndirectObject) else id(form)
        if number in self.forms or len(self.forms) >= MAX_FORM_DEPTH:
            return
        matrix = tuple(float(v) for v in form.get("/Matrix", IDENTITY))
        own = form.get("/Resources")
        self.forms.append(number)
        try:
            self.run(form.get_data(), own.get_object() if own is not None else resources,
                     multiply(matrix, ctm), name)
        finally:
            self.forms.pop()

    def _place(self, name: str, image: Any, ctm: Matrix, container: str | None) -> None:
        self.scan.images.append(Placement(name, image, ctm, container))

    def _colour(self, space: Any, resources: Any, how: str, container: str | None) -> None:
        if space is None:
            return
        family = colour_family(space, resources)
        if family not in ("cmyk", "gray", "spot", "pattern"):
            self.scan.colours.add((family, how, container))

    def _pattern(self, resources: Any, name: str, container: str | None) -> None:
        pattern = _resource(resources, "/Pattern", name)
        if pattern is not None and pattern.get("/PatternType") == 2:
            shading = pattern.get("/Shading")
            if shading is not None:
                self._colour(shading.get_object().get("/ColorSpace"), resources,
                             "pattern " + name, container)


def scan_page(page: Any, number: int, want_strokes: bool = True) -> PageScan:
    """Scan one pypdf page (1-based number) into a PageScan."""
    scanner = Scanner(number, want_strokes)
    contents = page.get_contents()
    if contents is not None:
        resources = page.get("/Resources")
        scanner.run(contents.get_data(), resources.get_object() if resources is not None else None,
                    IDENTITY, None)
    return scanner.scan

