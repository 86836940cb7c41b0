"""Build an issue: manifest -> articles -> HTML -> PDFs -> booklet -> checks -> files.

`build()` reads like the pipeline. Every output is first written into a
staging folder beside the outputs and only moved into place when all of them
are made, so a failed build leaves the previous good files untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pamphleteer import document, manifest, render, validate
from pamphleteer.errors import UserError
from pamphleteer.pictures import Converter


OUTPUTS = {"reader": ".pdf", "print": "-print.pdf", "booklet": "-booklet.pdf", "cover": "-cover.pdf",
           "jobticket": "-jobticket.txt"}  # role -> file name after <slug>-<issue>
PREFLIGHT_PROFILES = {"reader": "reader", "print": "print", "booklet": "booklet", "cover": "booklet"}
IMPOSE_KEYS = ("last", "signature", "sheet", "scale", "marks", "creep", "duplex")  # print: keys passed on
READER_MAX_PPI = 200
PDF_STANDARDS = {"x-4": "pdf/x-4", "x-1a": "pdf/x-1a", "x-3": "pdf/x-3"}
DEFAULT_CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian libgs-common


@dataclass
class Report:
    """What build.json says: pages, sheets, files, warnings and seconds per stage."""

    issue: int
    slug: str
    folder: str
    pages: dict
    articles: list
    padding: dict
    imposition: dict
    preflight: dict
    files: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)


def build(spec: str, out_dir: Path | None = None, *, progress=None, strict: bool = False) -> Report:
    """With `strict`, any warning stops the build and the previous outputs stay."""
    stage = Stages(progress)
    issue = stage("manifest", manifest.load, spec)
    articles = stage("articles", validate.read_all, issue)
    if strict and validate.warnings(issue, articles):  # before rendering, when they are known already
        raise validate.strict_error(validate.warnings(issue, articles))
    out_dir = Path(out_dir or issue.root / "output" / str(issue.number))
    name = f"{issue.slug}-{issue.number}"
    with staging(out_dir, owned=[f"{name}{suffix}" for suffix in OUTPUTS.values()]) as folder:
        files = {role: folder / f"{name}{suffix}" for role, suffix in OUTPUTS.items()}
        reader = stage("reader", _edition, issue, articles, "reader", 0)
        padding = (-reader.pages) % 4 if _saddle(issue) else 0
        printed = stage("print", _edition, issue, articles, "print", padding)
        if _saddle(issue) and printed.pages % 4:  # paginated unlike the reader: pad what is really there
            padding += (-printed.pages) % 4
            printed = stage("print", _edition, issue, articles, "print", padding)
        files["reader"].write_bytes(reader.pdf)
        files["print"].write_bytes(printed.pdf)
        imposed = stage("impose", _impose, issue, files) if _print(issue).get("binding") != "none" else {}
        checked = stage("preflight", _preflight, issue, {role: path for role, path in files.items()
                                                          if path.suffix == ".pdf" and path.exists()})
        report = _report(issue, articles, stage.seconds, reader, printed, padding, imposed, checked, out_dir)
        if strict and report.warnings:
            raise validate.strict_error(report.warnings)
        report.files = {path.name: _describe(path) for path in sorted(folder.glob("*.pdf"))}
        (folder / "build.json").write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    return report


def _report(issue, articles, seconds, reader, printed, padding, imposed, checked, out_dir) -> Report:
    """build.json: what was made, where each article starts, and every warning once."""
    preflight_warnings = [f"{r.path.name}: {f.where}: {f.message}" for r in checked.values() for f in r.warnings]
    return Report(
        issue=issue.number, slug=issue.slug, folder=str(out_dir),
        pages={"reader": reader.pages, "print": printed.pages, "booklet_sides": imposed.get("sides")},
        articles=[{"title": document.plain(a.title), "file": a.path.name, "page": reader.anchors.get(a.id)}
                  for a in articles],
        padding={"notes_pages": padding,  # where: 1-based page numbers, just before the back cover
                 "where": [printed.pages - padding + i for i in range(padding)]},
        imposition=imposed,
        preflight={role: {**r.as_dict(), "file": r.path.name} for role, r in checked.items()},
        warnings=list(dict.fromkeys(validate.warnings(issue, articles) + reader.warnings + printed.warnings
                                    + imposed.get("warnings", []) + preflight_warnings)),
        seconds=seconds,
    )


class Stages:
    """Runs each stage, noting its seconds and telling `progress` when given."""

    def __init__(self, progress=None):
        self.progress, self.seconds = progress, {}

    def __call__(self, name, function, *args):
        if hasattr(self.progress, "begin"):
            self.progress.begin(name)
        start = time.perf_counter()
        result = function(*args)
        self.seconds[name] = round(time.perf_counter() - start, 3)
        if self.progress:
            self.progress(f"{name:<9} {self.seconds[name]:6.2f} s")
        return result


def _edition(issue, articles, edition: str, padding: int) -> render.Rendered:
    html = document.compose(issue, articles, edition=edition, padding=padding)
    styles = issue.root / "styles"
    sheets = [styles / "journal.css", styles / f"{edition}.css"]
    sheets += [issue.root / extra for extra in issue.settings.get("styles") or []]
    identifier = hashlib.sha256(f"{issue.slug}-{issue.number}-{edition}".encode()).hexdigest()[:32].encode()
    printing = edition == "print"
    return render.render(html, base=issue.folder, roots=[issue.folder, issue.root / "templates", styles],
                         stylesheets=[s for s in sheets if s.is_file()],
                         extra_css=document.settings_css(issue, edition=edition),
                         links=not printing, identifier=identifier,
                         variant=PDF_STANDARDS[_print(issue).get("standard", "x-4")] if printing else None,
                         cmyk_profile=_profile(issue) if printing else None,
                         convert=_converter(issue, edition), black_ink=printing and _colour(issue) != "rgb")


def _converter(issue, edition: str) -> Converter:
    """Print: pictures in the print colour; reader: no finer than `reader: max_ppi` at full page width."""
    if edition == "print":
        return Converter(colour=_colour(issue), profile=_profile(issue))
    max_ppi = (issue.settings.get("reader") or {}).get("max_ppi", READER_MAX_PPI)
    return Converter(max_pixels=round(max_ppi * max(issue.trim_inches)))


def _colour(issue) -> str:
    """Print pictures and text in the printer's CMYK unless the journal says otherwise."""
    return _print(issue).get("colour", "cmyk")


