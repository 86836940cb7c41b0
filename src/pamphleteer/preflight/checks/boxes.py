"""Page geometry: TrimBox and BleedBox, crop marks outside the bleed, page count."""

from __future__ import annotations

from typing import Iterator

from pamphleteer.geometry import TOLERANCE, Rect
from pamphleteer.pdffile import page_box
from pamphleteer.preflight.registry import Context, check
from pamphleteer.preflight.report import Finding

SIDES = ("left", "bottom", "right", "top")


def _page_boxes(page, number: int, ctx: Context) -> Iterator[Finding]:
    lenient = ctx.profile == "booklet"
    media, bleed, trim = page_box(page, "/MediaBox"), page_box(page, "/BleedBox"), page_box(page, "/TrimBox")
    if media is None:
        yield Finding("boxes", "fail", "no MediaBox (a page needs one, on itself or its parent)", page=number)
        return
    absent = [name for name, box in (("TrimBox", trim), ("BleedBox", bleed)) if box is None]
    if absent and not lenient:
        yield Finding("boxes", "fail", f"no {' and no '.join(absent)}", page=number)
    if bleed is not None and not media.contains(bleed):
        yield Finding("boxes", "fail", f"BleedBox {bleed.label()} outside MediaBox {media.label()}", page=number)
    if trim is not None and not (bleed or media).contains(trim):
        yield Finding("boxes", "fail", f"TrimBox {trim.label()} outside "
                      f"{'BleedBox' if bleed else 'MediaBox'} {(bleed or media).label()}", page=number)
    if trim is not None and bleed is not None and not lenient:
        short = [f"{side} {amount:g} pt" for side, amount in zip(SIDES, bleed.margins_to(trim))
                 if amount < ctx.rules.min_bleed_pt - TOLERANCE]
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
        box = page_box(page, key)
        if box is not None:
            sizes.setdefault((round(box.width, 2), round(box.height, 2)), number)
    return sizes


@check("marks", "print")
def marks(ctx: Context) -> Iterator[Finding]:
    """Stroked paths lying wholly outside the TrimBox are marks; none may enter the BleedBox.

    Line width is not added; fills (thumb tabs, bleeding backgrounds) are not marks.
    """
    total = 0
    failed = False
    for page, scan in zip(ctx.doc.pages, ctx.doc.scans):
        trim, bleed = page_box(page, "/TrimBox"), page_box(page, "/BleedBox")
        if trim is None or bleed is None:
            continue
        outside = [s for s in scan.strokes if not Rect.of(s[:4]).overlaps(trim)]
        total += len(outside)
        inside = [s for s in outside if bleed.crossed_by(*s[:4])]
        if inside:
            failed = True
            x0, y0, x1, y1, container = inside[0]
            yield Finding("marks", "fail",
                          f"{len(inside)} mark segment(s) inside the BleedBox {bleed.label()}, "
                          f"e.g. ({x0:g}, {y0:g})-({x1:g}, {y1:g})",
                          page=scan.number, obj=container or "page content")
    if not failed:
        yield Finding("marks", "pass", f"{total} mark segment(s) outside the trim, none inside the bleed"
                      if total else "no marks drawn outside the trim")


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
