"""Turn the issue's HTML document into PDF bytes with WeasyPrint.

The only module that imports WeasyPrint. Its fetcher serves regular files
inside the allowed folders (the issue folder, templates, styles) and small
`data:` URLs, nothing else: no network, no file outside, no device files.
WeasyPrint's log is gathered as build warnings. Beside the pages it hands back
one neutral `Line` record per line of article text, read from WeasyPrint's
line boxes, for the spacing report; and a `tune` (by default the even-spacing
pass of spacing.py) may ask for some paragraphs to be laid out again with
other settings. A watched renderer (`Renderer.keep`) draws each kept page
once and replays the drawing when the page is written again, and remembers
what its last writing compressed: the same bytes, for a fraction of the time.
"""

from __future__ import annotations

import contextvars
import copy
import ctypes.util
import hashlib
import io
import logging
import mimetypes
import os
import re
import struct
import subprocess
import sys
import uuid
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf


@contextmanager
def _libraries_listed_once():
    """While WeasyPrint loads Pango and its kin, each library name it tries is looked up in one reading of the
    system's list of libraries (`ldconfig -p`), as ctypes looks it up first, and a name not listed is not found.

    WeasyPrint tries several names a library (22 in all, 16 of them missing here), and for each ctypes ran
    ldconfig again and, for a missing one, the linker too: 0.2 s of every command's start. Where the list does
    not hold Pango (no ldconfig, another libc), ctypes looks as it always did.
    """
    listed = _ldconfig_list()
    looked_up = ctypes.util.find_library
    if b"libpango-1.0.so" in listed:
        ctypes.util.find_library = lambda name: _listed_library(listed, name)
    try:
        yield
    finally:
        ctypes.util.find_library = looked_up


def _ldconfig_list() -> bytes:
    """The system's list of shared libraries, as ldconfig prints it; empty where there is none."""
    if not sys.platform.startswith("linux"):
        return b""
    try:
        return subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, env={"LC_ALL": "C", "LANG": "C"},
                              timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return b""


def _listed_library(listed: bytes, name: str) -> str | None:
    """The library file `name` stands for in ldconfig's list, found as ctypes finds it there
    (ctypes.util._findSoname_ldconfig: its pattern, and the ABI of this interpreter's machine)."""
    machine = f"{os.uname().machine}-{struct.calcsize('l') * 8}"
    abi = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
           "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(machine, "libc6")
    found = re.search(rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name.encode()), abi.encode()), listed)
    return found.group(1).decode() if found else None


with _libraries_listed_once():
    import weasyprint
    import weasyprint.images
    import weasyprint.pdf.fonts
    import weasyprint.pdf.tags
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.text.line_break import create_layout, line_size
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from pamphleteer import spacing
from pamphleteer.errors import UserError
from pamphleteer.pictures import check_drawing
from pamphleteer.spacing import Line

DATA_URL_LIMIT = 1 << 20
FILE_LIMIT = 64 << 20


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    anchors: dict[str, int]          # element id -> 1-based page where it stands
    page_labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # article text, line by line, in reading order
    layout: "Layout | None" = None   # the pages it was written from, for PDFs of some of them
    pictures: dict[str, Path] = field(default_factory=dict)  # a picture's PDF name (/i<md5 of its URL>...) -> file


class FolderFetcher(URLFetcher):
    """Serve only regular files under `roots`, and small data: URLs."""

    def __init__(self, roots: list[Path], convert=None):
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = [root.resolve() for root in roots]
        self.convert = convert  # a pictures.Converter, or None to serve files as they are
        self.served: dict[str, Path] = {}  # md5 of each URL served -> its file: WeasyPrint names pictures by it

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            if len(url) > DATA_URL_LIMIT:
                raise ValueError("data: URL larger than 1 MiB refused")
            return super().fetch(url, headers)
        if scheme != "file":
            raise ValueError(f"only files inside the issue folder can be used, not {url}")
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ValueError(f"{path} lies outside the issue folder, templates and styles")
        if not path.is_file():
            raise ValueError(f"{path} is not a regular file")
        if path.stat().st_size > FILE_LIMIT:
            raise ValueError(f"{path} is larger than 64 MiB")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = path.read_bytes()
        self.served[hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()] = path
        try:
            check_drawing(path, data)  # before WeasyPrint fetches what an SVG refers to
        except UserError as error:
            raise FatalURLFetchingError(str(error)) from error
        if self.convert is None or not self.convert.wants(path):
            return URLFetcherResponse(path.as_uri(), data, {"Content-Type": kind})
        try:
            data, kind = self.convert(path, data)
        except UserError as error:
            raise FatalURLFetchingError(str(error)) from error
        return _Converted(path.as_uri(), data, {"Content-Type": kind})


