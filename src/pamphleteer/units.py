"""Lengths and sizes written by people (`3mm`, `0.125in`, `5.5x8.5in`) to PDF points."""

from __future__ import annotations

import re

POINTS_PER = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54}
_NUMBER = r"(\d+(?:\.\d+)?)"


def parse_length(text: str) -> float:
    """`0.1mm`, `9pt`, `0.125in` to points; a bare `0` is allowed."""
    match = re.fullmatch(_NUMBER + r"\s*(pt|in|mm|cm)?", str(text).strip().lower())
    if not match or (match[2] is None and float(match[1]) != 0):
        raise ValueError(f"{text!r} is not a length (write a number and a unit: mm, cm, in or pt)")
    return float(match[1]) * POINTS_PER[match[2] or "pt"]


def parse_size(text: str) -> tuple[float, float]:
    """`5.5x8.5in` or `148x210mm` to (width, height) in points."""
    match = re.fullmatch(_NUMBER + r"\s*[x×]\s*" + _NUMBER + r"\s*(pt|in|mm|cm)", str(text).strip().lower())
    if not match:
        raise ValueError(f"{text!r} is not a size (write WxH and a unit, e.g. 5.5x8.5in or 148x210mm)")
    return float(match[1]) * POINTS_PER[match[3]], float(match[2]) * POINTS_PER[match[3]]
