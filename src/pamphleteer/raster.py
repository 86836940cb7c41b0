"""Turn a PDF's pages into PNG files with poppler's `pdftoppm` (a well-kept renderer).

Used by the proofs (`proof.py`) and the live preview (`preview/pages.py`),
both through `preview.pages.render_pages`, which renders only the pages that
changed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

from pamphleteer.errors import UserError

PNG_LEVEL = 3  # zlib level: as small as pdftoppm's PNGs of these pages, a fraction of the time


def rasterise(pdf: Path, folder: Path, prefix: str, dpi: int, *, first: int | None = None,
              last: int | None = None) -> list[Path]:
    """Each page of `pdf` (or pages `first` to `last`, 1-based) as `folder/prefix-N.png`, in page order.

    pdftoppm writes raw pixels (PPM); Pillow makes the PNGs."""
    if not shutil.which("pdftoppm"):
        raise UserError("pdftoppm (poppler-utils) is needed for proofs: run make setup")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    subprocess.run(["pdftoppm", "-r", str(dpi), *pages, str(pdf), str(folder / prefix)], check=True)
    pngs = []
    for ppm in sorted(folder.glob(f"{prefix}-*.ppm"), key=page_number):
        with Image.open(ppm) as image:  # pdftoppm's own PNG encoder takes five times as long as Pillow's
            image.save(ppm.with_suffix(".png"), compress_level=PNG_LEVEL, dpi=(dpi, dpi))
        ppm.unlink()
        pngs.append(ppm.with_suffix(".png"))
    return pngs


def page_number(png: Path) -> int:
    """The page number pdftoppm wrote into a file's name (`prefix-07.png` is page 7)."""
    return int(png.stem.rsplit("-", 1)[1])
