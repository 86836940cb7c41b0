"""What an imposition did, as facts for build.json and as a job ticket for the print shop."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer.geometry import number
from pamphleteer.papers import inches, millimetres, size_text


@dataclass
class ImpositionReport:
    layout: str
    output: Path
    finished: tuple[float, float]
    sheet: tuple[float, float]
    sheet_name: str | None
    sheets: int
    duplex: str
    back_sides_turned: bool
    binding: str
    finishing: dict
    source_pages: int
    pages: int
    blank_positions: list[int]
    caliper: float
    max_creep: float
    scale: float
    marks: bool
    links: dict
    cover: Path | None = None
    cover_pages: list[int] = field(default_factory=list)
    signatures: list[int] = field(default_factory=list)
    cells: int = 2
    job: str | None = None          # the slug text: journal and issue
    warnings: list[str] = field(default_factory=list)

    @property
    def finished_scaled(self) -> tuple[float, float]:
        """The size the pages come out at: the designed size times the scale."""
        return self.finished[0] * self.scale, self.finished[1] * self.scale

    @property
    def sides(self) -> int:
        return 2 * self.sheets

    def as_dict(self) -> dict:
        """JSON-ready facts."""
        return {
            "layout": self.layout,
            "output": self.output.name,
            "cover": None if self.cover is None else {"file": self.cover.name, "pages": self.cover_pages,
                                                       "sheets": 1, "sides": 2},
            "finished_size": _size(self.finished_scaled),
            "designed_size": _size(self.finished),
            "sheet_size": {**_size(self.sheet), "name": self.sheet_name,
                           "orientation": "landscape" if self.sheet[0] >= self.sheet[1] else "portrait"},
            "pages_per_side": self.cells,
            "sheets": self.sheets,
            "sides": self.sides,
            "duplex": {"flip_edge": self.duplex, "back_sides_turned_180": self.back_sides_turned},
            "binding": {"edge": self.binding, "method": self.finishing["binding_method"],
                        "staples": self.finishing["staples"]},
            "folds": self.finishing["folds"],
            "cuts": self.finishing["cuts"],
            "signatures": self.signatures,
            "source_pages": self.source_pages,
            "pages": self.pages,
            "blanks_added": len(self.blank_positions),
            "blank_positions": self.blank_positions,
            "creep": {"caliper_pt": round(self.caliper, 4), "caliper_mm": round(self.caliper * 25.4 / 72, 3),
                      "innermost_shift_pt": round(self.max_creep, 4)},
            "scale": round(self.scale, 6),
            "marks": self.marks,
            "links": self.links,
            "warnings": list(self.warnings),
        }

    def ticket(self) -> str:
        """The job ticket: a short plain text a print shop reads."""
        lines = [
            f"JOB TICKET  {self.output.name}" + (f"  ({self.job})" if self.job else ""),
            "",
            f"Finished size  {size_text(self.finished_scaled)}, {self.source_pages} pages"
            + (f" + {len(self.blank_positions)} blank (pages {_list(self.blank_positions)})"
               if self.blank_positions else ""),
            "Press sheet    " + (f"{self.sheet_name.upper()}, " if self.sheet_name else "") + size_text(self.sheet)
            + f", {'landscape' if self.sheet[0] >= self.sheet[1] else 'portrait'}",
            f"Quantity       {self.sheets} sheets, printed both sides ({self.sides} PDF pages, "
            f"{self.cells} pages per side)",
            f"Duplex         flip on the {self.duplex} edge"
            + (" (back sides are already turned 180°)" if self.back_sides_turned else ""),
            f"Folding        {self.finishing['folds']}",
            f"Cutting        {self.finishing['cuts']}",
            f"Binding        {self.finishing['binding_method']}, {self.binding} edge"
            + (f", {self.finishing['staples']} staples" if self.finishing["staples"] else ""),
        ]
        lines += self._extras()
        return "\n".join(lines) + "\n"

    def _extras(self) -> list[str]:
        lines = []
        if self.cover is not None:
            lines.append(f"Cover          separate file {self.cover.name}: 1 sheet, pages "
                         f"{_list(self.cover_pages)}; print on the cover stock")
        if self.caliper:
            lines.append(f"Creep          {number(self.caliper * 25.4 / 72)} mm per sheet, already applied "
                         f"(innermost sheet shifted {number(self.max_creep * 25.4 / 72)} mm)")
        if self.scale != 1:
            lines.append(f"Scale          pages printed at {self.scale:.1%} of their designed size "
                         f"({size_text(self.finished)})")
        folded = self.finishing["folds"] != "none"
        marks = "crop and fold marks, slug line" if folded else "crop marks at every cut, slug line"
        lines.append(f"Marks          {marks if self.marks else 'none'}")
        lines += [f"Note           {w}" for w in self.warnings]
        return lines


def write_jobticket(report: ImpositionReport, path: Path) -> Path:
    Path(path).write_text(report.ticket(), encoding="utf-8")
    return Path(path)


def _size(size) -> dict:
    return {"pt": [round(v, 2) for v in size], "mm": [millimetres(v) for v in size],
            "in": [inches(v) for v in size]}


def _list(numbers) -> str:
    return ", ".join(str(n) for n in numbers)