def _impose(issue, files: dict[str, Path]) -> dict:
    """The booklet as the printer asked for it in `print:`, and its job ticket beside it."""
    from pamphleteer.impose import impose, write_jobticket

    settings = _print(issue)
    options = {key: settings[key] for key in IMPOSE_KEYS if key in settings}
    if settings.get("cover_apart"):
        options["cover_apart"] = files["cover"]
    report = impose(files["print"], files["booklet"], binding=settings.get("binding_side", "left"),
                    layout="signatures" if settings.get("binding") == "perfect" else "saddle", **options,
                    slug_text=f"{issue.settings['name']} No. {issue.number}")
    write_jobticket(report, files["jobticket"])
    return report.as_dict()


def _preflight(issue, files: dict[str, Path]) -> dict:
    """Every output checked as a printer would; any failure stops the build before files are replaced."""
    from pamphleteer.preflight import PreflightRules, preflight

    fonts = issue.settings.get("fonts") or {}
    thresholds = {key: _print(issue)[key] for key in ("min_ppi_warn", "min_ppi_error") if key in _print(issue)}
    rules = PreflightRules(saddle=_saddle(issue), standard=_print(issue).get("standard", "x-4"), **thresholds,
                           expected_fonts=tuple(fonts.get(k) for k in ("body", "sans") if fonts.get(k)))
    reports = {role: preflight(path, profile=PREFLIGHT_PROFILES[role],
                               rules=rules if role == "print" else replace(rules, standard=None))
               for role, path in files.items()}
    failures = [f"{report.path.name}: {f.where}: {f.check}: {f.message}"
                for report in reports.values() for f in report.failures]
    if failures:
        raise UserError("preflight failed; the previous outputs are kept:\n  " + "\n  ".join(failures))
    return reports


def _print(issue) -> dict:
    return issue.settings.get("print") or {}


def _saddle(issue) -> bool:
    return _print(issue).get("binding", "saddle") == "saddle"


def _profile(issue) -> Path:
    """The printer's ICC profile named in journal.yaml, else ghostscript's CMYK profile."""
    named = _print(issue).get("profile")
    return issue.root / named if named else DEFAULT_CMYK_PROFILE


@contextmanager
def staging(out_dir: Path, owned: list[str] = ()):
    """A folder beside `out_dir` whose files replace those in it only if all goes well.

    Files named in `owned` that this build did not make (a cover PDF once
    `cover_apart` is turned off) are removed then, so none is left stale.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        yield stage
        made = {path.name for path in stage.iterdir()}
        for path in sorted(stage.iterdir()):
            os.replace(path, out_dir / path.name)
        for name in set(owned) - made:
            (out_dir / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _describe(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
