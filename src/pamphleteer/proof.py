"""Turn built PDFs into proofs an editor can look at: what will be printed, and what changed since the last proof.

Pages are rasterised by poppler's `pdftoppm` (a well-kept renderer), only
those whose PDF page changed since the last proof (`preview.pages`
fingerprints them); this module arranges them with Pillow:

- every page of the print edition (padding pages too), trimmed to its TrimBox:
  `page-NN.png`, with spacing findings drawn as coloured bars in the margin
  beside their lines, the way a compositor's H&J highlight shows them;
- a contact sheet of all pages as facing spreads (page 1 alone, 2|3, ..., the
  last alone), the pages whose picture changed since the last proof outlined;
- the booklet's sheet sides, `sheet-NN.png` (and the cover sheet's,
  `cover-NN.png`, when it is imposed apart), back sides that the imposition
  prints head-to-tail (for a long-edge flip of a landscape sheet) turned
  upright here, in the proof only;
- one small PDF of the spreads at screen resolution, to send to co-editors.

A PNG whose picture did not change is not written again (its mtime stays),
so a folder synchronised to co-editors sends only the pages that changed.
What the last proof rendered is kept in `.proof.json` and `.rendered/`.
"""

from __future__ import annotations

import hashlib
import io
import json
import zlib
from dataclasses import asdict
from pathlib import Path

from PIL import Image, ImageDraw


GAP, MARGIN, SPREADS_PER_ROW = 12, 24, 4
BACKGROUND = (150, 150, 150)
OUTLINE, OUTLINE_WIDTH = (255, 0, 170), 4  # a page whose picture changed since the last proof, on the contact sheet
SCREEN_DPI = 96       # the proof PDF: one pixel to a CSS pixel at 100 % zoom
PDF_COLOURS = 32      # its spreads' colours: enough for antialiased text, few enough for a small file
STATE, RENDERED = ".proof.json", ".rendered"  # what the last proof rendered, and the renders kept for the next
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


def spreads(count: int) -> list[tuple[int | None, int | None]]:
    """Facing pages as a reader sees them: 1 alone on the right, then 2|3, 4|5 ... (1-based)."""
    pairs: list[tuple[int | None, int | None]] = [(None, 1)] if count else []
    for left in range(2, count + 1, 2):
        pairs.append((left, left + 1 if left + 1 <= count else None))
    return pairs


