"""Fonts: every font embedded, no glyph drawn as .notdef, no unexpected family."""

from __future__ import annotations

import re
from typing import Iterator

from pamphleteer.preflight.document import FontUse
from pamphleteer.preflight.glyphs import Decoder, build_decoder
from pamphleteer.preflight.registry import Context, check
from pamphleteer.preflight.report import Finding

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def described(font) -> object:
    """The dict holding the FontDescriptor: the font, or a Type0 font's descendant."""
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        descendants = descendants.get_object() if descendants is not None else []
        return descendants[0].get_object() if descendants else font
    return font


def is_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are content streams inside the PDF
    descriptor = described(font).get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(key in descriptor for key in FONT_FILES)


@check("fonts", "print", "reader", "booklet")
def fonts(ctx: Context) -> Iterator[Finding]:
    for use in ctx.doc.fonts:
        if not is_embedded(use.font):
            kind = str(use.font.get("/Subtype", "?")).lstrip("/")
            yield Finding("fonts", "fail", f"{kind} font not embedded (no FontFile in its descriptor)",
                          page=use.page, obj=f"font {use.name}")
    if all(is_embedded(use.font) for use in ctx.doc.fonts):
        yield Finding("fonts", "pass", f"{len(ctx.doc.fonts)} font(s), all embedded")


def family(use: FontUse) -> str:
    """The family the PDF names: descriptor /FontFamily, else BaseFont without subset tag."""
    descriptor = described(use.font).get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    if descriptor.get("/FontFamily"):
        return str(descriptor["/FontFamily"])
    return re.sub(r"^[A-Z]{6}\+", "", use.name)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def expected(name: str, families: tuple[str, ...]) -> bool:
    """'PT Sans' matches 'PT Sans', 'PT-Sans-Bold', 'PTSans-Italic'."""
    return any(_squash(name).startswith(_squash(f)) for f in families)


@check("font fallback", "print", "reader", "booklet")
def font_fallback(ctx: Context) -> Iterator[Finding]:
    shown = [use for use in ctx.doc.fonts if use.shown]
    families = sorted({family(use) for use in shown})
    if not ctx.rules.expected_fonts:
        yield Finding("font fallback", "pass",
                      f"families used: {', '.join(families) or 'none'} (no expected list given)")
        return
    if all(expected(family(use), ctx.rules.expected_fonts) for use in shown):
        yield Finding("font fallback", "pass", f"families used: {', '.join(families) or 'none'}")
    for use in shown:
        if not expected(family(use), ctx.rules.expected_fonts):
            yield Finding("font fallback", "warn",
                          f"{family(use)} is not one of the expected families "
                          f"({', '.join(ctx.rules.expected_fonts)}): the renderer fell back to it",
                          page=use.page, obj=f"font {use.name}")


@check("glyphs", "print", "reader", "booklet")
def glyphs(ctx: Context) -> Iterator[Finding]:
    decoders: dict = {}
    unchecked: set[str] = set()
    codes, failed = 0, False
    for scan in ctx.doc.scans:
        for key, strings in scan.shown.items():
            font = scan.fonts[key][1]
            name = str(font.get("/BaseFont", scan.fonts[key][0])).lstrip("/")
            if key not in decoders:
                decoders[key] = build_decoder(font)
            decoder: Decoder = decoders[key]
            if decoder.reason:
                unchecked.add(f"{name} ({decoder.reason})")
                continue
            data = b"".join(strings)
            codes += len(data) // decoder.width
            missing = decoder.missing(data)
            if missing:
                failed = True
                yield Finding("glyphs", "fail",
                              f"{len(missing)} glyph(s) drawn as .notdef: {decoder.describe(missing)}",
                              page=scan.number, obj=f"font {name}")
    if unchecked:
        yield Finding("glyphs", "warn", "not checked: " + "; ".join(sorted(unchecked)))
    if not failed:
        yield Finding("glyphs", "pass", f"{codes} glyphs shown, none is .notdef")
