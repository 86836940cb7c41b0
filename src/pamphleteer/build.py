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

from pamphleteer import document, layout, manifest, render, validate
from pamphleteer.editions import EDITIONS, Edition
from pamphleteer.errors import UserError
from pamphleteer.render import Rendered
from pamphleteer.settings import Issue


FOLLOWER_OUTPUTS = {  # what follows an edition -> its files, by role, after <slug>-<issue>
    "booklet": {"booklet": "-booklet.pdf", "cover": "-cover.pdf", "jobticket": "-jobticket.txt"},
}
FOLLOWER_PREFLIGHT = {"booklet": "booklet", "cover": "booklet"}  # role -> preflight profile


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
    editions = [EDITIONS[name] for name in issue.editions]
    with staging(out_dir, owned=_owned(issue, editions)) as folder:
        made = Made(folder / f"{issue.slug}-{issue.number}")
        for edition in editions:
            made.add(edition, stage(edition.name, _edition, issue, articles, edition))
            for follower in edition.then:
                made.followers[follower] = stage(follower, FOLLOWERS[follower], issue, made, edition)
        checked = stage("preflight", _preflight, issue, made.profiles())
        report = _report(issue, articles, stage.seconds, made, checked, out_dir)
        if strict and report.warnings:
            raise validate.strict_error(report.warnings)
        report.files = {path.name: _describe(path) for path in sorted(folder.glob("*.pdf"))}
        (folder / "build.json").write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    return report


@dataclass
class Made:
    """The files a build has made so far in its staging folder, and how."""

    stem: Path                                            # staging folder / <slug>-<issue>
    editions: dict[str, Rendered] = field(default_factory=dict)
    padding: dict[str, int] = field(default_factory=dict)  # edition -> padding pages put in
    files: dict[str, tuple[Path, str]] = field(default_factory=dict)  # role -> (file, preflight profile)
    followers: dict[str, dict] = field(default_factory=dict)

    def add(self, edition: Edition, laid: tuple[Rendered, int]) -> None:
        rendered, self.padding[edition.name] = laid
        self.editions[edition.name] = rendered
        path = self.file(edition.suffix)
        path.write_bytes(rendered.pdf)
        self.files[edition.name] = (path, edition.preflight)

    def file(self, suffix: str) -> Path:
        return self.stem.with_name(self.stem.name + suffix)

    def profiles(self) -> dict[str, tuple[Path, str]]:
        return {role: made for role, made in self.files.items() if made[0].exists()}


def _owned(issue, editions: list[Edition]) -> list[str]:
    """Every file name a build of this issue may write, so one it did not make this time is removed."""
    suffixes = [edition.suffix for edition in EDITIONS.values()]
    suffixes += [suffix for outputs in FOLLOWER_OUTPUTS.values() for suffix in outputs.values()]
    return [f"{issue.slug}-{issue.number}{suffix}" for suffix in suffixes]


def _report(issue, articles, seconds, made: Made, checked: dict, out_dir: Path) -> Report:
    """build.json: what was made, where each article starts, and every warning once."""
    preflight_warnings = [f"{r.path.name}: {f.where}: {f.message}" for r in checked.values() for f in r.warnings]
    first = next(iter(made.editions.values()))
    imposed = made.followers.get("booklet", {})
    padded = next((name for name, count in made.padding.items() if EDITIONS[name].padded), None)
    padding = made.padding.get(padded, 0)
    total = made.editions[padded].pages if padded else 0
    return Report(
        issue=issue.number, slug=issue.slug, folder=str(out_dir),
        pages={**{name: rendered.pages for name, rendered in made.editions.items()},
               "booklet_sides": imposed.get("sides")},
        articles=[{"title": document.plain(a.title), "file": a.path.name, "page": first.anchors.get(a.id)}
                  for a in articles],
        padding={"notes_pages": padding,  # where: 1-based page numbers, just before the back cover
                 "where": [total - padding + i for i in range(padding)]},
        imposition=imposed,
        preflight={role: {**r.as_dict(), "file": r.path.name} for role, r in checked.items()},
        warnings=list(dict.fromkeys(validate.warnings(issue, articles)
                                    + [w for rendered in made.editions.values() for w in rendered.warnings]
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


def _edition(issue: Issue, articles, edition: Edition, renderer: render.Renderer | None = None
             ) -> tuple[Rendered, int]:
    """One edition laid out part by part (see layout.py), put together and written."""
    laid = layout.lay_out_edition(renderer or renderer_for(issue, edition), issue, articles, edition)
    return render.write(laid.layout, links=edition.links, identifier=edition.identifier(issue),
                        variant=edition.variant(issue), black_ink=edition.ink(issue) == "press"), laid.padding


def renderer_for(issue: Issue, edition: Edition) -> render.Renderer:
    """The edition's renderer: its stylesheets, settings, pictures and output profile."""
    styles = issue.root / "styles"
    sheets = [styles / "journal.css", styles / edition.stylesheet, *(issue.root / extra for extra in issue.styles)]
    return render.Renderer(base=issue.folder, roots=[issue.folder, issue.root / "templates", styles],
                           stylesheets=[s for s in sheets if s.is_file()],
                           extra_css=document.settings_css(issue, edition=edition),
                           cmyk_profile=edition.profile(issue), convert=edition.pictures(issue))


def _impose(issue: Issue, made: Made, edition: Edition) -> dict:
    """The booklet as the printer asked for it in `print:`, and its job ticket beside it."""
    from pamphleteer.impose import impose, write_jobticket

    settings = issue.print
    outputs = {role: made.file(suffix) for role, suffix in FOLLOWER_OUTPUTS["booklet"].items()}
    report = impose(made.files[edition.name][0], outputs["booklet"], binding=settings.binding_side,
                    layout="signatures" if settings.binding == "perfect" else "saddle",
                    last=settings.last, signature=settings.signature, sheet=settings.sheet,
                    scale=settings.scale, marks=settings.marks, creep=settings.creep, duplex=settings.duplex,
                    cover_apart=outputs["cover"] if settings.cover_apart else None,
                    slug_text=f"{issue.name} No. {issue.number}")
    write_jobticket(report, outputs["jobticket"])
    made.files.update({role: (outputs[role], FOLLOWER_PREFLIGHT[role]) for role in FOLLOWER_PREFLIGHT})
    return report.as_dict()


def _booklet(issue: Issue, made: Made, edition: Edition) -> dict:
    """A booklet unless the journal is not bound (`print: binding: none`)."""
    return _impose(issue, made, edition) if issue.print.binding != "none" else {}


FOLLOWERS = {"booklet": _booklet}  # what can follow an edition (Edition.then) -> the stage that makes it


def _preflight(issue: Issue, files: dict[str, tuple[Path, str]]) -> dict:
    """Every output checked as a printer would; any failure stops the build before files are replaced."""
    from pamphleteer.preflight import PreflightRules, preflight

    rules = PreflightRules(saddle=issue.print.saddle, standard=issue.print.standard,
                           min_ppi_warn=issue.print.min_ppi_warn, min_ppi_error=issue.print.min_ppi_error,
                           expected_fonts=tuple(issue.fonts.families))
    reports = {role: preflight(path, profile=profile,
                               rules=rules if profile == "print" else replace(rules, standard=None))
               for role, (path, profile) in files.items()}
    failures = [f"{report.path.name}: {f.where}: {f.check}: {f.message}"
                for report in reports.values() for f in report.failures]
    if failures:
        raise UserError("preflight failed; the previous outputs are kept:\n  " + "\n  ".join(failures))
    return reports


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
