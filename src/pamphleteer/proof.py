"""Turn built PDFs into PNG proofs an editor can look at.

Pages are rasterised by poppler's `pdftoppm` (a well-kept renderer); this
module only arranges them: every page as PNG, a contact sheet of all pages
as facing spreads, and the booklet's sheet sides.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from pamphleteer.errors import UserError

GAP, MARGIN, SPREADS_PER_ROW = 12, 24, 4


def rasterise(pdf: Path, folder: Path, prefix: str, dpi: int) -> list[Path]:
    """Each page of `pdf` as `folder/prefix-N.png`, in page order."""
    if not shutil.which("pdftoppm"):
        raise UserError("pdftoppm (poppler-utils) is needed for proofs: run make setup")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / prefix)], check=True)
    return sorted(folder.glob(f"{prefix}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def spreads(count: int) -> list[tuple[int | None, int | None]]:
    """Facing pages as a reader sees them: 1 alone on the right, then 2|3, 4|5 ... (1-based)."""
    pairs: list[tuple[int | None, int | None]] = [(None, 1)] if count else []
    for left in range(2, count + 1, 2):
        pairs.append((left, left + 1 if left + 1 <= count else None))
    return pairs


def contact_sheet(pages: list[Path], output: Path) -> Path:
    """All pages as facing spreads in one PNG, numbered."""
    images = [Image.open(p).convert("RGB") for p in pages]
    width, height = images[0].size
    pairs = spreads(len(images))
    rows = (len(pairs) + SPREADS_PER_ROW - 1) // SPREADS_PER_ROW
    cell_w, cell_h = 2 * width + GAP, height + 20
    sheet = Image.new("RGB", (MARGIN * 2 + SPREADS_PER_ROW * cell_w - GAP, MARGIN * 2 + rows * (cell_h + GAP)),
                      (150, 150, 150))
    draw = ImageDraw.Draw(sheet)
    for index, pair in enumerate(pairs):
        x = MARGIN + (index % SPREADS_PER_ROW) * (cell_w + GAP // 2)
        y = MARGIN + (index // SPREADS_PER_ROW) * (cell_h + GAP)
        for side, number in enumerate(pair):
            if number is not None:
                sheet.paste(images[number - 1], (x + side * width, y))
                draw.text((x + side * width + width // 2 - 6, y + height + 4), str(number), fill=(0, 0, 0))
    sheet.save(output, optimize=True)
    return output


def make_proofs(reader: Path, booklet: Path, folder: Path, *, dpi: int = 60) -> dict:
    """The proof folder: pages, contact sheet, booklet sheet sides. Returns what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as staging:
        staging = Path(staging)
        pages = rasterise(reader, staging, "page", dpi)
        sheets = rasterise(booklet, staging, "sheet", dpi)
        contact_sheet(pages, staging / "contact-sheet.png")
        for path in sorted(folder.glob("*.png")):
            path.unlink()
        for path in staging.iterdir():
            path.replace(folder / path.name)
    return {"pages": len(pages), "sheet_sides": len(sheets), "folder": str(folder)}
