"""Rectangles and affine matrices in PDF points, as the imposer needs them.

Matrices follow the PDF convention `[a b c d e f]`: a point (x, y) goes to
(a·x + c·y + e, b·x + d·y + f). `m.then(n)` applies m first, then n, which
is the order of `n cm m cm` in a content stream.
"""

from __future__ import annotations

from dataclasses import dataclass

# cos and sin of a clockwise turn by /Rotate degrees, exact for multiples of 90.
_TURNS = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def of(cls, box) -> "Rect":
        """A Rect from any four numbers (a pypdf box, a list), normalised."""
        x0, y0, x1, y1 = (float(v) for v in box)
        return cls(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def empty(self) -> bool:
        return self.x1 <= self.x0 or self.y1 <= self.y0

    def intersect(self, other: "Rect") -> "Rect":
        return Rect(max(self.x0, other.x0), max(self.y0, other.y0),
                    min(self.x1, other.x1), min(self.y1, other.y1))

    def grown(self, left: float, bottom: float, right: float, top: float) -> "Rect":
        return Rect(self.x0 - left, self.y0 - bottom, self.x1 + right, self.y1 + top)

    def margins_to(self, inner: "Rect") -> tuple[float, float, float, float]:
        """How far this rect reaches beyond `inner` on the left, bottom, right and top."""
        return inner.x0 - self.x0, inner.y0 - self.y0, self.x1 - inner.x1, self.y1 - inner.y1


@dataclass(frozen=True)
class Matrix:
    a: float = 1
    b: float = 0
    c: float = 0
    d: float = 1
    e: float = 0
    f: float = 0

    def then(self, other: "Matrix") -> "Matrix":
        """This transformation followed by `other`."""
        return Matrix(self.a * other.a + self.b * other.c,
                      self.a * other.b + self.b * other.d,
                      self.c * other.a + self.d * other.c,
                      self.c * other.b + self.d * other.d,
                      self.e * other.a + self.f * other.c + other.e,
                      self.e * other.b + self.f * other.d + other.f)

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def apply_rect(self, rect: Rect) -> Rect:
        """The bounding box of `rect` transformed (exact for quarter turns)."""
        corners = [self.apply(x, y) for x in (rect.x0, rect.x1) for y in (rect.y0, rect.y1)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return Rect(min(xs), min(ys), max(xs), max(ys))

    def operands(self) -> str:
        return " ".join(number(v) for v in (self.a, self.b, self.c, self.d, self.e, self.f))


def translation(dx: float, dy: float) -> Matrix:
    return Matrix(e=dx, f=dy)


def scaling(factor: float) -> Matrix:
    return Matrix(a=factor, d=factor)


def turn(degrees: int) -> Matrix:
    """The clockwise quarter turn that a page's /Rotate asks a viewer to make."""
    cos, sin = _TURNS[degrees % 360]
    return Matrix(a=cos, b=-sin, c=sin, d=cos)


def upright(box: Rect, degrees: int, x: float, y: float) -> Matrix:
    """Turn `box` by /Rotate `degrees` and move its lower-left corner to (x, y)."""
    turned = turn(degrees)
    corner = turned.apply_rect(box)
    return turned.then(translation(x - corner.x0, y - corner.y0))


def number(value: float) -> str:
    """A number for a content stream: at most 4 decimals, no `-0`, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
