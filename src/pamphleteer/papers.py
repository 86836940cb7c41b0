"""Named paper sizes in PDF points, portrait, and `WxH` sizes written by people.

One table for both uses: a journal's trim (`trim: digest`) and a press
sheet for the booklet (`sheet: tabloid`).
"""

from __future__ import annotations

from pamphleteer.units import parse_size

PAPERS: dict[str, tuple[float, float]] = {
    "digest": (396, 612),            # 5.5 × 8.5 in, 139.7 × 215.9 mm
    "letter": (612, 792),            # 8.5 × 11 in, 215.9 × 279.4 mm
    "legal": (612, 1008),            # 8.5 × 14 in, 215.9 × 355.6 mm
    "tabloid": (792, 1224),          # 11 × 17 in, 279.4 × 431.8 mm
    "a5": (419.53, 595.28),          # 148 × 210 mm
    "a4": (595.28, 841.89),          # 210 × 297 mm
    "a3": (841.89, 1190.55),         # 297 × 420 mm
    "sra3": (907.09, 1275.59),       # 320 × 450 mm
}
TRIMS = ("digest", "letter", "a5", "a4")   # the page sizes a journal is usually set in
SHEETS = tuple(PAPERS)                     # any of them can be a press sheet
TRIM_RANGE = (4 * 72, 20 * 72)             # points: each side of a page, 4 to 20 in (A6 to broadsheet)


def sheet_size(text: str) -> tuple[str | None, float, float]:
    """(name or None, width, height) for `a3`, `Tabloid` or `11x17in`; ValueError otherwise."""
    name = str(text).strip().lower()
    if name in PAPERS:
        return (name, *PAPERS[name])
    try:
        width, height = parse_size(name)
    except ValueError:
        known = ", ".join(SHEETS)
        raise ValueError(f"sheet {text!r} is neither a known name ({known}) "
                         f"nor a size such as 11x17in or 320x450mm") from None
    if width <= 0 or height <= 0:
        raise ValueError(f"sheet {text!r} has no area")
    return None, width, height


def trim_size(text: str) -> tuple[float, float]:
    """A page size, `digest` or `5.5x8.5in`, in points; ValueError when unknown or not a journal's page."""
    name = str(text).strip().lower()
    if name in PAPERS:
        return PAPERS[name]
    width, height = parse_size(name)
    low, high = TRIM_RANGE
    if not (low <= width <= high and low <= height <= high):
        raise ValueError(f"{text!r} is {millimetres(width):g} × {millimetres(height):g} mm; each side of a page "
                         f"must be between {low // 72} and {high // 72} in ({millimetres(low):g} to "
                         f"{millimetres(high):g} mm)")
    return width, height


def millimetres(points: float) -> float:
    return round(points * 25.4 / 72, 1)


def inches(points: float) -> float:
    return round(points / 72, 3)


def size_text(size) -> str:
    """A size in points as people read it: `139.7 × 215.9 mm (5.5 × 8.5 in)`."""
    mm = " × ".join(_plain(millimetres(v)) for v in size)
    inch = " × ".join(_plain(inches(v)) for v in size)
    return f"{mm} mm ({inch} in)"


def length_text(points: float) -> str:
    """A length in points as people read it: `4.2 mm (0.167 in)`."""
    return f"{_plain(millimetres(points))} mm ({_plain(inches(points))} in)"


def _plain(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
