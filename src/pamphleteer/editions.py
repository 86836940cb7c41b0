"""The editions a build can make, one row each: what the edition needs from the pipeline.

A row says the file it is written to, its stylesheet, its page geometry
(trim alone, or bleed and crop marks), its ink and pictures (screen RGB, or
the printer's colour), whether it keeps links, its PDF variant, its
preflight profile, whether it is padded to the binding's multiple of four
pages, and what follows it (the booklet after the print edition, the
article PDFs after the reader edition). Its `kind` says which maker in
build.MAKERS makes it: a PDF laid out by WeasyPrint, an EPUB, web pages. The
journal names the editions it wants in `editions:`; `build()` loops over
them. Adding an edition is adding a row here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pamphleteer.pictures import Converter

DEFAULT_CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian libgs-common
PDF_STANDARDS = {"x-4": "pdf/x-4", "x-1a": "pdf/x-1a", "x-3": "pdf/x-3"}  # print: standard -> WeasyPrint's name
INKS = {  # --ink, --ink-soft: RGB on screen, black ink only in print
    "screen": ("#000", "#333"),
    "press": ("device-cmyk(0 0 0 1)", "device-cmyk(0 0 0 0.8)"),
}


# --- what an edition's row can ask for: screen or press ---

def screen_pictures(issue) -> Converter:
    """No finer than `reader: max_ppi` at the size each picture is set: the manifest's in their column, on a
    page of their own or on the cover; the articles' own in the widest column (geometry.PAGE)."""
    from pamphleteer.geometry import PAGE

    width = issue.trim_inches[0] * 72
    boxes = [(str(picture.path), PAGE.picture_box(width, picture.width, entry.columns or 1), False)
             for entry in issue.articles for picture in entry.pictures]
    if issue.cover.picture:
        boxes.append((str((issue.folder / issue.cover.picture).resolve()), PAGE.picture_box(width, "cover"), True))
    return Converter(max_ppi=issue.reader.max_ppi, box=PAGE.picture_box(width), boxes=tuple(boxes))


def press_pictures(issue) -> Converter:
    """In the printer's colour (`print: colour`), through its profile."""
    return Converter(colour=issue.print.colour, profile=press_profile(issue))


def screen_ink(issue) -> str:
    return "screen"


def press_ink(issue) -> str:
    """Black text in black ink alone, unless the journal prints in RGB."""
    return "screen" if issue.print.colour == "rgb" else "press"


def no_profile(issue) -> None:
    return None


def press_profile(issue) -> Path:
    """The printer's ICC profile named in `print: profile`, else ghostscript's CMYK profile."""
    return issue.root / issue.print.profile if issue.print.profile else DEFAULT_CMYK_PROFILE


def no_variant(issue) -> None:
    return None


def reader_variant(issue) -> str:
    """Tagged PDF/UA-1: structure, alt text, languages, the title shown in the window."""
    return "pdf/ua-1"


def press_variant(issue) -> str:
    """The PDF/X standard the printer asked for (`print: standard`)."""
    return PDF_STANDARDS[issue.print.standard]


@dataclass(frozen=True)
class Edition:
    name: str
    suffix: str                               # the file: <slug>-<issue><suffix> (a folder for the web pages)
    stylesheet: str                           # styles/<stylesheet>, after styles/journal.css
    bleed: bool = False                       # the page geometry: trim alone, or `print: bleed` and crop marks
    links: bool = True                        # live links and annotations kept
    kind: str = "pdf"                         # how it is made: build.MAKERS (pdf, epub, web)
    ink: Callable = screen_ink                # INKS key for the text and rules
    pictures: Callable = screen_pictures      # a pictures.Converter for the edition
    profile: Callable = no_profile            # the CMYK OutputIntent profile, or None
    variant: Callable = no_variant            # WeasyPrint's pdf_variant, or None
    preflight: str = "reader"                 # the preflight profile (preflight.rules.PROFILES)
    padded: bool = False                      # padded to a multiple of 4 pages for saddle binding
    then: tuple[str, ...] = ()                # what follows it: names in build.FOLLOWERS

    def identifier(self, issue) -> bytes:
        """The file ID, the same for every build of this issue and edition."""
        return hashlib.sha256(f"{issue.slug}-{issue.number}-{self.name}".encode()).hexdigest()[:32].encode()


EDITIONS: dict[str, Edition] = {
    "reader": Edition("reader", ".pdf", "reader.css", bleed=False, links=True, variant=reader_variant,
                      then=("article_pdfs",)),
    "print": Edition("print", "-print.pdf", "print.css", bleed=True, links=False, ink=press_ink,
                     pictures=press_pictures, profile=press_profile, variant=press_variant,
                     preflight="print", padded=True, then=("booklet",)),
    "epub": Edition("epub", ".epub", "epub.css", kind="epub"),
    "web": Edition("web", "-web", "web.css", kind="web"),
}
