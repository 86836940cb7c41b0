"""Page geometry: TrimBox and BleedBox, crop marks outside the bleed, page count."""

from __future__ import annotations

from typing import Iterator

from pamphleteer.preflight.registry import Context, check
from pamphleteer.preflight.report import Finding

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1, normalised
EPS = 0.01  # points: what counts as "on the edge"
SIDES = ("left", "bottom", "right", "top")


def rect(page, key: str) -> Rect | None:
    """A page box normalised to (x0, y0, x1, y1); MediaBox is inherited, the others not."""
    value = page.mediabox if key == "/MediaBox" else page.get(key)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def contains(outer: Rect, inner: Rect) -> bool:
    return (outer[0] <= inner[0] + EPS and outer[1] <= inner[1] + EPS
            and outer[2] >= inner[2] - EPS and outer[3] >= inner[3] - EPS)


def margins(outer: Rect, inner: Rect) -> tuple[float, ...]:
    """How far outer extends beyond inner on the left, bottom, right and top."""
    return inner[0] - outer[0], inner[1] - outer[1], outer[2] - inner[2], outer[3] - inner[3]


def fmt(box: Rect) -> str:
    return "[" + " ".join(f"{v:g}" for v in box) + "]"


def _page_boxes(page, number: int, ctx: Context) -> Iterator[Finding]:
    lenient = ctx.profile == "booklet"
    media, bleed, trim = rect(page, "/MediaBox"), rect(page, "/BleedBox"), rect(page, "/TrimBox")
    absent = [name for name, box in (("TrimBox", trim), ("BleedBox", bleed)) if box is None]
    if absent and not lenient:
        yield Finding("boxes", "fail", f"no {' and no '.join(absent)}", page=number)
    if bleed is not None and not contains(media, bleed):
        yield Finding("boxes", "fail", f"BleedBox {fmt(bleed)} outside MediaBox {fmt(media)}", page=number)
    if trim is not None and not contains(bleed or media, trim):
        yield Finding("boxes", "fail", f"TrimBox {fmt(trim)} outside "
                      f"{'BleedBox' if bleed else 'MediaBox'} {fmt(bleed or media)}", page=number)
    if trim is not None and bleed is not None and not lenient:
        short = [f"{side} {amount:g} pt" for side, amount in zip(SIDES, margins(bleed, trim))
                 if amount < ctx.rules.min_bleed_pt - EPS]
        if short:
            yield Finding("boxes", "fail", f"bleed under {ctx.rules.min_bleed_pt:g} pt: {', '.join(short)}",
                          page=number)


@check("boxes", "print", "booklet")
def boxes(ctx: Context) -> Iterator[Finding]:
    failed = False
    for number, page in enumerate(ctx.doc.pages, 1):
        for finding in _page_boxes(page, number, ctx):
            failed = True
            yield finding
    sizes = trim_sizes(ctx.doc.pages)
    if len(sizes) > 1:
        failed = True
        (w, h), first = next(iter(sizes.items()))
        for (width, height), number in list(sizes.items())[1:]:
            yield Finding("boxes", "warn" if ctx.profile == "booklet" else "fail",
                          f"trim size {width:g} x {height:g} pt differs from page {first}'s {w:g} x {h:g} pt",
                          page=number)
    if not failed and sizes:
        (w, h), _ = next(iter(sizes.items()))
        label = "trim" if any("/TrimBox" in page for page in ctx.doc.pages) else "page size"
        yield Finding("boxes", "pass", f"{len(ctx.doc.pages)} pages, {label} {w:g} x {h:g} pt"
                      + ("" if ctx.profile == "booklet" else f", bleed >= {ctx.rules.min_bleed_pt:g} pt"))


def trim_sizes(pages: list) -> dict[tuple[float, float], int]:
    """{(width, height): first page} over the pages that have a TrimBox (else all MediaBoxes)."""
    key = "/TrimBox" if any("/TrimBox" in page for page in pages) else "/MediaBox"
    sizes: dict[tuple[float, float], int] = {}
    for number, page in enumerate(pages, 1):
        box = rect(page, key)
        if box is not None:
            sizes.setdefault((round(box[2] - box[0], 2), round(box[3] - box[1], 2)), number)
    return sizes


def overlaps(a: Rect, b: Rect) -> bool:
    """Whether the interiors of a and b share any area (touching edges do not)."""
    return a[0] < b[2] - EPS and b[0] < a[2] - EPS and a[1] < b[3] - EPS and b[1] < a[3] - EPS


def crosses(x0: float, y0: float, x1: float, y1: float, box: Rect) -> bool:
    """Whether segment (x0, y0)-(x1, y1) passes through the interior of box (Liang-Barsky)."""
    lo, hi = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - box[0] - EPS), (dx, box[2] - EPS - x0),
                 (-dy, y0 - box[1] - EPS), (dy, box[3] - EPS - y0)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            lo = max(lo, q / p)
        else:
            hi = min(hi, q / p)
    return lo <= hi


@check("marks", "print")
def marks(ctx: Context) -> Iterator[Finding]:
    """Stroked paths lying wholly outside the TrimBox are marks; none may enter the BleedBox.

    Line width is not added; fills (thumb tabs, bleeding backgrounds) are not marks.
    """
    total = 0
    failed = False
    for page, scan in zip(ctx.doc.pages, ctx.doc.scans):
        trim, bleed = rect(page, "/TrimBox"), rect(page, "/BleedBox")
        if trim is None or bleed is None:
            continue
        outside = [s for s in scan.strokes if not overlaps(_bbox(s), trim)]
        total += len(outside)
        inside = [s for s in outside if crosses(*s[:4], bleed)]
        if inside:
            failed = True
            x0, y0, x1, y1, container = inside[0]
            yield Finding("marks", "fail",
                          f"{len(inside)} mark segment(s) inside the BleedBox {fmt(bleed)}, "
                          f"e.g. ({x0:g}, {y0:g})-({x1:g}, {y1:g})",
                          page=scan.number, obj=container or "page content")
    if not failed:
        yield Finding("marks", "pass", f"{total} mark segment(s) outside the trim, none inside the bleed"
                      if total else "no marks drawn outside the trim")


def _bbox(segment: tuple) -> Rect:
    x0, y0, x1, y1 = segment[:4]
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


@check("page count", "print")
def page_count(ctx: Context) -> Iterator[Finding]:
    count = len(ctx.doc.pages)
    if not ctx.rules.saddle:
        yield Finding("page count", "pass", f"{count} pages (not saddle-stitched)")
    elif count % 4:
        yield Finding("page count", "fail", f"{count} pages: saddle stitch needs a multiple of 4 "
                      f"({-count % 4} blank page(s) short of {count + -count % 4})")
    else:
        yield Finding("page count", "pass", f"{count} pages, a multiple of 4")
