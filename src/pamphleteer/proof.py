"""Turn built PDFs into PNG proofs an editor can look at.

Pages are rasterised by poppler's `pdftoppm` (a well-kept renderer); this
module only arranges them: every page as PNG, a contact sheet of all pages
as facing spreads, and the booklet's sheet sides. Spacing findings (from
build.json) are drawn as coloured bars in the margin beside their lines, the
way a compositor's H&J highlight shows them.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from pamphleteer.errors import UserError

GAP, MARGIN, SPREADS_PER_ROW = 12, 24, 4
BAR_COLOURS = {  # spacing finding kind -> colour of its bar in the margin
    "loose": (230, 60, 40),
    "hyphen-page": (150, 40, 200),
    "hyphen-column": (200, 120, 230),
    "hyphen-ladder": (200, 120, 230),
    "stranded-heading": (30, 110, 230),
    "widow": (240, 150, 0),
    "orphan": (240, 150, 0),
    "short-page": (0, 160, 120),
}
BAR_WIDTH, BAR_GAP = 3.0, 4.0  # points: the bar's width, and its distance left of the line


def rasterise(pdf: Path, folder: Path, prefix: str, dpi: int, *, first: int | None = None,
              last: int | None = None) -> list[Path]:
    """Each page of `pdf` (or pages `first` to `last`, 1-based) as `folder/prefix-N.png`, in page order."""
    if not shutil.which("pdftoppm"):
        raise UserError("pdftoppm (poppler-utils) is needed for proofs: run make setup")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    subprocess.run(["pdftoppm", "-r", str(dpi), *pages, "-png", str(pdf), str(folder / prefix)], check=True)
    return sorted(folder.glob(f"{prefix}-*.png"), key=page_number)


def page_number(png: Path) -> int:
    """The page number pdftoppm wrote into a file's name (`prefix-07.png` is page 7)."""
    return int(png.stem.rsplit("-", 1)[1])


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


def mark_findings(pages: list[Path], findings: list[dict], dpi: int) -> None:
    """A coloured bar left of each finding's line (points from the page's top left, as in build.json)."""
    scale = dpi / 72
    for number, page in enumerate(pages, 1):
        here = [f for f in findings if f["page"] == number]
        if not here:
            continue
        image = Image.open(page).convert("RGB")
        draw = ImageDraw.Draw(image)
        for found in here:
            right = max(found["x"] - BAR_GAP, BAR_WIDTH) * scale
            draw.rectangle((right - BAR_WIDTH * scale, found["y"] * scale, right,
                            (found["y"] + found["height"]) * scale), fill=BAR_COLOURS.get(found["kind"], (255, 0, 0)))
        image.save(page)


def make_proofs(reader: Path, booklet: Path, folder: Path, *, dpi: int = 60, findings: list[dict] = ()) -> dict:
    """The proof folder: pages (with `findings` marked), contact sheet, booklet sheet sides."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as staging:
        staging = Path(staging)
        pages = rasterise(reader, staging, "page", dpi)
        mark_findings(pages, list(findings), dpi)
        sheets = rasterise(booklet, staging, "sheet", dpi)
        contact_sheet(pages, staging / "contact-sheet.png")
        for path in sorted(folder.glob("*.png")):
            path.unlink()
        for path in staging.iterdir():
            path.replace(folder / path.name)
    return {"pages": len(pages), "sheet_sides": len(sheets), "folder": str(folder), "marked": len(findings)}