class _Converted(URLFetcherResponse):
    """Converted bytes: no `path`, or WeasyPrint would embed the original file in their place."""

    path = None


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@dataclass
class Layout:
    """An HTML document laid out in pages, not yet written."""

    document: object   # weasyprint.Document
    warnings: list[str]
    lines: list[Line] = field(default_factory=list)  # article text, line by line, in reading order
    elements: int = 0  # elements in its HTML: `Line.paragraph` counts them
    layouts: int = 1   # times it was laid out (more than once when `tune` asked)
    tuned: str = ""    # the CSS rules the tune chose (see `tuned_css`)
    sources: tuple[str, ...] = ()  # each page's part, by a digest of all it was laid out from (Renderer.lay_out)

    @property
    def pages(self) -> int:
        return len(self.document.pages)


class Renderer:
    """One edition's way of laying out: its fetcher, its stylesheets parsed once, and the layouts it made.

    `cmyk_profile` is the OutputIntent of a PDF/X edition; `convert` (a
    pictures.Converter) turns each picture into what the edition needs.
    `tune()` makes a callable that, given the lines of a layout, returns
    {paragraph: CSS declarations} to lay out again with, or None to keep that
    layout: by default the even-spacing pass; None lays out once.
    A layout is kept under its HTML and CSS, so laying out the same text the
    same way again (an untouched article while `watch` runs) costs nothing.
    """

    def __init__(self, *, base: Path, roots: list[Path], stylesheets: list[Path], extra_css: str,
                 cmyk_profile: Path | None = None, convert=None, tune=spacing.EvenOut, choices=None):
        if cmyk_profile is not None:
            if not cmyk_profile.is_file():
                raise UserError("the CMYK output profile does not exist (print: profile in journal.yaml, "
                                "or ghostscript's default_cmyk.icc from make setup)", cmyk_profile)
            extra_css += profile_css(cmyk_profile)
            roots = [*roots, cmyk_profile]
        self.cmyk_profile, self.tune, self.choices = cmyk_profile, tune, choices  # choices: a choices.Choices
        self.base, self.fetcher = base, FolderFetcher(roots, convert)
        self.profiles: dict = {}  # filled by @color-profile rules, shared with the documents
        self.images: dict = {}    # WeasyPrint's picture cache, shared by the parts
        self.layouts: dict[bytes, Layout] = {}
        self.used: set[bytes] = set()
        self.fresh: set[bytes] = set()
        self.fonts = FontConfiguration()  # one for every part, so fonts are the same objects when put together
        self.remembered: _Remembered | None = None  # set by keep()
        with _collected() as self.warnings:
            self.sheets = [self._css(string=extra_css)]
            self.sheets += [self._css(filename=str(path)) for path in stylesheets]

    def _css(self, **source):
        return weasyprint.CSS(**source, url_fetcher=self.fetcher, color_profiles=self.profiles,
                              font_config=self.fonts)

    def lay_out(self, html: str, css: str = "") -> Layout:
        """`html` laid out in pages, with `css` before the stylesheets (a part's page numbers)."""
        key = hashlib.sha256(f"{html}\0{css}".encode("utf-8", "surrogatepass")).digest()
        chosen = self.choices.key(html, css) if self.choices is not None else None
        if key not in self.layouts:
            self.layouts[key] = self._lay_out(html, css, chosen)
            self.layouts[key].sources = (chosen or key.hex(),) * self.layouts[key].pages
            self.fresh.add(key)
        self.used.add(key)
        if chosen:
            self.choices.note(chosen, self.layouts[key].tuned)
        return self.layouts[key]

    def pages(self, html: str, css: str = "") -> int:
        """How many pages `html` lays out to: as the last build counted them (kept with its choices), or laid
        out now. For a first guess only: a count from a cache is never trusted with the pages themselves."""
        key = self.choices.key(html, css) if self.choices is not None else None
        counted = self.choices.pages(key) if key else None
        if counted is None:
            counted = self.lay_out(html, css).pages
        if key:
            self.choices.count(key, counted)
        return counted

    def write(self, layout: Layout, **options) -> Rendered:
        """`write(layout, **options)` with the colour profiles as they were read.

        LittleCMS writes a profile out differently once it has been written
        (WeasyPrint reads its name as it writes the PDF): the profiles are read
        again from their files before each writing, so a kept layout written a
        second time gives the bytes of the first.
        """
        if self.cmyk_profile is not None:
            fresh: dict = {}
            weasyprint.CSS(string=profile_css(self.cmyk_profile), url_fetcher=self.fetcher, color_profiles=fresh)
            self.profiles.update(fresh)
        keeping = _KEEPING.set(self.remembered)
        try:
            rendered = write(layout, **options)
        finally:
            _KEEPING.reset(keeping)
            if self.remembered is not None:
                self.remembered.turn()
        rendered.pictures = dict(self.fetcher.served)
        return rendered

    def keep(self) -> None:
        """From now on each page's drawing is kept, to be replayed when the page is written again, and what each
        writing compressed and encoded is remembered for the next (watch's renderers)."""
        self.remembered = _Remembered()

    def forget_unused(self) -> None:
        """Keep only the layouts used since the last call: the parts of the last build."""
        self.layouts = {key: layout for key, layout in self.layouts.items() if key in self.used}
        self.used, self.fresh = set(), set()

    def is_fresh(self, layout: Layout) -> bool:
        """Whether `layout` was laid out since the last `forget_unused`, rather than kept from before."""
        return any(self.layouts.get(key) is layout for key in self.fresh)

    def _lay_out(self, html: str, css: str, chosen: str | None) -> Layout:
        with _collected() as messages:
            sheets = [self.sheets[0], *([self._css(string=css)] if css else []), *self.sheets[1:]]
            tree = weasyprint.HTML(string=html, base_url=str(self.base) + "/", url_fetcher=self.fetcher)
            layout = self._tuned(tree, sheets, self.choices.get(chosen) if chosen else None)
        failed = [m for m in messages if m.startswith("Failed to load image")]
        if failed:
            raise UserError("a picture could not be placed: " + "; ".join(failed))
        layout.warnings = messages
        return layout

    def _tuned(self, tree, sheets, chosen: str | None = None) -> Layout:
        """Laid out, and again while the tune asks for other paragraph settings; the last layout is kept.

        The settings go in as CSS rules naming each paragraph by its place in its
        article, so the same rules give the same lines in the whole document (`tuned`).
        Rules `chosen` by an earlier build are laid out with once, the tune not asked.
        """
        elements = list(tree.etree_element.iter())
        tune = self.tune() if self.tune is not None and chosen is None else None
        styles, tuned, layouts = {}, chosen or "", 0
        while styles is not None:
            tuned = tuned_css(elements, styles) if styles else tuned
            extra = [self._css(string=tuned)] if tuned else []
            document = tree.render(stylesheets=[*sheets, *extra], color_profiles=self.profiles, cache=self.images,
                                   font_config=self.fonts)
            lines, layouts = lines_of(document.pages, elements), layouts + 1
            styles = tune(lines) if tune is not None else None
        return Layout(document, [], lines, len(elements), layouts, tuned)


