"""Build an issue: manifest -> articles -> HTML -> PDFs -> booklet -> checks -> files.

`build()` reads like the pipeline. Every output is first written into a
staging folder beside the outputs and only moved into place when all of them
are made, so a failed build leaves the previous good files untouched.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pamphleteer import articlepdfs, document, epub, layout, manifest, moves, render, spacing, validate, web
from pamphleteer.choices import Choices
from pamphleteer.editions import EDITIONS, Edition
from pamphleteer.errors import UserError
from pamphleteer.outputs import describe_all, staging
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
    changed: dict = field(default_factory=dict)  # edition -> pages laid out anew by this build
    spacing: dict = field(default_factory=dict)  # the first edition's (the reader's) spacing report: spacing.py
    print_findings: list = field(default_factory=list)  # the print edition's spacing findings: proofs mark them
    moved: dict = field(default_factory=dict)  # articles and headings on another page than last build: moves.py


def build(spec: str, out_dir: Path | None = None, *, progress=None, strict: bool = False,
          workshop: Workshop | None = None, ready=None, pool=None) -> Report:
    """With `strict`, any warning stops the build and the previous outputs stay.

    The editions are made side by side, each in its own process; given a
    `workshop` (watch's), they are made here, one after the other, and the
    layouts of parts that did not change since its last build are used again,
    and `ready(edition, staged file, changed pages)` is told as each edition's
    file is written, before the others are made and everything is checked.
    """
    stage = Stages(progress)
    issue = stage("manifest", manifest.load, spec)
    articles = stage("articles", validate.read_all, issue)
    if strict and validate.warnings(issue, articles):  # before rendering, when they are known already
        raise validate.strict_error(validate.warnings(issue, articles))
    out_dir = Path(out_dir or issue.root / "output" / str(issue.number))
    editions = [EDITIONS[name] for name in issue.editions]
    before = moves.previous_articles(out_dir / "build.json")
    with staging(out_dir, owned=_owned(issue, editions)) as folder:
        stem = folder / f"{issue.slug}-{issue.number}"
        made = stage.each(_made, [(issue, articles, edition, stem, workshop, ready) for edition in editions],
                          apart=workshop is None and ready is None, pool=pool)
        _stop_on_failures([checked for one in made for checked in one.checked.values()])
        report = _report(issue, articles, stage.seconds, made, out_dir)
        report.spacing = spacing.report(next((one.rendered.lines for one in made if one.rendered), []))
        report.print_findings = [asdict(f) for one in made if one.rendered and one.edition.name == "print"
                                 for f in spacing.findings(one.rendered.lines)]
        report.moved = moves.compare(before, report.articles)
        if strict and report.warnings:
            raise validate.strict_error(report.warnings)
        report.files = describe_all(folder)
        (folder / "build.json").write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    if workshop is not None:
        workshop.forget_unused()
    return report


@dataclass
class Made:
    """What making one edition made: its PDF, what followed it, their preflight, and the seconds each took."""

    edition: Edition
    rendered: Rendered | None                              # without its bytes, which are in the file; None: no PDF
    padding: int
    files: dict[str, tuple[Path, str]] = field(default_factory=dict)  # role -> (file, preflight profile)
    followers: dict[str, dict] = field(default_factory=dict)
    checked: dict = field(default_factory=dict)            # role -> PreflightReport
    seconds: dict[str, float] = field(default_factory=dict)
    changed: list[int] = field(default_factory=list)       # pages laid out anew (watch keeps the others)
    articles: list = field(default_factory=list)           # for the followers, in the edition's process only

    def file(self, suffix: str) -> Path:
        return self.files[self.edition.name][0].with_name(self.stem_name + suffix)

    @property
    def stem_name(self) -> str:
        return self.files[self.edition.name][0].name.removesuffix(self.edition.suffix)


def _made(issue: Issue, articles, edition: Edition, stem: Path, workshop: Workshop | None, ready=None) -> Made:
    """One edition made (by its kind's maker), what follows it made, and all of it checked as a printer would.

    `ready(edition, file, changed pages)` is told as soon as the edition's file is written.
    """
    clock = Stages()
    made = clock(edition.name, MAKERS[edition.kind], issue, articles, edition, stem, workshop, ready)
    made.articles = articles
    for follower in edition.then:
        made.followers[follower] = clock(follower, FOLLOWERS[follower], issue, made)
    made.articles = []  # what follows stays in this process: the articles and the laid-out pages
    made.rendered = replace(made.rendered, layout=None) if made.rendered else None
    made.checked = clock("preflight", _preflight, issue, made.files)
    made.seconds = clock.seconds
    return made


def _pdf(issue: Issue, articles, edition: Edition, stem: Path, workshop: Workshop | None, ready) -> Made:
    """A PDF edition laid out part by part and written."""
    cache = issue.root / "output" / ".cache"
    renderer = workshop.renderer(issue, edition, cache) if workshop else renderer_for(issue, edition, cache)
    rendered, laid = _edition(issue, articles, edition, renderer)
    renderer.choices.save()
    path = stem.with_name(stem.name + edition.suffix)
    path.write_bytes(rendered.pdf)
    if ready is not None:
        ready(edition.name, path, laid.changed)
    return Made(edition, replace(rendered, pdf=b""), laid.padding, files={edition.name: (path, edition.preflight)},
                changed=laid.changed)


def _epub(issue: Issue, articles, edition: Edition, stem: Path, workshop, ready) -> Made:
    epub.write(issue, articles, stem.with_name(stem.name + edition.suffix),
               stylesheet=issue.root / "styles" / edition.stylesheet)
    return Made(edition, None, 0)


def _web(issue: Issue, articles, edition: Edition, stem: Path, workshop, ready) -> Made:
    pdfs = "reader" in issue.editions and "article_pdfs" in EDITIONS["reader"].then  # each article's PDF beside it
    web.write_issue(issue, articles, stem.with_name(stem.name + edition.suffix),
                    pdf_names=[f"{articlepdfs.FOLDER}/{articlepdfs.file_name(issue, a)}" if pdfs else ""
                               for a in articles])
    return Made(edition, None, 0)


MAKERS = {"pdf": _pdf, "epub": _epub, "web": _web}  # Edition.kind -> what makes the edition in the staging folder


def _owned(issue, editions: list[Edition]) -> list[str]:
    """Every file name a build of this issue may write, so one it did not make this time is removed."""
    suffixes = [edition.suffix for edition in EDITIONS.values()]
    suffixes += [suffix for outputs in FOLLOWER_OUTPUTS.values() for suffix in outputs.values()]
    return [f"{issue.slug}-{issue.number}{suffix}" for suffix in suffixes] + [articlepdfs.FOLDER]


def _report(issue, articles, seconds, made: list[Made], out_dir: Path) -> Report:
    """build.json: what was made, where each article starts, and every warning once."""
    checked = {role: report for one in made for role, report in one.checked.items()}
    preflight_warnings = [f"{r.path.name}: {f.where}: {f.message}" for r in checked.values() for f in r.warnings]
    imposed = next((one.followers["booklet"] for one in made if "booklet" in one.followers), {})
    padded = next((one for one in made if one.edition.padded), None)
    padding, total = (padded.padding, padded.rendered.pages) if padded else (0, 0)
    laid = [one for one in made if one.rendered]  # the PDF editions
    return Report(
        issue=issue.number, slug=issue.slug, folder=str(out_dir),
        pages={**{one.edition.name: one.rendered.pages for one in laid}, "booklet_sides": imposed.get("sides")},
        articles=[{"title": document.plain(a.title), "file": a.path.name,
                   "page": laid[0].rendered.anchors.get(a.id) if laid else None,
                   "headings": moves.headings(laid[0].rendered.lines, a.id) if laid else []} for a in articles],
        padding={"notes_pages": padding,  # where: 1-based page numbers, just before the back cover
                 "where": [total - padding + i for i in range(padding)]},
        imposition=imposed,
        preflight={role: {**r.as_dict(), "file": r.path.name} for role, r in checked.items()},
        warnings=list(dict.fromkeys(validate.warnings(issue, articles)
                                    + [w for one in laid for w in one.rendered.warnings]
                                    + imposed.get("warnings", []) + preflight_warnings)),
        seconds=seconds,
        changed={one.edition.name: one.changed for one in made},
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
        self.note(name, time.perf_counter() - start)
        return result

    def note(self, name: str, seconds: float) -> None:
        self.seconds[name] = round(self.seconds.get(name, 0) + seconds, 3)
        if self.progress:
            self.progress(f"{name:<9} {self.seconds[name]:6.2f} s")

    def each(self, function, calls: list[tuple], *, apart: bool, pool=None) -> list:
        """`function(*args)` for each of `calls`, in processes of their own when `apart` and there are several
        (in `pool`'s when given: build --all's, shared by the issues); the stages they ran noted in order."""
        if hasattr(self.progress, "begin"):
            self.progress.begin("editions")
        if pool is not None:
            results = list(pool.map(function, *zip(*calls)))
        elif apart and len(calls) > 1:
            with ProcessPoolExecutor(len(calls), mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(function, *zip(*calls)))
        else:
            results = [function(*args) for args in calls]
        names = list(dict.fromkeys(name for result in results for name in result.seconds))
        for name in sorted(names, key=lambda name: name == "preflight"):  # each file's check last, as one stage
            self.note(name, sum(result.seconds.get(name, 0) for result in results))
        return results


def _edition(issue: Issue, articles, edition: Edition, renderer: render.Renderer) -> tuple[Rendered, layout.Laid]:
    """One edition laid out part by part (see layout.py), put together and written."""
    laid = layout.lay_out_edition(renderer, issue, articles, edition)
    return renderer.write(laid.layout, links=edition.links, identifier=edition.identifier(issue),
                          variant=edition.variant(issue), black_ink=edition.ink(issue) == "press"), laid


def renderer_for(issue: Issue, edition: Edition, cache: Path | None = None) -> render.Renderer:
    """The edition's renderer: its stylesheets, settings, pictures and output profile, and the even-spacing
    choices of the last build, kept in the folder `cache` (see choices.py)."""
    cache = cache / f"{issue.slug}-{issue.number}-{edition.name}.json" if cache else None
    return render.Renderer(base=issue.folder, roots=[issue.folder, issue.root / "templates", issue.root / "styles"],
                           stylesheets=_stylesheets(issue, edition),
                           extra_css=document.settings_css(issue, edition=edition),
                           cmyk_profile=edition.profile(issue), convert=edition.pictures(issue),
                           choices=Choices(cache, _fingerprint(issue, edition)))


def _stylesheets(issue: Issue, edition: Edition) -> list[Path]:
    styles = issue.root / "styles"
    sheets = [styles / "journal.css", styles / edition.stylesheet, *(issue.root / extra for extra in issue.styles)]
    return [sheet for sheet in sheets if sheet.is_file()]


def html(spec: str, edition: str = "reader") -> str:
    """The edition as one HTML document with its stylesheets written in: what `weasyprint FILE` lays out the same.

    The even-spacing pass's rules are written in too, so the edition is laid out once to find them."""
    issue = manifest.load(spec)
    articles = validate.read_all(issue)
    row = EDITIONS[edition]
    profile = row.profile(issue)
    css = [document.settings_css(issue, edition=row) + (render.profile_css(profile) if profile else ""),
           *(path.read_text(encoding="utf-8") for path in _stylesheets(issue, row))]
    css.append(layout.lay_out_edition(renderer_for(issue, row), issue, articles, row).layout.tuned)  # spacing.py
    return document.standalone(document.compose(issue, articles, edition=row), css=css, base=issue.folder)


def _impose(issue: Issue, made: Made) -> dict:
    """The booklet as the printer asked for it in `print:`, and its job ticket beside it."""
    from pamphleteer.impose import impose, write_jobticket

    settings = issue.print
    outputs = {role: made.file(suffix) for role, suffix in FOLLOWER_OUTPUTS["booklet"].items()}
    report = impose(made.files[made.edition.name][0], outputs["booklet"], binding=settings.binding_side,
                    layout="signatures" if settings.binding == "perfect" else "saddle",
                    last=settings.last, signature=settings.signature, sheet=settings.sheet,
                    scale=settings.scale, marks=settings.marks, creep=settings.creep, duplex=settings.duplex,
                    cover_apart=outputs["cover"] if settings.cover_apart else None,
                    slug_text=f"{issue.name} No. {issue.number}")
    write_jobticket(report, outputs["jobticket"])
    made.files.update({role: (outputs[role], FOLLOWER_PREFLIGHT[role]) for role in FOLLOWER_PREFLIGHT
                       if outputs[role].exists()})
    return report.as_dict()


def _booklet(issue: Issue, made: Made) -> dict:
    """A booklet unless the journal is not bound (`print: binding: none`)."""
    return _impose(issue, made) if issue.print.binding != "none" else {}


def _article_pdfs(issue: Issue, made: Made) -> dict:
    """A PDF per article, from the pages of the edition it follows (the reader's)."""
    folder = made.files[made.edition.name][0].parent / articlepdfs.FOLDER
    return articlepdfs.write_all(issue, made.articles, made.rendered, folder, variant=made.edition.variant(issue))


FOLLOWERS = {"booklet": _booklet, "article_pdfs": _article_pdfs}  # what can follow an edition (Edition.then)


def _preflight(issue: Issue, files: dict[str, tuple[Path, str]]) -> dict:
    """Every output checked as a printer would."""
    from pamphleteer.preflight import PreflightRules, preflight

    rules = PreflightRules(saddle=issue.print.saddle, standard=issue.print.standard,
                           min_ppi_warn=issue.print.min_ppi_warn, min_ppi_error=issue.print.min_ppi_error,
                           expected_fonts=tuple(issue.fonts.families))
    return {role: preflight(path, profile=profile, rules=rules if profile == "print" else replace(rules, standard=None))
            for role, (path, profile) in files.items()}


def _stop_on_failures(reports: list) -> None:
    """Any preflight failure stops the build before files are replaced."""
    failures = [f"{report.path.name}: {f.where}: {f.check}: {f.message}"
                for report in reports for f in report.failures]
    if failures:
        raise UserError("preflight failed; the previous outputs are kept:\n  " + "\n  ".join(failures))


class Workshop:
    """Renderers kept between builds (by `watch`), so a part whose text did not change is not laid out again.

    A renderer is kept for as long as the edition's settings, stylesheets and
    pictures are what they were; any change to them starts a new one.
    """

    def __init__(self):
        self.renderers: dict[tuple, render.Renderer] = {}

    def renderer(self, issue: Issue, edition: Edition, cache: Path | None = None) -> render.Renderer:
        key = (edition.name, _fingerprint(issue, edition))
        if key not in self.renderers:
            self.renderers = {k: v for k, v in self.renderers.items() if k[0] != edition.name}
            self.renderers[key] = renderer_for(issue, edition, cache)
        return self.renderers[key]

    def forget_unused(self) -> None:
        for renderer in self.renderers.values():
            renderer.forget_unused()


def _fingerprint(issue: Issue, edition: Edition) -> str:
    """What a renderer depends on besides the HTML it lays out: settings, stylesheets, pictures and profile."""
    digest = hashlib.sha256(document.settings_css(issue, edition=edition).encode())
    digest.update(repr((edition.pictures(issue), edition.profile(issue))).encode())
    texts = {issue.manifest, *(entry.path for entry in issue.articles)}  # these reach the renderer as HTML
    files = [*_stylesheets(issue, edition), *sorted(p for p in issue.folder.rglob("*") if p.is_file()
                                                    and p.resolve() not in texts)]
    for path in files:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
    return digest.hexdigest()

