"""Rectangles and affine matrices in PDF points: the one geometry vocabulary.

The imposer places pages with it, preflight follows a content stream's CTM
and measures page boxes with it. Both are named tuples: preflight makes one
per path point and drawn form, and a tuple is the cheapest thing to make.

Matrices follow the PDF convention `[a b c d e f]`: a point (x, y) goes to
(a·x + c·y + e, b·x + d·y + f). `m.then(n)` applies m first, then n, which
is the order of `n cm m cm` in a content stream (`m cm` makes CTM = m × CTM).
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from pamphleteer.units import parse_length

TOLERANCE = 0.01  # points: lengths closer than this are the same, an edge this near is on it

# cos and sin of a clockwise turn by /Rotate degrees, exact for multiples of 90.
_TURNS = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}


class Rect(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def of(cls, box: Iterable) -> "Rect":
        """A Rect from any four numbers (a PDF box, a list, a segment's ends), normalised."""
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

    def contains(self, inner: "Rect") -> bool:
        """Whether `inner` lies within this rect, edges within TOLERANCE counting as on it."""
        return (self.x0 <= inner.x0 + TOLERANCE and self.y0 <= inner.y0 + TOLERANCE
                and self.x1 >= inner.x1 - TOLERANCE and self.y1 >= inner.y1 - TOLERANCE)

    def overlaps(self, other: "Rect") -> bool:
        """Whether the interiors share any area (touching edges do not)."""
        return (self.x0 < other.x1 - TOLERANCE and other.x0 < self.x1 - TOLERANCE
                and self.y0 < other.y1 - TOLERANCE and other.y0 < self.y1 - TOLERANCE)

    def crossed_by(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the segment (x0, y0)-(x1, y1) passes through the interior (Liang-Barsky)."""
        lo, hi = 0.0, 1.0
        dx, dy = x1 - x0, y1 - y0
        for p, q in ((-dx, x0 - self.x0 - TOLERANCE), (dx, self.x1 - TOLERANCE - x0),
                     (-dy, y0 - self.y0 - TOLERANCE), (dy, self.y1 - TOLERANCE - y0)):
            if p == 0:
                if q < 0:
                    return False
            elif p < 0:
                lo = max(lo, q / p)
            else:
                hi = min(hi, q / p)
        return lo <= hi

    def label(self) -> str:
        """`[0 0 396 612]`, for messages."""
        return "[" + " ".join(f"{v:g}" for v in self) + "]"


class Matrix(NamedTuple):
    a: float = 1
    b: float = 0
    c: float = 0
    d: float = 1
    e: float = 0
    f: float = 0

    @classmethod
    def of(cls, values: Iterable) -> "Matrix":
        """A Matrix from six numbers (a /Matrix array); ValueError for any other count."""
        a, b, c, d, e, f = (float(v) for v in values)
        return cls(a, b, c, d, e, f)

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
        return " ".join(number(v) for v in self)


IDENTITY = Matrix()


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


# --- the journal's pages: where text and pictures go ---

CSS_PX = 96  # pixels per inch of a picture set at its own size (CSS's px), before any box shrinks it


class PageLayout(NamedTuple):
    """The page's margins, the column gap and the boxes pictures are fitted into, each stated once.

    `document.settings_css` writes them into the CSS the renderer reads, and
    `validate` measures each picture's printed size by them, so a picture too
    coarse for print is known before anything is laid out. Lengths as CSS writes
    them (`0.62in`); `points()` reads one.
    """

    top: str = "0.62in"
    bottom: str = "0.72in"
    inside: str = "0.75in"                 # the binding side: left on right-hand pages
    outside: str = "0.55in"
    column_gap: str = "14pt"               # between the columns of a two-column article
    picture_height: str = "3.6in"          # the tallest a picture in the text is set (`width: column`)
    full_picture_height: str = "6.2in"     # a picture on a page of its own (`width: full`)
    cover_margins: tuple = ("0.45in", "0.5in", "0.5in", "0.5in")  # top, right, bottom, left
    cover_picture_height: str = "3.4in"    # the cover picture fills the width, cut to this height

    @staticmethod
    def points(length: str) -> float:
        return parse_length(length)

    def text_width(self, trim_width: float) -> float:
        """The width of the text on a page of `trim_width` points."""
        return trim_width - self.points(self.inside) - self.points(self.outside)

    def column_width(self, trim_width: float, columns: int = 1) -> float:
        return (self.text_width(trim_width) - (columns - 1) * self.points(self.column_gap)) / columns

    def picture_box(self, trim_width: float, width: str = "column", columns: int = 1) -> tuple[float, float]:
        """The largest (width, height) in points a picture is set at: `column` fits the article's column,
        `full` the whole text width on a page of its own, `cover` the cover's width."""
        if width == "cover":
            top, right, bottom, left = (self.points(m) for m in self.cover_margins)
            return trim_width - left - right, self.points(self.cover_picture_height)
        if width == "full":
            return self.text_width(trim_width), self.points(self.full_picture_height)
        return self.column_width(trim_width, columns), self.points(self.picture_height)

    def css(self) -> str:
        """The rules that set these lengths (before the journal's stylesheet, which styles the rest)."""
        cover = " ".join(self.cover_margins)
        return (f"@page {{ margin: {self.top} {self.outside} {self.bottom} {self.inside}; }}\n"
                f"@page :left {{ margin-left: {self.outside}; margin-right: {self.inside}; }}\n"
                f"@page cover {{ margin: {cover}; }}\n"
                f".columns-2 .body {{ column-gap: {self.column_gap}; }}\n"
                f".body img, figure.picture img {{ max-width: 100%; max-height: {self.picture_height}; }}\n"
                f"figure.picture.full img {{ max-height: {self.full_picture_height}; }}\n"
                f".cover-picture img {{ width: 100%; max-height: {self.cover_picture_height}; object-fit: cover; }}\n")


PAGE = PageLayout()


def placed_size(pixels: tuple[int, int], box: tuple[float, float], *, fill: bool = False) -> tuple[float, float]:
    """The (width, height) in points a picture of `pixels` is printed at in `box`.

    At its own size (CSS_PX pixels an inch) and shrunk, never stretched, to fit
    the box as CSS's max-width and max-height do; with `fill` (the cover) the
    width is always the box's, the height cut to the box.
    """
    width, height = (n * 72 / CSS_PX for n in pixels)
    if fill:
        return box[0], min(height * box[0] / width, box[1])
    scale = min(1.0, box[0] / width, box[1] / height)
    return width * scale, height * scale