def tuned_css(elements: list, styles: dict[int, str]) -> str:
    """`styles` ({element number: declarations}) as rules naming each element by its place in its article."""
    parents = {child: parent for parent in elements for child in parent}
    rules = []
    for index, declarations in sorted(styles.items()):
        if declarations and (selector := _selector(elements[index], parents)):
            rules.append(f"{selector} {{ {declarations} }}\n")
    return "".join(rules)


def _selector(element, parents: dict) -> str | None:
    """`#art-x > :nth-child(2) > :nth-child(5)`: the element's path from its article, or None outside one."""
    steps = []
    while element.tag != "article" or not element.get("id"):
        parent = parents.get(element)
        if parent is None:
            return None
        steps.append(f":nth-child({list(parent).index(element) + 1})")
        element = parent
    return " > ".join([f"#{element.get('id')}", *reversed(steps)])


def profile_css(cmyk_profile: Path) -> str:
    """The CSS that makes `cmyk_profile` the document's CMYK OutputIntent."""
    return f"@color-profile device-cmyk {{ src: url({cmyk_profile.resolve().as_uri()}); components: c, m, y, k; }}\n"


def combine(parts: list[tuple[Layout, int]]) -> Layout:
    """Parts laid out apart as one document: each (layout, pages to leave out at its start), in order."""
    pages = [page for layout, skip in parts for page in layout.document.pages[skip:]]
    first = parts[0][0]
    lines, before, elements = [], 0, 0  # pages and elements of the parts before
    for layout, skip in parts:
        lines += [replace(line, page=before + line.page - skip, paragraph=elements + line.paragraph)
                  for line in layout.lines if line.page > skip]
        before, elements = before + layout.pages - skip, elements + layout.elements
    return Layout(first.document.copy(pages), [w for layout, _ in parts for w in layout.warnings], lines, elements,
                  sum(layout.layouts for layout, _ in parts), "".join(layout.tuned for layout, _ in parts),
                  tuple(source for layout, skip in parts for source in layout.sources[skip:]))


