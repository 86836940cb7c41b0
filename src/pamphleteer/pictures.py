"""Turn the issue's picture files into what each edition needs (Pillow, littleCMS).

Print: converted to the output profile's CMYK (`cmyk`), or to gray
(`grayscale`), or left as they are (`rgb`). Reader: pictures finer than
screens need are downsampled. The renderer's fetcher calls `Converter`
for every picture it serves, so the issue's files themselves never change.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, UnidentifiedImageError

from pamphleteer.errors import UserError

PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".webp"}


@dataclass(frozen=True)
class Converter:
    """What to do to each picture: `colour` is rgb, cmyk or grayscale; `max_pixels` caps the longer side."""

    colour: str = "rgb"
    profile: Path | None = None
    max_pixels: int | None = None

    def wants(self, path: Path) -> bool:
        return path.suffix.lower() in PICTURE_SUFFIXES and (self.colour != "rgb" or self.max_pixels is not None)

    def __call__(self, path: Path, data: bytes) -> tuple[bytes, str]:
        """The picture's new bytes and their MIME type."""
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (OSError, Image.DecompressionBombError) as error:
            raise UserError(f"not a picture Pillow can read: {error}", path) from None
        if self.max_pixels and max(image.size) > self.max_pixels:
            image.thumbnail((self.max_pixels, self.max_pixels), Image.Resampling.LANCZOS)
        elif self.colour == "rgb":
            return data, Image.MIME.get(image.format, "application/octet-stream")
        if self.colour == "grayscale":
            return _png(_flatten(image).convert("L")), "image/png"
        if self.colour == "cmyk":
            return _jpeg(to_cmyk(_flatten(image), self.profile)), "image/jpeg"
        return _png(image), "image/png"


def fault(path: Path) -> str | None:
    """What is wrong with a picture file: None, "not a picture", or what Pillow found damaged."""
    try:
        with Image.open(path) as image:
            image.verify()
    except UnidentifiedImageError:
        return "not a picture"
    except (OSError, SyntaxError, ValueError) as error:
        return str(error)
    return None


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
