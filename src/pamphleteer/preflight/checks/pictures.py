"""Pictures: effective resolution of every image at its placed size."""

from __future__ import annotations

from math import hypot
from typing import Iterator

from pamphleteer.preflight.content import Placement
from pamphleteer.preflight.registry import Context, check
from pamphleteer.preflight.report import Finding


def pixels(image) -> tuple[int, int] | None:
    width = image.get("/Width", image.get("/W"))
    height = image.get("/Height", image.get("/H"))
    return (int(width), int(height)) if width and height else None


def ppi(placement: Placement) -> float | None:
    """Pixels per inch along the worse axis; None for an image drawn with no area."""
    size = pixels(placement.image)
    a, b, c, d, _, _ = placement.ctm
    across, down = hypot(a, b), hypot(c, d)  # placed size in points
    if size is None or across < 1e-6 or down < 1e-6:
        return None
    return min(size[0] * 72 / across, size[1] * 72 / down)


@check("pictures", "print", "reader", "booklet")
def pictures(ctx: Context) -> Iterator[Finding]:
    lowest: dict[tuple[int, str], tuple[float, Placement]] = {}
    for scan in ctx.doc.scans:
        for placement in scan.images:
            if pixels(placement.image) is None:
                yield Finding("pictures", "fail", "image without /Width and /Height",
                              page=scan.number, obj=placement.name)
                continue
            value = ppi(placement)
            key = (scan.number, placement.name)
            if value is not None and (key not in lowest or value < lowest[key][0]):
                lowest[key] = (value, placement)
    error = "fail" if ctx.profile != "reader" else "warn"
    failed = any(pixels(p.image) is None for scan in ctx.doc.scans for p in scan.images)
    for (page, name), (value, placement) in lowest.items():
        width, height = pixels(placement.image)
        if round(value) < ctx.rules.min_ppi_warn:
            failed = True
            status, limit = ((error, ctx.rules.min_ppi_error) if round(value) < ctx.rules.min_ppi_error
                             else ("warn", ctx.rules.min_ppi_warn))
            yield Finding("pictures", status, f"{value:.0f} ppi ({width} x {height} px placed at "
                          f"{hypot(*placement.ctm[:2]) / 72:.2f} x {hypot(*placement.ctm[2:4]) / 72:.2f} in), "
                          f"under {limit:g} ppi", page=page, obj=name)
    if not failed:
        worst = min(lowest.items(), key=lambda kv: kv[1][0], default=None)
        yield Finding("pictures", "pass", "no images" if worst is None else
                      f"{len(lowest)} placement(s), lowest {worst[1][0]:.0f} ppi",
                      page=worst[0][0] if worst else None, obj=worst[0][1] if worst else None)