def write(layout: Layout, *, links: bool = True, identifier: bytes | None = None, variant: str | None = None,
          black_ink: bool = False) -> Rendered:
    """The PDF of a laid-out document.

    `links=False` writes no annotations (print); `variant` is a WeasyPrint PDF
    variant such as "pdf/x-4". `identifier` makes the file ID, and the XMP
    document ID, reproducible; `black_ink` redraws WeasyPrint's RGB-black
    marks in black ink (K) alone.
    """
    finish = _Finisher(links=links, identifier=identifier, black_ink=black_ink)
    _undrawn(layout.document.pages)
    with _collected() as messages:
        pdf = layout.document.write_pdf(pdf_identifier=identifier, pdf_variant=variant, finisher=finish,
                                        custom_metadata=True)  # publisher, ISSN (metadata.py)
    anchors: dict[str, int] = {}
    for number, page in enumerate(layout.document.pages, 1):
        for name in page.anchors:
            anchors.setdefault(name, number)  # an element running over pages is anchored on each
    return Rendered(pdf=pdf, pages=layout.pages, anchors=anchors, warnings=layout.warnings + messages,
                    lines=layout.lines, layout=layout)


def write_part(layout: Layout, first: int, last: int, *, meta, identifier: bytes, variant: str | None) -> bytes:
    """Pages `first` to `last` (1-based) of a laid-out document as a PDF of their own, not laid out again.

    The pages keep their running heads and folios, and their labels read as
    in the whole document (11 to 15); `meta` (a metadata.Metadata) gives the
    part its own title, authors and language.
    """
    part = _pages_of(layout, range(first, last + 1))
    part.metadata = copy.copy(layout.document.metadata)
    part.metadata.title, part.metadata.authors = meta.title, list(meta.authors)
    part.metadata.lang, part.metadata.description = meta.lang, meta.description
    part.metadata.keywords = list(meta.subjects)
    part.metadata.custom = {**part.metadata.custom}
    finish = _Finisher(links=True, identifier=identifier, black_ink=False, first_label=first)
    with _collected():
        return part.write_pdf(pdf_identifier=identifier, pdf_variant=variant, finisher=finish, custom_metadata=True)


def draft(layout: Layout, pages: list[int]) -> bytes:
    """Pages of a laid-out document (1-based, in the order given) as a plain PDF of their own: a quick look at
    them before the whole file is written. Drawn as in the whole file; no tags, links or outline."""
    with _collected():
        return _pages_of(layout, pages).write_pdf()


def _pages_of(layout: Layout, numbers) -> weasyprint.Document:
    """A document of some of `layout`'s pages (1-based, in the order given), as they were laid out."""
    part = layout.document.copy([layout.document.pages[number - 1] for number in numbers])
    _undrawn(part.pages)
    return part


def _undrawn(pages) -> None:
    """Pages as they were laid out, whether or not they were written before.

    WeasyPrint 70 puts the crop marks into a page's background as it draws
    the page, so a page written twice (a kept layout, in watch) would carry
    them twice: the first time a page is written its background is noted,
    and put back before each later writing.
    """
    for page in pages:
        background = page._page_box.background  # no public handle on a page's box
        if background is None:
            continue
        if not hasattr(page, "_layers_as_laid_out"):
            page._layers_as_laid_out = list(background.layers)
        background.layers[:] = page._layers_as_laid_out


@contextmanager
def _collected():
    """WeasyPrint's warnings while the block runs; a fetcher's fatal refusal as a UserError."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    except FatalURLFetchingError as error:  # raised by the fetcher from a UserError naming the file
        raise (error.__cause__ if isinstance(error.__cause__, UserError) else UserError(str(error))) from None
    finally:
        logger.removeHandler(handler)


class _Finisher:
    """Last touches on WeasyPrint's PDF objects before they are written."""

    def __init__(self, links: bool, identifier: bytes | None, black_ink: bool, first_label: int | None = None):
        self.links, self.identifier, self.black_ink = links, identifier, black_ink
        self.first_label = first_label  # page labels counting from this number

    def __call__(self, document, pdf: pydyf.PDF) -> None:
        for obj in pdf.objects:
            if self.black_ink and isinstance(obj, pydyf.Stream) and obj.extra.get("Type") != "/Metadata":
                obj.stream = [_rgb_black_to_k(chunk) for chunk in obj.stream]
            if not self.links and isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page":
                obj.pop("Annots", None)  # print files carry no links
            if self.identifier and isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
                obj.stream = [_fixed_document_id(bytes(chunk) if not isinstance(chunk, str) else chunk.encode(),
                                                 self.identifier) for chunk in obj.stream]
        if "StructTreeRoot" in pdf.catalog:
            _finish_tags(pdf)
        if self.first_label is not None:
            start = pydyf.Dictionary({"S": "/D", "St": self.first_label})
            pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, start])})