def contact_sheet(pages: list, output: Path, *, outlined=()) -> Path:
    """All pages (files or pictures) as facing spreads in one PNG, numbered; pages in `outlined` framed in OUTLINE."""
    images = [page.convert("RGB") if isinstance(page, Image.Image) else Image.open(page).convert("RGB")
              for page in pages]
    width, height = images[0].size
    pairs = spreads(len(images))
    rows = (len(pairs) + SPREADS_PER_ROW - 1) // SPREADS_PER_ROW
    cell_w, cell_h = 2 * width + GAP, height + 20
    sheet = Image.new("RGB", (MARGIN * 2 + SPREADS_PER_ROW * cell_w - GAP, MARGIN * 2 + rows * (cell_h + GAP)),
                      BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for index, pair in enumerate(pairs):
        x = MARGIN + (index % SPREADS_PER_ROW) * (cell_w + GAP // 2)
        y = MARGIN + (index // SPREADS_PER_ROW) * (cell_h + GAP)
        for side, number in enumerate(pair):
            if number is not None:
                left = x + side * width
                sheet.paste(images[number - 1], (left, y))
                if number in outlined:
                    draw.rectangle((left, y, left + width - 1, y + height - 1), outline=OUTLINE,
                                   width=OUTLINE_WIDTH)
                draw.text((left + width // 2 - 6, y + height + 4), str(number), fill=(0, 0, 0))
    _write(output, sheet)  # not written again when nothing on it changed
    return output


def mark(image: Image.Image, findings: list[dict], dpi: int) -> Image.Image:
    """`image` (a page at `dpi`) with a bar beside each of `findings`' lines."""
    scale = dpi / 72
    draw = ImageDraw.Draw(image)
    for found in findings:
        right = max(found["x"] - BAR_GAP, BAR_WIDTH) * scale
        draw.rectangle((right - BAR_WIDTH * scale, found["y"] * scale, right,
                        (found["y"] + found["height"]) * scale), fill=BAR_COLOURS.get(found["kind"], (255, 0, 0)))
    return image


def make_proofs(pages_pdf: Path, booklet: Path | None, folder: Path, *, dpi: int = 60, findings: list[dict] = (),
                backs_turned: bool = False, pdf_name: str = "proof.pdf", cover: Path | None = None) -> dict:
    """The proof folder for `pages_pdf` (the print edition), its `booklet` and the `cover` sheet imposed apart
    (when there is one); see the module's notes.

    `findings` are marked on their pages; `backs_turned` says the booklet's back sides (its even pages) are
    printed head-to-tail. Returns what was made: counts, the pages outlined, the files written, the PDF's size.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / RENDERED).mkdir(exist_ok=True)
    before = _state(folder)
    boxes = trim_boxes(pages_pdf)
    renders = {"pages": _render(pages_pdf, folder, before, "pages", dpi),
               "screen": _render(pages_pdf, folder, before, "screen", SCREEN_DPI) if dpi != SCREEN_DPI else [],
               "sides": _render(booklet, folder, before, "sides", dpi) if booklet else [],
               "cover": _render(cover, folder, before, "cover", dpi) if cover else []}
    proofs = [mark(_trimmed(folder / RENDERED / page.png, box, dpi), [f for f in findings if f["page"] == number],
                   dpi) for number, (page, box) in enumerate(zip(renders["pages"], boxes), 1)]
    changed = _write_all(folder, "page", proofs)
    sides = {prefix: [_upright(Image.open(folder / RENDERED / side.png).convert("RGB"), number, backs_turned)
                      for number, side in enumerate(renders[name], 1)]
             for prefix, name in (("sheet", "sides"), ("cover", "cover"))}
    written = len(changed) + sum(len(_write_all(folder, prefix, images)) for prefix, images in sides.items())
    outlined = changed if before else []
    contact_sheet(proofs, folder / "contact-sheet.png", outlined=set(outlined))
    shown = renders["screen"] or renders["pages"]
    pdf, made_from = folder / pdf_name, hashlib.sha256(repr([boxes, [page.png for page in shown]]).encode()).hexdigest()
    if not (pdf.is_file() and before.get("pdf") == {"name": pdf_name, "from": made_from}):  # else it is as it was
        data = spreads_pdf([_trimmed(folder / RENDERED / page.png, box, SCREEN_DPI) for page, box in zip(shown, boxes)],
                           file_id=made_from)
        if not (pdf.is_file() and pdf.read_bytes() == data):
            _replace(pdf, data)
    _keep_state(folder, renders, pdf={"name": pdf_name, "from": made_from})
    return {"pages": len(proofs), "sheet_sides": len(sides["sheet"]), "cover_sides": len(sides["cover"]),
            "folder": str(folder), "marked": len(findings),
            "outlined": outlined, "written": written, "pdf": str(pdf), "pdf_bytes": pdf.stat().st_size}


def _render(pdf: Path, folder: Path, before: dict, name: str, dpi: int) -> list:
    """The pages of `pdf` rendered at `dpi` into the proof's renders, those whose PDF page did not change since
    the last proof (`before[name]`, at the same resolution) kept as they are: `preview.pages.Page`s."""
    from pamphleteer.preview.pages import Page, render_pages  # pypdf, for fingerprints: imported when needed

    previous = [Page(**{**page, "size": tuple(page["size"])}) for page in before.get(name, {}).get("pages", [])
                if before[name].get("dpi") == dpi and (folder / RENDERED / page["png"]).is_file()]
    rendered = render_pages(pdf, folder / RENDERED, previous=previous, dpi=dpi)
    return _Renders(rendered, dpi)


class _Renders(list):
    """Rendered pages, and the resolution they were rendered at."""

    def __init__(self, pages, dpi: int):
        super().__init__(pages)
        self.dpi = dpi


def trim_boxes(pdf: Path) -> list[tuple[float, float, float, float]]:
    """Each page's TrimBox (else its MediaBox) as left, top, right, bottom in points from the MediaBox's top left."""
    from pamphleteer.pdffile import open_pdf, page_box, reading

    opened = open_pdf(pdf)
    boxes = []
    with reading(pdf):
        for page in opened.pages:
            media = page_box(page, "/MediaBox")
            trim = page_box(page, "/TrimBox") or media
            boxes.append((trim.x0 - media.x0, media.y1 - trim.y1, trim.x1 - media.x0, media.y1 - trim.y0))
    return boxes


def spreads_pdf(pages: list[Image.Image], *, file_id: str = "") -> bytes:
    """A PDF of one page per spread as the pages face each other, each a picture at SCREEN_DPI in PDF_COLOURS
    colours (text stays sharp, unlike JPEG, and the file small); the same pages make the same bytes."""
    from pamphleteer import pdffile

    writer = pdffile.new_writer()
    digest = hashlib.sha256(file_id.encode())
    for pair in spreads(len(pages)):
        shown = [pages[n - 1] for n in pair if n is not None]
        spread = Image.new("RGB", (sum(p.width for p in shown), max(p.height for p in shown)), (255, 255, 255))
        for index, page in enumerate(shown):
            spread.paste(page, (index * shown[0].width, 0))
        indexed = spread.quantize(PDF_COLOURS, method=Image.Quantize.MEDIANCUT)
        palette = bytes(indexed.getpalette()[:3 * PDF_COLOURS])
        pixels = indexed.tobytes()
        digest.update(palette + pixels)
        lookup = pdffile.add(writer, pdffile.stream(palette, {}))
        picture = pdffile.add(writer, pdffile.stream(zlib.compress(pixels, 6), {
            "/Type": "/XObject", "/Subtype": "/Image", "/Width": spread.width, "/Height": spread.height,
            "/ColorSpace": ["/Indexed", "/DeviceRGB", len(palette) // 3 - 1, lookup], "/BitsPerComponent": 8,
            "/Filter": "/FlateDecode"}))
        width, height = (round(v * 72 / SCREEN_DPI, 2) for v in spread.size)
        page = writer.add_blank_page(width, height)
        draw = zlib.compress(f"q {width} 0 0 {height} 0 0 cm /Spread Do Q".encode())
        pdffile.put(page, {"/Contents": pdffile.add(writer, pdffile.stream(draw, {"/Filter": "/FlateDecode"})),
                           "/Resources": {"/XObject": {"/Spread": picture}}})
    return pdffile.pdf_bytes(writer, digest.digest()[:16])


def _trimmed(png: Path, box: tuple[float, float, float, float], dpi: int) -> Image.Image:
    """The page rendered at `dpi`, cut to `box` (points from its top left)."""
    scale = dpi / 72
    with Image.open(png) as image:
        return image.convert("RGB").crop(tuple(round(v * scale) for v in box))


def _upright(image: Image.Image, number: int, backs_turned: bool) -> Image.Image:
    """A booklet side as the printer sees it, a back side printed head-to-tail turned upright (sides alternate
    front, back, front ... in the booklet: even pages are backs)."""
    return image.rotate(180) if backs_turned and number % 2 == 0 else image


def _write_all(folder: Path, prefix: str, images: list[Image.Image]) -> list[int]:
    """`prefix-NN.png` for each image, written only where its bytes changed; the numbers written, in order.

    Files of the prefix beyond the new count (or numbered with another width) are removed."""
    digits = max(2, len(str(len(images))))
    names = [f"{prefix}-{number:0{digits}d}.png" for number in range(1, len(images) + 1)]
    for old in folder.glob(f"{prefix}-*.png"):
        if old.name not in names:
            old.unlink()
    return [number for number, (name, image) in enumerate(zip(names, images), 1) if _write(folder / name, image)]


def _write(path: Path, image: Image.Image) -> bool:
    """Write `image` as PNG unless `path` holds those very bytes already; True if written."""
    data = io.BytesIO()
    image.save(data, "PNG")
    data = data.getvalue()
    if path.is_file() and path.read_bytes() == data:
        return False
    _replace(path, data)
    return True


def _replace(path: Path, data: bytes) -> None:
    """`path` holds `data`, or what it held before if writing fails."""
    staged = path.with_name(f".{path.name}.tmp")
    staged.write_bytes(data)
    staged.replace(path)


def _state(folder: Path) -> dict:
    """What the last proof in `folder` rendered: {"pages": {"dpi": 60, "pages": [...]}, ...}; {} if none was made."""
    try:
        state = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _keep_state(folder: Path, renders: dict, **more) -> None:
    """Note what was rendered, and remove renders none of the pages or sheet sides shows any more."""
    keep = {page.png for pages in renders.values() for page in pages}
    for png in (folder / RENDERED).glob("*.png"):
        if png.name not in keep:
            png.unlink()
    state = {name: {"dpi": pages.dpi, "pages": [asdict(page) for page in pages]} for name, pages in renders.items()
             if pages}
    state.update(more)
    _replace(folder / STATE, (json.dumps(state, indent=1) + "\n").encode())
