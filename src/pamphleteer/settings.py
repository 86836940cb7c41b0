"""The settings of a journal and its issues: every key of journal.yaml and issue.yaml, declared once.

Each section is a dataclass. Each of its fields is a key: the annotation is
its type, `setting()` its default, its help, its choices and its validator.
`schema.fields_of()` turns a section into what the checker walks, and
`schema.build()` turns checked YAML into these objects, which are all the
stages read. An issue inherits every key of the journal (`Issue` is a
`Journal`), and its issue.yaml may override any of them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import MISSING, dataclass, field
from pathlib import Path

from pamphleteer.dates import frequency_months
from pamphleteer.editions import EDITIONS
from pamphleteer.papers import TRIMS, sheet_size, trim_size
from pamphleteer.units import parse_length

MIN_BLEED = 9.0  # points: what printers ask for (3 mm)


def setting(default=MISSING, *, required=False, help="", choices=(), aliases=(), parse=None, key=None):
    """A key of the YAML: its default, its help, the values it may take and a validator.

    `parse(value)` raises ValueError with what is wrong; `key` is the YAML
    name when it differs from the attribute's.
    """
    meta = {"setting": True, "required": required, "help": help, "choices": choices, "aliases": aliases,
            "parse": parse, "key": key}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=None if required else default, metadata=meta)


def derived(default=None):
    """An attribute the loader works out (a resolved path, a position), not a key of the YAML."""
    return field(default=default, metadata={"setting": False}, compare=False, repr=False)


# --- validators: each raises ValueError saying what is wrong ---

def _bleed(text: str) -> None:
    if parse_length(text) < MIN_BLEED:
        raise ValueError(f"{text!r} is less than the 9 pt (3 mm) printers ask for")


def _encoding(name: str) -> None:
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"found unknown encoding {name!r}, expected a name such as utf-8 or cp1252") from None
    try:
        usable = getattr(info, "_is_text_encoding", True) and "é".encode(name).decode(name) == "é"
    except (LookupError, UnicodeError, TypeError, ValueError):
        usable = False
    if not usable:
        raise ValueError(f"{name!r} is not an encoding for text; expected a name such as utf-8 or cp1252")


def _slug(text: str) -> None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", text):
        raise ValueError(f"{text!r} cannot be part of a file name; expected lowercase letters, digits, "
                         "- or _ (up to 40), such as `lantern`")


def _positive(number: int) -> None:
    if number <= 0:
        raise ValueError(f"found {number}, expected a whole number above 0")


def _not_negative(number: int) -> None:
    if number < 0:
        raise ValueError(f"found {number}, expected a whole number, 0 or more")


def _signature(number: int) -> None:
    if number <= 0 or number % 4:
        raise ValueError(f"found {number}, expected a multiple of 4 such as 16")


def _editions(names: list) -> None:
    unknown = [name for name in names if name not in EDITIONS]
    if unknown:
        raise ValueError(f"found {unknown[0]!r}, expected editions among {', '.join(EDITIONS)}")


def _issn(text: str) -> None:
    """Eight digits as NNNN-NNNC, the last a check digit (0-9 or X)."""
    if not re.fullmatch(r"\d{4}-\d{3}[\dX]", text):
        raise ValueError(f"found {text!r}, expected an ISSN such as 2049-3630 (eight digits, the last may be X)")
    digits = [10 if c == "X" else int(c) for c in text.replace("-", "")]
    if sum(d * w for d, w in zip(digits, range(8, 0, -1))) % 11:
        raise ValueError(f"{text!r} has a wrong check digit; copy the ISSN again from its registration")


def _sheet(text: str) -> None:
    sheet_size(text)


# --- the sections ---

@dataclass
class Fonts:
    body: str = setting("Charis SIL", help="the text face (Debian fonts-sil-charis)")
    sans: str = setting("PT Sans", help="the face of heads, captions and tables (Debian fonts-paratype)")

    @property
    def families(self) -> list[str]:
        return [self.body, self.sans]


@dataclass
class PrintSettings:
    """What the printer asked for: the print edition, then the booklet."""

    binding: str = setting("saddle", choices=("saddle", "perfect", "none"))
    bleed: str = setting("0.5in", help="a length such as 0.125in or 3mm", parse=_bleed)
    standard: str = setting("x-4", choices=("x-4", "x-1a", "x-3"))
    profile: str | None = setting(None, help="the printer's CMYK ICC profile, relative to journal.yaml's folder "
                                             "(default: ghostscript's default_cmyk.icc)")
    colour: str = setting("cmyk", choices=("rgb", "cmyk", "grayscale"))
    min_ppi_warn: int = setting(300, help="pictures under this resolution at placed size are warned about",
                                parse=_positive)
    min_ppi_error: int = setting(150, help="pictures under this resolution stop the print build", parse=_positive)
    binding_side: str = setting("left", choices=("left", "right"))
    sheet: str | None = setting(None, help="a paper name (letter, tabloid, a4, a3, sra3...) or WxH with a unit "
                                           "(default: the spread)", parse=_sheet)
    last: int = setting(1, help="pages kept after the blank padding pages", parse=_not_negative)
    signature: int = setting(16, help="pages per signature for perfect binding, a multiple of 4", parse=_signature)
    creep: str = setting("0", help="the paper's caliper, such as 0.1mm", parse=parse_length)
    duplex: str = setting("long", choices=("long", "short"))
    marks: bool | None = setting(None)  # None: crop and fold marks when the sheet is larger than the spread
    scale: bool = setting(False, help="true to fit the spread to the sheet")
    cover_apart: bool = setting(False, help="true to impose the cover sheet to its own PDF")

    @property
    def saddle(self) -> bool:
        return self.binding == "saddle"


@dataclass
class ReaderSettings:
    max_ppi: int = setting(200, help="pictures finer than this at the size they are set are downsampled in the "
                                     "reader edition",
                           parse=_positive)


@dataclass
class Contact:
    email: str = setting("")
    web: str = setting("")
    address: str = setting("")
    phone: str = setting("")


@dataclass
class BackPage:
    title: str = setting("Contact us")
    text: str = setting("")
    subscribe: str = setting("")
    contact: Contact = setting(None)
    colophon: str = setting("")


@dataclass
class Cover:
    title: str = setting("")
    picture: str = setting("")
    caption: str = setting("")
    alt: str = setting("", help="what the cover picture shows, read out in place of the picture")
    credit: str = setting("")
    headlines: list[str] = setting([])
    where: tuple = derived()  # (file, line) of `picture:`


@dataclass
class Picture:
    file: str = setting(required=True, help="a picture file, relative to the issue folder")
    caption: str = setting("")
    alt: str = setting("", help="what the picture shows, read out to readers who cannot see it "
                                "(without it, the caption)")
    credit: str = setting("")
    width: str = setting("column", choices=("column", "full"))
    path: Path = derived()  # the file, resolved
    where: tuple = derived()  # (file, line) where it is named: issue.yaml's `file:`, or the article's line


@dataclass
class ArticleEntry:
    file: str = setting(required=True, help="an article file, relative to the issue folder")
    pictures: list[Picture] = setting([], aliases=("images", "photos", "figures"))
    section: str | None = setting(None)
    encoding: str = setting("utf-8", parse=_encoding)
    lang: str | None = setting(None, help="the article's language when not the journal's, such as ru or kk")
    columns: int | None = setting(None, choices=(1, 2))
    keep_trailer: bool = setting(False, help="true to print a mail post's last lines of web navigation or list "
                                             "boilerplate (left out with a warning otherwise)")
    path: Path = derived()  # the file, resolved


@dataclass
class Journal:
    """What every issue inherits from journal.yaml."""

    name: str = setting(required=True)
    slug: str = setting(required=True, help="a short file-name word such as `lantern`", parse=_slug)
    tagline: str = setting("")
    lang: str = setting("en", help="the journal's language, such as en, ru or kk")
    trim: str = setting("digest", help=f"{', '.join(TRIMS)} or WxH with a unit (5.5x8.5in)", parse=trim_size)
    fonts: Fonts = setting(None)
    styles: list[str] = setting([], help="extra stylesheets, relative to journal.yaml's folder")
    end_mark: str = setting("square", help="`square` (drawn) or any text in the body font")
    ragged_right: str = setting("none", choices=("none", "columns", "all"),
                                help="text set flush left, not justified: in two-column articles, or everywhere")
    padding_pages: list[str] = setting(["subscribe", "notes"],
                                       help="templates padding-<kind>.html.j2 that fill the print edition to a "
                                            "multiple of 4 pages; the last one repeats")
    publisher: str = setting("")
    frequency: str | None = setting(None, help="how often an issue appears: monthly, bimonthly, quarterly, "
                                               "twice a year, yearly or `every N months`; `make new` steps the "
                                               "date by it (default: the step between the last two issues)",
                                    parse=frequency_months)
    issn: str | None = setting(None, help="the journal's ISSN, such as 2049-3630, written into every edition",
                               parse=_issn)
    editions: list[str] = setting(["reader", "print", "epub", "web"],
                                  help=f"the editions each build makes: {', '.join(EDITIONS)}",
                                  parse=_editions)
    print: PrintSettings = setting(None)
    reader: ReaderSettings = setting(None)

    @property
    def trim_inches(self) -> tuple[float, float]:
        width, height = trim_size(self.trim)
        return width / 72, height / 72


@dataclass
class Issue(Journal):
    """One issue: the journal's settings, the issue's own keys, and where its files are."""

    number: int = setting(required=True, key="issue", aliases=("number", "no", "issue_number"))
    date: str = setting(required=True, help="text such as \"2012-09\" or \"September 2012\"")
    price: str = setting("")
    cover: Cover = setting(None)
    articles: list[ArticleEntry] = setting(required=True, aliases=("contents", "article"))
    back_page: BackPage = setting(None)
    folder: Path = derived()    # the issue's folder
    manifest: Path = derived()  # its issue.yaml
    root: Path = derived()      # the journal's folder
    warnings: list[str] = derived()    # `file:line:col: ...` for what is odd, not wrong
    origins: dict[str, tuple] = derived()  # dotted setting name -> (value, `file:line` or `default`)

    def effective(self) -> list[tuple[str, object, str]]:
        """Every setting of the issue, in the order declared: (name, value, where it comes from)."""
        return [(name, value, where) for name, (value, where) in self.origins.items()]