RGB_BLACK = re.compile(rb"(?m)^0 0 0 (rg|RG)$")


def _rgb_black_to_k(chunk):
    """WeasyPrint draws crop marks in RGB black: print them in black ink alone."""
    if isinstance(chunk, str):
        chunk = chunk.encode()
    if not isinstance(chunk, bytes):
        return chunk
    return RGB_BLACK.sub(lambda m: b"0 0 0 1 k" if m[1] == b"rg" else b"0 0 0 1 K", chunk)


def _fixed_document_id(xmp: bytes, identifier: bytes) -> bytes:
    """WeasyPrint writes a random xmpMM:DocumentID for PDF/X-4: make it follow the identifier."""
    uid = uuid.UUID(bytes=hashlib.sha256(identifier).digest()[:16])
    return re.sub(rb"xmp\.did:[0-9a-f-]{36}", b"xmp.did:" + str(uid).encode(), xmp)


PX_TO_PT = 0.75
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HYPHENS = ("\u2010", "-", "\u00ad")  # hyphenate-character, hyphen-minus, soft hyphen


def lines_of(pages, elements: list) -> list[Line]:
    """Every line box inside an article, as a `Line` record (lengths in points from the page's top left)."""
    index = {id(element): number for number, element in enumerate(elements)}
    walk = _Walk(index)
    for number, page in enumerate(pages, 1):
        walk.page(page._page_box, number)
    return walk.lines


class _Walk:
    """Down the laid-out box tree, keeping the article, paragraph and column each line is in."""

    def __init__(self, index: dict[int, int]):
        self.index, self.lines, self.spaces = index, [], {}

    def page(self, page_box, number: int) -> None:
        for child in page_box.children:
            if not isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
                self.box(child, number, column=1, article=None)

    def box(self, box, page: int, column: int, article: str | None) -> None:
        if box.element_tag == "article" and box.element is not None:
            article = box.element.get("id")
        if isinstance(box, boxes.LineBox):
            if article is not None:
                self.lines.append(self.line(box, page, column, article))
            return
        columns = box.style["column_count"] != "auto" and isinstance(box, boxes.BlockBox)
        for number, child in enumerate(getattr(box, "children", ()), 1):
            if isinstance(child, boxes.Box) and not isinstance(child, boxes.FootnoteAreaBox):
                self.box(child, page, number if columns else column, article)

    def line(self, box, page: int, column: int, article: str) -> Line:
        texts = list(_texts(box))
        text = "".join(t.text for t in texts)
        spacing = max((t.justification_spacing for t in texts), default=0)
        heading = box.element_tag in HEADINGS  # a heading's line is kept whole: build.json names headings
        return Line(page=page, column=column, article=article, paragraph=self.index.get(id(box.element), -1),
                    x=box.position_x * PX_TO_PT, y=box.position_y * PX_TO_PT,
                    width=box.width * PX_TO_PT, height=box.height * PX_TO_PT,
                    words=" ".join(text.replace("\u00ad", "").split()[:None if heading else 4]), heading=heading,
                    justified=box.style["text_align_all"] == "justify", stretch=self.stretch(box.style, spacing),
                    hyphen=text.rstrip().endswith(HYPHENS) and bool(text.strip()))

    def stretch(self, style, spacing: float) -> float:
        """A word space on this line over the font's normal space (1.0: as the font made it)."""
        normal, extra = self.space(style)
        return round((normal + extra + spacing) / normal, 3) if normal else 1.0

    def space(self, style) -> tuple[float, float]:
        """The font's space, and what word- and letter-spacing add to it, in CSS px."""
        letter = style["letter_spacing"] if style["letter_spacing"] != "normal" else 0
        key = (style["font_family"], style["font_size"], style["font_weight"], style["font_style"],
               style["font_stretch"], style["lang"], style["word_spacing"], letter)
        if key not in self.spaces:  # measured as set: with the word- and letter-spacing
            layout = create_layout(" ", style, None, None, 0)
            self.spaces[key] = line_size(layout.get_first_line()[0], style)[0] - letter
        return self.spaces[key] - style["word_spacing"] - letter, style["word_spacing"] + letter


def _texts(box):
    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _texts(child)


# --- font subsetting: one C type per array, not one per length ---

