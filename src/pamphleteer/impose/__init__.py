"""Impose a print PDF: its pages arranged on press sheets for folding, cutting and binding.

print PDF (one trimmed page per PDF page) -> page order (a layout from
`layouts`) -> sheets (`compose`: each page a Form XObject, clipped at the
spine) -> booklet PDF, plus a report and a job ticket for the print shop.

PDFs are opened and written through `pamphleteer.pdffile`, which turns
pypdf's failures into UserError.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pamphleteer import pdffile
from pamphleteer.errors import UserError
from pamphleteer.geometry import TOLERANCE
from pamphleteer.papers import size_text
from pamphleteer.impose.compose import compose
from pamphleteer.impose.condition import DEFAULT_VERSION, carry, declares_pdfx, pdf_version
from pamphleteer.impose.frame import fit
from pamphleteer.impose.layouts import LAYOUTS, saddle
from pamphleteer.impose.marks import encodable
from pamphleteer.impose.options import ImposeOptions, check
from pamphleteer.impose.plan import Arrangement, Side, Slot, pad
from pamphleteer.impose.report import ImpositionReport, write_jobticket
from pamphleteer.impose.source import Source, read_source

__all__ = ["impose", "impose_with", "plan_pages", "ImposeOptions", "ImpositionReport", "write_jobticket", "LAYOUTS"]


def impose(source: Path, output: Path, *, layout: str = "saddle", last: int = 1, signature: int = 16,
           nup: int = 2, sheet: str | None = None, scale: bool = False, marks: bool | None = None,
           creep: str = "0", duplex: str = "long", binding: str = "left",
           cover_apart: Path | None = None, slug_text: str | None = None) -> ImpositionReport:
    """Impose `source` into `output`; see ImposeOptions for the options. Raises UserError."""
    options = ImposeOptions(layout=layout, last=last, signature=signature, nup=nup, sheet=sheet,
                            scale=scale, marks=marks, creep=str(creep), duplex=duplex, binding=binding,
                            cover_apart=None if cover_apart is None else Path(cover_apart),
                            slug_text=slug_text)
    return impose_with(Path(source), Path(output), options)


def impose_with(source: Path, output: Path, options: ImposeOptions) -> ImpositionReport:
    """The pipeline: check options, read the source, order pages, fit the sheet, draw, write."""
    checked = check(options)
    _check_paths(source, output, checked.cover_apart)
    with pdffile.logged_warnings() as notes:
        report = _impose(source, output, checked)
    report.warnings += [f"{source.name}: pypdf worked around a defect: {note}" for note in dict.fromkeys(notes)]
    return report


def _impose(source: Path, output: Path, checked) -> ImpositionReport:
    pdf = read_source(source)
    layout = LAYOUTS[checked.layout]
    plan = plan_pages(len(pdf.pages), layout, checked)
    cell, bleed = pdf.pages[0].size, max(p.bleed_reach for p in pdf.pages)
    targets = [(output, plan.interior, "")]
    if plan.cover is not None:
        targets.append((checked.cover_apart, plan.cover, "cover "))
    frames = [fit(cell, arrangement.cols, arrangement.rows, arrangement.folded, bleed, checked)
              for _, arrangement, _ in targets]
    files, drawn = {}, []
    with pdffile.reading(source):   # defects found only when a page is drawn
        pdfx = declares_pdfx(pdf.file)
        version = pdf_version(pdf.file) if pdfx else DEFAULT_VERSION
        for (target, arrangement, role), frame in zip(targets, frames):
            done = compose(pdf, arrangement, frame, _labeller(checked.slug_text, role))
            if pdfx:
                carry(done.writer, pdf.file)
            files[target] = pdffile.pdf_bytes(done.writer, _file_id(pdf, checked, role), version)
            drawn.append(done)
    with pdffile.replacing(*files) as temporaries:
        for temporary, data in zip(temporaries, files.values()):
            temporary.write_bytes(data)
    report = _report(pdf, output, checked, plan, frames, drawn, layout)
    if any(done.slug_embedded is False for done in drawn):
        report.warnings.append("the slug is set in Helvetica, not embedded (URW Nimbus Sans not found: "
                               "install fonts-urw-base35); printers and preflight refuse unembedded fonts")
    return report


@dataclass(frozen=True)
class Plan:
    sequence: list[Slot]            # every page in reading order, blanks as None
    interior: Arrangement
    cover: Arrangement | None


def plan_pages(count: int, layout, options) -> Plan:
    """Pad the pages and arrange them; with cover_apart, pages 1, 2, N−1, N go on a sheet of their own."""
    pages = list(range(1, count + 1))
    if options.cover_apart is None:
        sequence = pad(pages, layout.multiple(options), options.last)
        return Plan(sequence, layout.arrange(sequence, options), None)
    if count < 5:
        raise UserError(f"impose: a separate cover needs at least 5 pages (4 cover pages and an interior); "
                        f"the source has {count}")
    inside = pad(pages[2:-2], layout.multiple(options), max(options.last - 2, 0))
    creep_from = 1 if layout is saddle else 0
    cover = Arrangement(2, 1, True, tuple(
        Side(1, face, cells) for face, cells in (("front", (count, 1)), ("back", (2, count - 1)))))
    return Plan([1, 2] + inside + [count - 1, count], layout.arrange(inside, options, creep_from), cover)


def _check_paths(source: Path, output: Path, cover: Path | None) -> None:
    targets = [output] + ([cover] if cover is not None else [])
    for target in targets:
        if not target.parent.is_dir():
            raise UserError(f"cannot write here: folder {target.parent} does not exist", target)
        if target.exists() and source.exists() and target.resolve() == source.resolve():
            raise UserError("is the source; choose another output file", target)
    if cover is not None and cover.resolve() == output.resolve():
        raise UserError("is both the booklet and the cover output; choose two files", cover)


def _labeller(slug: str | None, prefix: str):
    head = f"{slug}  \u00b7  " if slug else ""
    return lambda side: f"{head}{prefix or 'sheet ' + str(side.sheet) + ' '}{side.face}"


def _file_id(pdf: Source, options, role: str) -> bytes:
    """A /ID that depends only on the source bytes and the options: same inputs, same file."""
    digest = hashlib.sha256(pdf.data)
    # paths by name only: the same job written to another folder is the same file
    digest.update(repr([(k, v.name if isinstance(v, Path) else v) for k, v in options.items()]).encode())
    digest.update(role.encode())
    return digest.digest()[:16]


def _report(pdf: Source, output: Path, options, plan: Plan, frames, drawn, layout) -> ImpositionReport:
    sides, frame = plan.interior.sides, frames[0]
    finishing = _no_trim_on_the_spread(layout.finishing(plan.interior, frame.cell[1]), frame, options)
    links = {key: sum(getattr(done.links, attr) for done in drawn) for key, attr in
             (("kept", "kept"), ("internal_dropped", "internal_dropped"), ("other_annotations_dropped", "other_dropped"))}
    return ImpositionReport(
        layout=options.layout, output=output, finished=frame.cell, sheet=frame.sheet,
        sheet_name=options.sheet_name, sheets=plan.interior.sheets, duplex=options.duplex,
        back_sides_turned=frame.turn_backs, binding=options.binding, finishing=finishing,
        source_pages=len(pdf.pages), pages=len(plan.sequence),
        blank_positions=[i + 1 for i, slot in enumerate(plan.sequence) if slot is None],
        caliper=options.caliper if plan.interior.folded else 0.0,
        max_creep=max((s.creep for s in sides), default=0.0), scale=frame.scale, marks=frame.marks,
        links=links,
        cover=options.cover_apart, cover_pages=[1, 2, len(pdf.pages) - 1, len(pdf.pages)] if plan.cover else [],
        signatures=list(plan.interior.signatures), cells=plan.interior.cols * plan.interior.rows,
        job=options.slug_text,
        warnings=_warnings(pdf, options, plan, frames, links, finishing),
    )


def _no_trim_on_the_spread(finishing: dict, frame, options) -> dict:
    """A folded two-page spread on a sheet its own size comes off the press at the finished size: no cut
    (creep alone leaves the inner sheets' faces standing out, which one face trim evens)."""
    exact = max(frame.margin) <= TOLERANCE and frame.cols * frame.rows == 2
    if not (frame.folded and exact and not frame.marks):
        return finishing
    cuts = "face only, to even the nested sheets (creep)" if options.caliper else "none: the sheet is the spread"
    return {**finishing, "cuts": cuts}


def _warnings(pdf: Source, options, plan, frames, links, finishing) -> list[str]:
    frame = frames[0]
    warnings = [warning for f in frames for warning in f.warnings]
    odd = [p.number for p in pdf.pages
           if abs(p.size[0] - frame.cell[0]) > TOLERANCE or abs(p.size[1] - frame.cell[1]) > TOLERANCE]
    if odd:
        warnings.append(f"pages {_some(odd)} differ in trim size from page 1 "
                        f"({size_text(frame.cell)}); they are centred in their cells")
    if options.caliper and not plan.interior.folded:
        warnings.append(f"creep applies to folded layouts; ignored for layout '{options.layout}'")
    if options.slug_text and frame.marks and not encodable(options.slug_text):
        warnings.append("the slug text has characters outside WinAnsi (Western European); "
                        "they are printed as '?'")
    if links["other_annotations_dropped"]:
        warnings.append(f"{links['other_annotations_dropped']} annotations that are not web links were dropped")
    warnings += finishing["notes"]
    return list(dict.fromkeys(warnings))


def _some(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")
