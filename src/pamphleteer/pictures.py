"""Turn the issue's picture files into what each edition needs (Pillow, littleCMS).

Print: converted to the output profile's CMYK (`cmyk`), or to gray
(`grayscale`), or left as they are (`rgb`). Reader: pictures finer than
screens need are downsampled, and palette pictures given as colours. The
renderer's fetcher calls `Converter` for every picture it serves, so the
issue's files themselves never change.

`fault()` is the one picture checker (manifest, articles, importers): a
file is a picture when Pillow decodes all of it within `MAX_PIXELS`, or
when it is an SVG drawing that refers to nothing outside its own folder.
"""

from __future__ import annotations

import hashlib
import html
import io
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError

from pamphleteer import kept
from pamphleteer.errors import UserError

PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".webp"}
MAX_PIXELS = 64_000_000  # a tabloid page at 600 ppi is 44 million; beyond, a header lies or a file is a bomb
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow warns above it and refuses above twice it
SVG_HEAD = 4096  # bytes in which an SVG drawing's <svg tag must stand
SVG_REFERENCES = re.compile(r"""(?:\bhref|\bsrc)\s*=\s*(?:"([^"]*)"|'([^']*)')|url\(\s*["']?([^"')]*)|@import\s+["']([^"']+)""",
                            re.I)


@dataclass(frozen=True)
class Converter:
    """What to do to each picture: `colour` is rgb, cmyk or grayscale; with `max_ppi`, a picture finer than
    that at the size it is set (in its box from `boxes` by file, else `box`: geometry.PAGE) is downsampled."""

    colour: str = "rgb"
    profile: Path | None = None
    max_ppi: int | None = None
    box: tuple[float, float] = (0.0, 0.0)  # points: the largest a picture not in `boxes` is set at
    boxes: tuple = ()                      # (file, (width, height) in points, whether it fills the width)

    def wants(self, path: Path) -> bool:
        return path.suffix.lower() in PICTURE_SUFFIXES and (self.colour != "rgb" or self.max_ppi is not None)

    def most_pixels(self, path: Path, size: tuple[int, int]) -> int | None:
        """The most pixels across the picture needs: `max_ppi` over the width it is set at (never under 96
        an inch, or it would be set smaller); None when it has no more than that."""
        from pamphleteer.geometry import CSS_PX, placed_size

        if not self.max_ppi:
            return None
        boxes = [(box, fill) for name, box, fill in self.boxes if name == str(path)] or [(self.box, False)]
        widest = max(placed_size(size, box, fill=fill)[0] for box, fill in boxes)  # a picture used twice: the larger
        across = math.ceil(max(self.max_ppi, CSS_PX) * widest / 72)
        step = size[0] // math.gcd(*size)  # widths whose height is whole keep the shape, and so the layout, exact
        if step <= across // 10:
            across = -(-across // step) * step
        return across if across < size[0] else None

    def __call__(self, path: Path, data: bytes) -> tuple[bytes, str]:
        """The picture's new bytes and their MIME type."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data))
                image.load()
        except (OSError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise UserError(f"not a picture Pillow can read: {error}", path) from None
        across, indexed = self.most_pixels(path, image.size), _indexed(image)
        if across:
            image = image.resize((across, max(1, round(image.size[1] * across / image.size[0]))),
                                 Image.Resampling.LANCZOS)
        elif self.colour == "rgb" and not indexed:
            return data, Image.MIME.get(image.format, "application/octet-stream")
        if self.colour == "grayscale":
            return _png(_flatten(image).convert("L")), "image/png"
        if self.colour == "cmyk":
            return _jpeg(to_cmyk(_flatten(image), self.profile)), "image/jpeg"
        return _png(_direct(image) if indexed else image), "image/png"


class Kept:
    """A `Converter` whose pictures are kept in `folder` (kept.py), one file per picture and converter, so the
    next build does not convert them again (CMYK through a profile costs about 0.07 s a picture).

    A kept picture is used only when it was made from the same bytes, by the
    same converter and profile, by this code and these engines (kept.code).
    """

    def __init__(self, convert: Converter, folder: Path):
        self.convert, self.folder = convert, folder
        profile = convert.profile.read_bytes() if convert.profile and convert.profile.is_file() else b""
        self.salt = hashlib.sha256(b"\0".join([kept.code().encode(), repr(convert).encode(), profile])).digest()

    def wants(self, path: Path) -> bool:
        return self.convert.wants(path)

    def __call__(self, path: Path, data: bytes) -> tuple[bytes, str]:
        made_from = hashlib.sha256(self.salt + str(path).encode() + b"\0" + data).hexdigest()
        file = self.folder / hashlib.sha256(repr((self.convert.colour, str(path))).encode()).hexdigest()[:24]
        found = kept.read(file, made_from)
        if found is not None:
            kind, body = found.split(b"\n", 1)
            return body, kind.decode("ascii")
        body, kind = self.convert(path, data)
        kept.write(file, made_from, kind.encode("ascii") + b"\n" + body)
        return body, kind


def fault(path: Path, data: bytes | None = None) -> str | None:
    """What is wrong with a picture file (or its `data`): None, "not a picture", or what is wrong with it."""
    if path.suffix.lower() == ".svg":
        return svg_fault(path, path.read_bytes() if data is None else data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _decode(lambda: Image.open(io.BytesIO(data) if data is not None else path))
    except UnidentifiedImageError:
        return "not a picture"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"its header claims more than {MAX_PIXELS // 1_000_000} million pixels: a damaged file, or too large "
                "to print; scale it down")
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return str(error) or type(error).__name__
    return None


def pixels(path: Path) -> tuple[int, int] | None:
    """A raster picture's (width, height) in pixels, read from its header; None for a drawing (SVG)."""
    if path.suffix.lower() == ".svg":
        return None
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, Image.DecompressionBombError):
        return None