class _OpenArrays:
    """WeasyPrint's cffi, asked for arrays by their open type (`hb_codepoint_t[]`) rather than with their length.

    WeasyPrint 70 subsets each font with arrays typed `hb_codepoint_t[<n>]`, a
    new type for each n, and cffi parses every new type with pycparser: about
    8 ms each, three per font per PDF, some 170 of them in a 200-page build's
    article PDFs. An open array of the same items holds the same values.
    """

    def __init__(self, ffi):
        self._ffi = ffi

    def new(self, ctype: str, init=None):
        if isinstance(init, (list, tuple)):
            ctype = re.sub(r"\[\d+\]$", "[]", ctype)
        return self._ffi.new(ctype, init)

    def __getattr__(self, name):
        return getattr(self._ffi, name)


weasyprint.pdf.fonts.ffi = _OpenArrays(weasyprint.pdf.fonts.ffi)


# --- a kept page drawn once: written again, its drawing is replayed ---

class _Remembered:
    """What one writing of a watched renderer's layouts made that its next writing is likely to make again:
    compressed stream bodies and pictures' PNG data, by a digest of the bytes they were made from. What a
    writing did not ask for is forgotten after the next."""

    def __init__(self):
        self.last: dict = {}
        self.now: dict = {}

    def get(self, key, make):
        if key not in self.now:
            self.now[key] = self.last[key] if key in self.last else make()
        return self.now[key]

    def turn(self) -> None:
        self.last, self.now = self.now, {}


_KEEPING = contextvars.ContextVar("keeping", default=None)  # a watched renderer's _Remembered while it writes


DEFLATE_LEVEL = 6  # zlib's own default; pydyf asks for 9


class _Deflate:
    """zlib as pydyf sees it. It compresses at level 6, not pydyf's 9: a 200-page reader edition's streams in
    0.25 s, not 0.75 s, its file 1.5 % larger. A stream body compressed by a watched renderer's last writing is
    not compressed again."""

    def compressobj(self, level=-1):
        return _Deflater(min(level, DEFLATE_LEVEL) if level >= 0 else level, _KEEPING.get())

    def __getattr__(self, name):
        return getattr(zlib, name)


class _Deflater:
    def __init__(self, level: int, remembered: _Remembered | None):
        self.level, self.remembered, self.parts = level, remembered, []

    def compress(self, data: bytes) -> bytes:
        self.parts.append(data)
        return b""

    def flush(self) -> bytes:
        data = b"".join(self.parts)
        if self.remembered is None:
            return self._deflated(data)
        key = ("deflated", self.level, hashlib.sha256(data).digest())
        return self.remembered.get(key, lambda: self._deflated(data))

    def _deflated(self, data: bytes) -> bytes:
        compressor = zlib.compressobj(self.level)
        return compressor.compress(data) + compressor.flush()


pydyf.zlib = _Deflate()

_weasyprint_png = weasyprint.images.RasterImage._get_png_data


def _png(pillow_image) -> bytes:
    """A picture's pixels as PNG data for its PDF image stream: a PNG file's own, when the stream can carry them as
    they are; else as WeasyPrint encodes them for each PDF, remembered by a watched renderer."""
    own = _png_pixels(pillow_image)
    if own is not None:
        return own
    remembered = _KEEPING.get()
    if remembered is None:
        return _weasyprint_png(pillow_image)
    key = ("png", pillow_image.mode, pillow_image.size, hashlib.sha256(pillow_image.tobytes()).digest())
    return remembered.get(key, lambda: _weasyprint_png(pillow_image))


weasyprint.images.RasterImage._get_png_data = staticmethod(_png)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_AS_IS = {0: "L", 2: "RGB"}  # colour types whose 8-bit samples WeasyPrint's stream declares as they are


def _png_pixels(pillow_image) -> bytes | None:
    """The compressed pixels (the IDAT chunks) of a PNG file Pillow has opened, not yet decoded, when a PDF image
    stream takes them as they are: 8 bits a sample, gray or RGB, not interlaced, as WeasyPrint declares the
    stream (Flate, PNG predictors, its mode's colours). WeasyPrint decoded and encoded them again at every
    writing. Anything else, or a file cut short, is left to it."""
    source = getattr(pillow_image, "fp", None)
    if pillow_image.format != "PNG" or not isinstance(source, io.BytesIO):
        return None
    data, at, pixels = source.getvalue(), len(PNG_SIGNATURE), []
    if not data.startswith(PNG_SIGNATURE):
        return None
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if len(body) != length:
            return None
        if kind == b"IHDR":
            depth, colour, _, _, interlace = struct.unpack(">BBBBB", body[8:13])
            if depth != 8 or PNG_AS_IS.get(colour) != pillow_image.mode or interlace:
                return None
        elif kind == b"IDAT":
            pixels.append(body)
        elif kind == b"IEND":
            return b"".join(pixels) or None
        at += length + 12  # length, type, data, CRC
    return None


