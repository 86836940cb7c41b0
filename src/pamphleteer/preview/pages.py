"""Turn a PDF's pages into PNG files named by their content, rendering only the pages that changed.

`render_pages()` is the one way in: the build that made the PDF may say
which pages changed (`changed=`); otherwise each page's fingerprint is
compared with the pages rendered before, and only pages drawn differently
are handed to poppler's pdftoppm (`raster.rasterise`), in up to `jobs`
processes at once. A PNG's name is the digest of its bytes, so a page that
looks the same keeps its name and a browser keeps its copy.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from pamphleteer.preview.fingerprints import fingerprints, page_count
from pamphleteer.raster import page_number, rasterise

DPI = 96  # one PNG pixel to one CSS pixel at 100 % zoom


@dataclass(frozen=True)
class Page:
    number: int                # 1-based
    png: str                   # the file's name in the folder: <first 16 hex digits of its sha256>.png
    size: tuple[int, int]      # pixels
    source: str | None = None  # the fingerprint of the PDF page it shows, when known


def render_pages(pdf: Path, folder: Path, *, previous: Sequence[Page] = (), changed: Iterable[int] | None = None,
                 dpi: int = DPI, jobs: int | None = None) -> list[Page]:
    """Every page of `pdf` as a `Page` whose PNG is in `folder`; pages not changed since `previous` are reused.

    `changed` names the 1-based pages that differ from `previous` page for page;
    without it, pages are matched to `previous` by fingerprint.
    """
    if changed is None:
        sources: list[str | None] = list(fingerprints(pdf))
        kept = {page.source: page for page in previous if page.source}
        reused = {n: kept[source] for n, source in enumerate(sources, start=1) if source in kept}
    else:  # the build knows: no fingerprints needed
        sources, changed = [None] * page_count(pdf), set(changed)
        reused = {page.number: page for page in previous[:len(sources)] if page.number not in changed}
    fresh = _render(pdf, folder, [n for n in range(1, len(sources) + 1) if n not in reused], dpi, jobs)
    return [_page(n, reused.get(n) or fresh[n], sources[n - 1]) for n in range(1, len(sources) + 1)]


def render_draft(draft: Path, numbers: Sequence[int], count: int, folder: Path, *, previous: Sequence[Page],
                 dpi: int = DPI, jobs: int | None = None) -> list[Page]:
    """The `count` pages of a document whose `draft` holds only the pages `numbers` (in that order), the others
    as they were in `previous` (which must have them)."""
    fresh = _render(draft, folder, list(range(1, len(numbers) + 1)), dpi, jobs)
    drawn = {number: fresh[place] for place, number in enumerate(numbers, start=1)}
    return [_page(n, drawn[n], None) if n in drawn else previous[n - 1] for n in range(1, count + 1)]


def changed_pages(pages: Sequence[Page], before: Sequence[Page]) -> list[int]:
    """The page numbers whose PNG differs from the page with that number `before` (new pages included)."""
    return [page.number for page in pages if page.number > len(before) or before[page.number - 1].png != page.png]


def _page(number: int, page: Page, source: str | None) -> Page:
    return Page(number=number, png=page.png, size=page.size, source=source)


def _render(pdf: Path, folder: Path, numbers: list[int], dpi: int, jobs: int | None) -> dict[int, Page]:
    """Render `numbers` into `folder`, a run of consecutive pages per pdftoppm, `jobs` of them at once."""
    if not numbers:
        return {}
    jobs = jobs or os.cpu_count() or 1
    runs = _runs(numbers, longest=-(-len(numbers) // jobs))
    scratch = Path(tempfile.mkdtemp(prefix=".render-", dir=folder))
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            made = pool.map(lambda run: rasterise(pdf, scratch, f"r{run[0]}", dpi, first=run[0], last=run[-1]), runs)
            return {page_number(png): _keep(png, folder) for pngs in made for png in pngs}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _runs(numbers: list[int], *, longest: int) -> list[list[int]]:
    """Consecutive page numbers grouped, no group longer than `longest`: [1, 2, 3, 7] -> [[1, 2], [3], [7]] at 2."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and runs[-1][-1] == number - 1 and len(runs[-1]) < longest:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _keep(png: Path, folder: Path) -> Page:
    """Move a rendered PNG into `folder` under the name of its digest."""
    data = png.read_bytes()
    name = hashlib.sha256(data).hexdigest()[:16] + ".png"
    with Image.open(png) as image:
        size = image.size
    os.replace(png, folder / name)
    return Page(number=page_number(png), png=name, size=size)
