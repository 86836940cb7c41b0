"""Golden pages of the demo issue: each page's text and a small grayscale picture of it.

Not tests themselves: read by tests/test_golden.py, written by `make golden`
(scripts/golden.py). Text comes from poppler's `pdftotext`, pictures from
`pdftoppm`, so the references do not depend on the PDF library under test.

Pictures are 30 ppi, 16 gray levels, stored as 4-bit PNG (about 3 KB a
page). A page differs when more than PAGE_PIXELS of its pixels differ by more
than PIXEL_LEVELS levels: anti-aliasing that changes with the version of
poppler, cairo or FreeType moves a pixel by a level or two; a line that
reflows, a word that changes or a picture that moves changes dozens of
pixels by most of the range (see the README's testing part for the figures).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = ROOT / "tests" / "golden" / "47"
EDITIONS = {"reader": "lantern-47.pdf", "print": "lantern-47-print.pdf"}
DPI = 30
LEVELS = 16
PIXEL_LEVELS = 3          # of 15: a pixel differs when it moves by more than this (51 of 255)
PAGE_PIXELS = 12          # a page differs when more than this many pixels differ
PAGE_HEADER = "=== page {} ==="


def page_texts(pdf: Path) -> list[str]:
    """The text of each page as pdftotext reads it, trailing spaces removed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    pages = out.split("\f")[:-1]  # pdftotext ends every page with a form feed
    return ["\n".join(line.rstrip() for line in page.strip("\n").splitlines()) for page in pages]


def page_pictures(pdf: Path) -> list[Image.Image]:
    """Every page at DPI, quantised to LEVELS gray levels (values 0 … LEVELS − 1)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), f"{folder}/p"], check=True)
        files = sorted(Path(folder).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        return [_quantise(Image.open(f)) for f in files]


def _quantise(picture: Image.Image) -> Image.Image:
    step = 255 / (LEVELS - 1)
    return picture.convert("L").point(lambda v: round(v / step))


def read_texts(edition: str) -> list[str]:
    return _split_pages((REFERENCES / f"{edition}.txt").read_text(encoding="utf-8"))


def _split_pages(text: str) -> list[str]:
    pages, current = [], None
    for line in text.split("\n"):
        if line.startswith("=== page ") and line.endswith(" ==="):
            if current is not None:
                pages.append("\n".join(current).strip("\n"))
            current = []
        elif current is not None:
            current.append(line)
    if current is not None:
        pages.append("\n".join(current).strip("\n"))
    return pages


def read_pictures(edition: str) -> list[Image.Image]:
    files = sorted(REFERENCES.glob(f"{edition}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [_levels(Image.open(f)) for f in files]


def _levels(stored: Image.Image) -> Image.Image:
    """A stored 4-bit palette PNG back to one level (0 … LEVELS − 1) per pixel, whatever its palette order."""
    return _quantise(stored)


def different_pixels(found: Image.Image, expected: Image.Image) -> int:
    """Pixels that differ by more than PIXEL_LEVELS; every pixel when the sizes differ."""
    if found.size != expected.size:
        return max(found.width * found.height, expected.width * expected.height)
    diff = ImageChops.difference(found, expected)
    return sum(diff.histogram()[PIXEL_LEVELS + 1:])


def write_references(folder: Path) -> list[Path]:
    """Write the texts and pictures of the built PDFs in `folder` as the new references."""
    REFERENCES.mkdir(parents=True, exist_ok=True)
    for old in REFERENCES.glob("*"):
        old.unlink()
    written = []
    for edition, name in EDITIONS.items():
        texts = page_texts(folder / name)
        path = REFERENCES / f"{edition}.txt"
        path.write_text("".join(f"{PAGE_HEADER.format(n)}\n{t}\n" for n, t in enumerate(texts, 1)),
                        encoding="utf-8")
        written.append(path)
        for number, picture in enumerate(page_pictures(folder / name), 1):
            written.append(save_picture(picture, REFERENCES / f"{edition}-{number:02d}.png"))
    return written


def save_picture(levels: Image.Image, path: Path) -> Path:
    stored = Image.frombytes("P", levels.size, levels.tobytes())
    stored.putpalette([round(i * 255 / (LEVELS - 1)) for i in range(LEVELS) for _ in range(3)])
    stored.save(path, "PNG", bits=4, optimize=True)
    return path