class _Glyphs(dict):
    """A font's glyph widths or texts as the page being drawn sees them: only what it used itself, so every glyph
    it draws is noted. What it adds goes into the font's own map too, where the first page to add a glyph wins."""

    def __init__(self, shared: dict):
        super().__init__()
        self.shared = shared

    def __setitem__(self, glyph, value):
        super().__setitem__(glyph, value)
        self.shared.setdefault(glyph, value)


class _Touched(pydyf.Dictionary):
    """A copy of the page's graphics states that notes each name the drawing asks for or sets, in order."""

    def __init__(self, items):
        super().__init__(items)
        self.touched: list = []

    def __contains__(self, name):
        self.touched.append(name)
        return super().__contains__(name)

    def __setitem__(self, name, value):
        self.touched.append(name)
        super().__setitem__(name, value)


@dataclass
class _Drawing:
    """All that drawing one page put into its PDF: its content operators, and what it added to the document's
    shared fonts (with each glyph's width and text), pictures, graphics states and tags."""

    operators: list
    fonts: list      # (pango font, [(glyph, width)], [(glyph, text)]) in the order the page used them
    images: list     # stream.add_image's arguments, in order
    states: list     # (name, graphics state) in the order the page used them
    tags: dict | None

    def replay(self, stream) -> None:
        stream.stream.extend(self.operators)
        for pango_font, widths, texts in self.fonts:
            font, _ = stream.add_font(pango_font)
            for glyph, width in widths:
                font.widths.setdefault(glyph, width)
            for glyph, text in texts:
                font.to_unicode.setdefault(glyph, text)
        for image in self.images:
            stream.add_image(*image)
        shared = stream._resources["ExtGState"]
        for name, state in self.states:
            shared.setdefault(name, state)
        if self.tags is not None:
            stream._tags.update({box: dict(mark) for box, mark in self.tags.items()})


_weasyprint_paint = weasyprint.document.Page.paint


def _paint(page, stream, scale=1) -> None:
    """WeasyPrint 70 draws every page again each time a document is written: about 12 ms a page, half of
    writing a PDF. A page of a kept layout (watch's renderers keep the parts an edit did not touch) is drawn
    once; written again, its drawing is replayed, to the same bytes. A page whose drawing is numbered by the
    document (transparency groups, patterns, shadings, blend modes), made a glyph up or logged a warning is
    drawn afresh every time."""
    kept = getattr(page, "_drawings", {}).get((scale, stream._tags is not None))
    if kept is not None:
        kept.replay(stream)
    elif _KEEPING.get() is not None:
        drawing = _recorded(page, stream, scale)
        if drawing is not None:
            page.__dict__.setdefault("_drawings", {})[(scale, stream._tags is not None)] = drawing
    else:
        _weasyprint_paint(page, stream, scale)


def _recorded(page, stream, scale) -> _Drawing | None:
    """`page` drawn into `stream` as WeasyPrint draws it, noting what the drawing used; None if it cannot be
    replayed."""
    start, shared = len(stream.stream), stream._resources
    before = {name: set(shared[name]) for name in ("XObject", "Pattern", "Shading")}
    states = _Touched(shared["ExtGState"])
    fonts: dict = {}  # Font -> (pango font, its own widths, texts and missing glyphs)
    images: list = []
    add_font, add_image = stream.add_font, stream.add_image

    def font_added(pango_font):
        font, size = add_font(pango_font)
        if font not in fonts:
            fonts[font] = (pango_font, font.widths, font.to_unicode, len(font.missing))
            font.widths, font.to_unicode = _Glyphs(font.widths), _Glyphs(font.to_unicode)
        return font, size

    def image_added(*image):
        images.append(image)
        return add_image(*image)

    stream.add_font, stream.add_image = font_added, image_added
    stream._resources = pydyf.Dictionary({**shared, "ExtGState": states})
    try:
        with _collected() as messages:
            _weasyprint_paint(page, stream, scale)
    finally:
        del stream.add_font, stream.add_image
        stream._resources = shared
        for name, state in states.items():
            shared["ExtGState"].setdefault(name, state)
        used = [(pango_font, font.widths, font.to_unicode, missing != len(font.missing))
                for font, (pango_font, *_, missing) in fonts.items()]
        for font, (_, widths, texts, _) in fonts.items():
            font.widths, font.to_unicode = widths, texts
    named = [str(name) for kind, names in before.items() for name in shared[kind].keys() - names]
    numbered = any(not name.startswith("i") for name in named) or any(  # i<picture>: named by its picture
        not str(name).startswith(("a", "A")) for name in states.touched)  # a0.5: named by its opacity
    if numbered or messages or any(made_up for *_, made_up in used):
        return None
    return _Drawing(stream.stream[start:], [(pango_font, list(widths.items()), list(texts.items()))
                                            for pango_font, widths, texts, _ in used],
                    images, [(name, shared["ExtGState"][name]) for name in dict.fromkeys(states.touched)],
                    {box: dict(mark) for box, mark in stream._tags.items()} if stream._tags is not None else None)


