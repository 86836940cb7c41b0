"""Turn the issue's HTML document into PDF bytes with WeasyPrint.

The only module that imports WeasyPrint. Its fetcher serves regular files
inside the allowed folders (the issue folder, templates, styles) and small
`data:` URLs, nothing else: no network, no file outside, no device files.
WeasyPrint's log is gathered as build warnings.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from pamphleteer.errors import UserError

DATA_URL_LIMIT = 1 << 20
FILE_LIMIT = 64 << 20


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    anchors: dict[str, int]          # element id -> 1-based page where it stands
    page_labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class FolderFetcher(URLFetcher):
    """Serve only regular files under `roots`, and small data: URLs."""

    def __init__(self, roots: list[Path], convert=None):
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = [root.resolve() for root in roots]
        self.convert = convert  # a pictures.Converter, or None to serve files as they are

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
        if self.convert is None or not self.convert.wants(path):
            return URLFetcherResponse(path.as_uri(), data, {"Content-Type": kind})
        try:
            data, kind = self.convert(path, data)
        except UserError as error:
            raise FatalURLFetchingError(str(error)) from None
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

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    def first_page_named(self, names: tuple[str, ...]) -> int | None:
        """The index of the first page of one of the named page types (CSS `page: back`)."""
        for index, page in enumerate(self.document.pages):
            if page._page_box.page_type.name in names:  # WeasyPrint keeps the page type on the page box only
                return index
        return None


def lay_out(html: str, *, base: Path, roots: list[Path], stylesheets: list[Path], extra_css: str,
            cmyk_profile: Path | None = None, convert=None) -> Layout:
    """Lay `html` out in pages.

    `cmyk_profile` is the OutputIntent of a PDF/X edition; `convert` (a
    pictures.Converter) turns each picture into what the edition needs.
    """
    if cmyk_profile is not None:
        if not cmyk_profile.is_file():
            raise UserError("the CMYK output profile does not exist (print: profile in journal.yaml, "
                            "or ghostscript's default_cmyk.icc from make setup)", cmyk_profile)
        extra_css += (f"@color-profile device-cmyk {{ src: url({cmyk_profile.resolve().as_uri()}); "
                      "components: c, m, y, k; }\n")
        roots = [*roots, cmyk_profile]
    fetcher = FolderFetcher(roots, convert)
    with _collected() as messages:
        profiles: dict = {}  # filled by @color-profile rules, shared with the document
        css = [weasyprint.CSS(string=extra_css, url_fetcher=fetcher, color_profiles=profiles)]
        css += [weasyprint.CSS(filename=str(path), url_fetcher=fetcher, color_profiles=profiles)
                for path in stylesheets]
        document = weasyprint.HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render(
            stylesheets=css, color_profiles=profiles)
    failed = [m for m in messages if m.startswith("Failed to load image")]
    if failed:
        raise UserError("a picture could not be placed: " + "; ".join(failed))
    return Layout(document, messages)


def splice(layout: Layout, at: int, tail: Layout, skip: int = 0) -> Layout:
    """The pages of `layout` before index `at`, then those of `tail` after its first `skip`: one document."""
    pages = [*layout.document.pages[:at], *tail.document.pages[skip:]]
    return Layout(layout.document.copy(pages), layout.warnings + tail.warnings)


def write(layout: Layout, *, links: bool = True, identifier: bytes | None = None, variant: str | None = None,
          black_ink: bool = False) -> Rendered:
    """The PDF of a laid-out document.

    `links=False` writes no annotations (print); `variant` is a WeasyPrint PDF
    variant such as "pdf/x-4". `identifier` makes the file ID, and the XMP
    document ID, reproducible; `black_ink` redraws WeasyPrint's RGB-black
    marks in black ink (K) alone.
    """
    finish = _Finisher(links=links, identifier=identifier, black_ink=black_ink)
    with _collected() as messages:
        pdf = layout.document.write_pdf(pdf_identifier=identifier, pdf_variant=variant, finisher=finish)
    anchors: dict[str, int] = {}
    for number, page in enumerate(layout.document.pages, 1):
        for name in page.anchors:
            anchors.setdefault(name, number)  # an element running over pages is anchored on each
    return Rendered(pdf=pdf, pages=layout.pages, anchors=anchors, warnings=layout.warnings + messages)


@contextmanager
def _collected():
    """WeasyPrint's warnings while the block runs; a fetcher's fatal refusal as a UserError."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    except FatalURLFetchingError as error:
        raise UserError(str(error)) from None
    finally:
        logger.removeHandler(handler)


class _Finisher:
    """Last touches on WeasyPrint's PDF objects before they are written."""

    def __init__(self, links: bool, identifier: bytes | None, black_ink: bool):
        self.links, self.identifier, self.black_ink = links, identifier, black_ink

    def __call__(self, document, pdf: pydyf.PDF) -> None:
        for obj in pdf.objects:
            if self.black_ink and isinstance(obj, pydyf.Stream) and obj.extra.get("Type") != "/Metadata":
                obj.stream = [_rgb_black_to_k(chunk) for chunk in obj.stream]
            if not self.links and isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page":
                obj.pop("Annots", None)  # print files carry no links
            if self.identifier and isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
                obj.stream = [_fixed_document_id(bytes(chunk) if not isinstance(chunk, str) else chunk.encode(),
                                                 self.identifier) for chunk in obj.stream]


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