def _decode(opened) -> None:
    """Check the file's structure, then decode every pixel: verify() reads none, so a lying header passes it."""
    with opened() as image:
        image.verify()
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False  # WeasyPrint sets it
    try:
        with opened() as image:
            try:
                image.load()
            except OSError as error:
                if "truncated" not in str(error):
                    raise
                raise OSError(f"its data ends before its {image.size[0]} × {image.size[1]} pixels do") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def svg_fault(path: Path, data: bytes) -> str | None:
    """An SVG drawing must start like one and may use only files in its own folder, fragments and data: URLs."""
    if b"<svg" not in data[:SVG_HEAD]:
        return "not a picture"
    outside = [ref for ref in svg_references(data) if _outside(ref, path.parent)]
    if outside:
        return (f"the drawing refers to {outside[0]!r}, outside the issue; only what is in the issue folder can be "
                "drawn: embed it in the SVG or remove the reference")
    return None


def check_drawing(path: Path, data: bytes | None = None) -> None:
    """An SVG drawing that refers outside the issue is refused, naming the drawing (its parts would be fetched)."""
    if path.suffix.lower() == ".svg":
        found = svg_fault(path, path.read_bytes() if data is None else data)
        if found and found != "not a picture":
            raise UserError(f"not drawn: {found}", path)


def svg_references(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace")
    return [html.unescape(next(group for group in match.groups() if group is not None)).strip()
            for match in SVG_REFERENCES.finditer(text)]


def _outside(reference: str, folder: Path) -> bool:
    if not reference or reference.startswith("#") or reference.lower().startswith("data:"):
        return False
    address = urlsplit(reference)
    if address.scheme or address.netloc or reference.startswith(("/", "\\")):
        return True
    return not (folder / unquote(address.path)).resolve().is_relative_to(folder.resolve())


def to_cmyk(image: Image.Image, profile: Path) -> Image.Image:
    """An RGB (or gray) picture in the output profile's CMYK, relative colorimetric."""
    if image.mode == "CMYK":
        return image
    source = ImageCms.createProfile("sRGB")
    try:
        return ImageCms.profileToProfile(image.convert("RGB"), source, str(profile), outputMode="CMYK",
                                         renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    except (ImageCms.PyCMSError, OSError) as error:
        raise UserError(f"cannot convert pictures with this CMYK profile: {error}", profile) from None


def _indexed(image: Image.Image) -> bool:
    """Whether a picture's pixels are not colours themselves (a palette, 1 bit, 32-bit integers, a transparent
    colour): PDF pages take them as colours, so the renderer would convert and encode them again in each process."""
    return image.mode in ("1", "P", "I") or "transparency" in image.info


def _direct(image: Image.Image) -> Image.Image:
    """The picture as colours, as WeasyPrint converts it (so the PDF is the same): RGB, or RGBA if transparent."""
    return image.convert("RGBA" if "transparency" in image.info else "RGB")


def _flatten(image: Image.Image) -> Image.Image:
    """Transparency laid on white paper; palette pictures as RGB."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return image if image.mode in ("RGB", "L", "CMYK") else image.convert("RGB")


def _png(image: Image.Image) -> bytes:
    if image.mode == "CMYK":  # PNG has no CMYK: screens get RGB
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    """CMYK travels as JPEG: the only CMYK raster WeasyPrint embeds (quality 92, no chroma subsampling)."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, subsampling=0, dpi=image.info.get("dpi", (300, 300)))
    return out.getvalue()


def thumbnail(path: Path, longest: int) -> tuple[bytes, tuple[int, int]]:
    """A small JPEG of a picture (a cover on the website's index), its longer side `longest` pixels."""
    try:
        with Image.open(path) as image:
            image = _flatten(image.convert("RGB") if image.mode == "CMYK" else image)
            image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    except (OSError, Image.DecompressionBombError) as error:
        raise UserError(f"not a picture Pillow can read: {error}", path) from None
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85, optimize=False)
    return out.getvalue(), image.size