weasyprint.document.Page.paint = _paint


# --- page references: built once per page added, not once per structure element ---

_pydyf_page_references = pydyf.PDF.page_references


def _page_references(pdf: pydyf.PDF) -> tuple:
    """pydyf builds the tuple of every page's reference each time it is asked, and WeasyPrint's tagging asks once
    per structure element: 12,000 times, 0.65 s, in a 200-page reader edition. The same tuple, until a page is
    added."""
    kids = pdf.pages["Kids"]
    known = pdf.__dict__.get("_page_references")
    if known is None or known[0] != len(kids):
        known = pdf._page_references = (len(kids), _pydyf_page_references.fget(pdf))
    return known[1]


pydyf.PDF.page_references = property(_page_references)


# --- tagged PDF (PDF/UA): what WeasyPrint 70 leaves to do ---

_weasyprint_box_tree = weasyprint.pdf.tags._build_box_tree


def _box_tree(box, *args):
    """WeasyPrint's structure elements, with each element's own language and footnotes as notes.

    WeasyPrint writes only the document's language and tags a footnote as a
    Span; it builds the tree by calling this function's name in its module,
    so wrapping it reaches every element.
    """
    for element in _weasyprint_box_tree(box, *args):
        _annotate(getattr(box, "_box", box), element)
        yield element


def _annotate(box, element) -> None:
    source = getattr(box, "element", None)
    if source is None or getattr(box, "element_tag", None) in ("html", "body"):
        return
    if element["S"] == "/Span" and "footnote" in (source.get("class") or "").split():
        element["S"] = "/Note"
        element["ID"] = pydyf.String(f"note-{element.number}")  # PDF/UA: every Note has an ID
    if source.get("lang") and "Lang" not in element:
        element["Lang"] = pydyf.String(source.get("lang"))


weasyprint.pdf.tags._build_box_tree = _box_tree


def _finish_tags(pdf: pydyf.PDF) -> None:
    """Running heads and folios marked as artifacts; a link's inner spans tagged as the link."""
    objects = pdf.objects
    root = objects[_number(pdf.catalog["StructTreeRoot"])]
    reached = _reachable(objects, _number(root["K"][0]))
    nums = objects[_number(root["ParentTree"])]["Nums"]
    pages = [page for page in objects if isinstance(page, pydyf.Dictionary) and page.get("Type") == "/Page"]
    for index, page in enumerate(pages):
        marks = nums[2 * index + 1]
        loose = {mcid for mcid, element in enumerate(marks) if _number(element) not in reached}
        for mcid in loose:
            marks[mcid] = "null"
        _mark_artifacts(objects[_number(page["Contents"])], loose)
    for number in reached:
        _tag_links(objects, objects[number])


def _number(reference) -> int:
    return int(bytes(reference).split()[0]) if not isinstance(reference, int) else reference


def _reachable(objects, first: int) -> set[int]:
    """The structure elements reached from the Document element through their kids."""
    seen, todo = set(), [first]
    while todo:
        number = todo.pop()
        element = objects[number]
        if number in seen or element.get("Type") != "/StructElem":
            continue
        seen.add(number)
        todo += [_number(kid) for kid in element["K"] if not isinstance(kid, int)]
    return seen


def _mark_artifacts(stream: pydyf.Stream, mcids: set[int]) -> None:
    """`/Tag <</MCID n>> BDC` of marks in no structure element becomes `/Artifact BMC`."""
    chunks = stream.stream
    for i, chunk in enumerate(chunks):
        if isinstance(chunk, pydyf.Dictionary) and chunk.get("MCID") in mcids and chunks[i + 1] == b"BDC":
            chunks[i - 1], chunks[i], chunks[i + 1] = "/Artifact", b"", b"BMC"


def _tag_links(objects, element) -> None:
    """An element holding a link annotation is a Link (WeasyPrint tags a link's inner span as a Span)."""
    for kid in element["K"]:
        if isinstance(kid, int):
            continue
        target = objects[_number(kid)]
        if target.get("Type") == "/OBJR" and objects[_number(target["Obj"])].get("Subtype") == "/Link":
            element["S"] = "/Link"
