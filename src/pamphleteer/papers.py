"""Named press sheets in PDF points, portrait, and `WxH` sizes written by people."""

from __future__ import annotations

from pamphleteer.units import parse_size

SHEETS: dict[str, tuple[float, float]] = {
    "letter": (612, 792),            # 8.5 × 11 in, 215.9 × 279.4 mm
    "legal": (612, 1008),            # 8.5 × 14 in, 215.9 × 355.6 mm
    "tabloid": (792, 1224),          # 11 × 17 in, 279.4 × 431.8 mm
    "a5": (419.53, 595.28),          # 148 × 210 mm
    "a4": (595.28, 841.89),          # 210 × 297 mm
    "a3": (841.89, 1190.55),         # 297 × 420 mm
    "sra3": (907.09, 1275.59),       # 320 × 450 mm
}


def sheet_size(text: str) -> tuple[str | None, float, float]:
    """(name or None, width, height) for `a3`, `Tabloid` or `11x17in`; ValueError otherwise."""
    name = str(text).strip().lower()
    if name in SHEETS:
        return (name, *SHEETS[name])
    try:
        width, height = parse_size(name)
    except ValueError:
        known = ", ".join(SHEETS)
        raise ValueError(f"sheet {text!r} is neither a known name ({known}) "
                         f"nor a size such as 11x17in or 320x450mm") from None
    if width <= 0 or height <= 0:
        raise ValueError(f"sheet {text!r} has no area")
    return None, width, height


def millimetres(points: float) -> float:
    return round(points * 25.4 / 72, 1)


def inches(points: float) -> float:
    return round(points / 72, 3)
