"""Build an issue: manifest -> articles -> HTML -> PDFs -> booklet -> checks -> files.

`build()` reads like the pipeline. Every output is first written into a
staging folder beside the outputs and only moved into place when all of them
are made, so a failed build leaves the previous good files untouched.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pamphleteer import articlepdfs, document, epub, layout, manifest, moves, render, spacing, validate, web
from pamphleteer.choices import Choices
from pamphleteer.editions import EDITIONS, Edition
from pamphleteer.errors import UserError
from pamphleteer.geometry import CSS_PX
from pamphleteer.outputs import describe_all, staging
from pamphleteer.pictures import Kept
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
    stopped: dict = field(default_factory=dict)  # edition -> what stopped it (its last good files were kept)
    print_findings: list = field(default_factory=list)  # the print edition's spacing findings: proofs mark them
    moved: dict = field(default_factory=dict)  # articles and headings on another page than last build: moves.py


def build(spec: str, out_dir: Path | None = None, *, progress=None, strict: bool = False,
          workshop: Workshop | None = None, ready=None, glimpse=None, pool=None) -> Report:
    """With `strict`, any warning stops the build and the previous outputs stay.

    The editions are made side by side, each in its own process; given a
    `workshop` (watch's), they are made here, one after the other, and the
    layouts of parts that did not change since its last build are used again,
    and `ready(edition, staged file, changed pages)` is told as each edition's
    file is written, before the others are made and everything is checked;
    `glimpse(edition, changed pages, page count, draft)` even before, as each PDF
    edition is laid out: `draft()` is a PDF of the changed pages alone.
    """
    stage = Stages(progress)
    issue = stage("manifest", manifest.load, spec)
    articles = stage("articles", validate.read_all, issue)
    coarse = validate.coarse_pictures(issue, articles)  # each picture measured once, at the size it is printed
    known = validate.warnings(issue, articles, coarse)
    if strict and known:  # before rendering, when they are known already
        raise validate.strict_error(known)
    out_dir = Path(out_dir or issue.root / "output" / str(issue.number))
    editions = [EDITIONS[name] for name in issue.editions]
    stopped = {edition.name: [str(e) for e in validate.print_errors(issue, articles, coarse)]
               for edition in editions if edition.preflight == "print"}  # pictures too coarse: known before layout
    stopped = {name: problems for name, problems in stopped.items() if problems}
    if len(stopped) == len(editions):
        raise _stopped_error(stopped, [])
    before = moves.previous_articles(out_dir / "build.json")
    owned = _owned(issue, editions)
    with staging(out_dir, owned=owned) as folder:
        stem = folder / f"{issue.slug}-{issue.number}"
        apart = workshop is None and ready is None and glimpse is None
        made = stage.each(_made, [(issue, articles, edition, stem, workshop, ready, glimpse, apart and pool is None)
                                  for edition in editions if edition.name not in stopped], apart=apart, pool=pool)
        stopped |= _failed(issue, made)
        if len(stopped) == len(editions):
            raise _stopped_error(stopped, [])
        made = _set_aside(made, stopped)
        owned[:] = _owned(issue, editions, stopped)  # read when the files are moved into place
        report = _report(issue, articles, stage.seconds, made, out_dir, coarse, known)
        report.spacing = spacing.report(next((one.rendered.lines for one in made if one.rendered), []))
        report.print_findings = [asdict(f) for one in made if one.rendered and one.edition.name == "print"
                                 for f in spacing.findings(one.rendered.lines)]
        report.moved = moves.compare(before, report.articles)
        if strict and report.warnings:
            raise validate.strict_error(report.warnings)
        report.files = describe_all(folder)
        report.stopped = stopped
        (folder / "build.json").write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    if workshop is not None:
        workshop.forget_unused()
    if stopped:
        earlier = all((out_dir / f"{issue.slug}-{issue.number}{EDITIONS[name].suffix}").is_file() for name in stopped)
        raise _stopped_error(stopped, made, report, earlier=earlier)
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


def _made(issue: Issue, articles, edition: Edition, stem: Path, workshop: Workshop | None, ready=None,
          glimpse=None, fork: bool = False) -> Made:
    """One edition made (by its kind's maker), what follows it made, and all of it checked as a printer would.

    `ready(edition, file, changed pages)` is told as soon as the edition's file is written. With `fork`, what
    follows the edition is made in processes forked from this one (they see its laid-out pages), while this one
    checks the edition's own file.
    """
    clock = Stages()
    made = clock(edition.name, MAKERS[edition.kind], issue, articles, edition, stem, workshop, ready, glimpse)
    made.articles = articles
    following = {name: (Forked if fork else Now)(_follow, issue, made, name) for name in edition.then}
    made.articles = []  # what follows stays in this process: the articles and the laid-out pages
    made.rendered = replace(made.rendered, layout=None) if made.rendered else None
    made.checked = clock("preflight", _preflight, issue, made.files)
    for name, follower in following.items():
        made.followers[name], files, checked, seconds = follower.result()
        made.files |= files
        made.checked |= checked
        for stage, took in seconds.items():
            clock.note(stage, took)
    made.seconds = clock.seconds
    return made


def _follow(issue: Issue, made: Made, name: str) -> tuple[dict, dict, dict, dict]:
    """What follows an edition made and its files checked: its report, files, their preflight and the seconds."""
    clock = Stages()
    report, files = clock(name, FOLLOWERS[name], issue, made)
    return report, files, clock("preflight", _preflight, issue, files), clock.seconds


class Now:
    """`function(*args)` called here and now; `result()` gives what it returned (as `Forked` does)."""

    def __init__(self, function, *args):
        self.value = function(*args)

    def result(self):
        return self.value


class Forked:
    """`function(*args)` in a process forked from this one, so it sees this one's memory (the laid-out pages);
    `result()` waits for what it returned, or raises what it raised."""

    def __init__(self, function, *args):
        self.receiving, sending = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.get_context("fork").Process(target=_answer, args=(sending, function, args))
        self.process.start()
        sending.close()

    def result(self):
        try:
            raised, value = self.receiving.recv()
        except EOFError:  # it ended without answering
            raised, value = True, None
        self.process.join()  # its exit status is known once it has ended
        if raised:
            raise value or RuntimeError(f"a forked process ended with status {self.process.exitcode}")
        return value


def _answer(sending, function, args) -> None:
    try:
        answer = (False, function(*args))
    except BaseException as error:  # handed to the parent, which raises it where it waits
        answer = (True, error)
    sending.send(answer)
    sending.close()


def _pdf(issue: Issue, articles, edition: Edition, stem: Path, workshop: Workshop | None, ready, glimpse) -> Made:
    """A PDF edition laid out part by part and written."""
    cache = issue.root / "output" / ".cache"
    renderer = workshop.renderer(issue, edition, cache) if workshop else renderer_for(issue, edition, cache)
    laid = layout.lay_out_edition(renderer, issue, articles, edition)
    if glimpse is not None:
        glimpse(edition.name, laid.changed, laid.layout.pages, lambda: render.draft(laid.layout, laid.changed))
    rendered = _written(issue, edition, renderer, laid.layout)
    renderer.choices.save()
    path = stem.with_name(stem.name + edition.suffix)
    path.write_bytes(rendered.pdf)
    if ready is not None:
        ready(edition.name, path, laid.changed)
    return Made(edition, replace(rendered, pdf=b""), laid.padding, files={edition.name: (path, edition.preflight)},
                changed=laid.changed)


def _epub(issue: Issue, articles, edition: Edition, stem: Path, workshop, ready, glimpse) -> Made:
    epub.write(issue, articles, stem.with_name(stem.name + edition.suffix),
               stylesheet=issue.root / "styles" / edition.stylesheet)
    return Made(edition, None, 0)


def _web(issue: Issue, articles, edition: Edition, stem: Path, workshop, ready, glimpse) -> Made:
    pdfs = "reader" in issue.editions and "article_pdfs" in EDITIONS["reader"].then  # each article's PDF beside it
    web.write_issue(issue, articles, stem.with_name(stem.name + edition.suffix),
                    pdf_names=[f"{articlepdfs.FOLDER}/{articlepdfs.file_name(issue, a)}" if pdfs else ""
                               for a in articles])
    return Made(edition, None, 0)


MAKERS = {"pdf": _pdf, "epub": _epub, "web": _web}  # Edition.kind -> what makes the edition in the staging folder


def _owned(issue, editions: list[Edition], stopped=()) -> list[str]:
    """Every file name a build of this issue may write, so one it did not make this time is removed;
    but not the files of editions it `stopped`: the last good build's stay."""
    keep = set(stopped)
    suffixes = [edition.suffix for edition in EDITIONS.values() if edition.name not in keep]
    suffixes += [suffix for edition in EDITIONS.values() if edition.name not in keep
                 for follower in edition.then for suffix in FOLLOWER_OUTPUTS.get(follower, {}).values()]
    folders = [articlepdfs.FOLDER] if not any("article_pdfs" in EDITIONS[name].then for name in keep) else []
    return [f"{issue.slug}-{issue.number}{suffix}" for suffix in suffixes] + folders


def _report(issue, articles, seconds, made: list[Made], out_dir: Path, coarse: list, known: list[str]) -> Report:
    """build.json: what was made, where each article starts, and every warning once (`known`: those found
    before layout; `coarse`: the pictures measured too coarse)."""
    checked = {role: report for one in made for role, report in one.checked.items()}
    coarse = [problem for problem in coarse if problem.warning]
    preflight_warnings, pictures = _found(issue, made, "warn", {problem.picture for problem in coarse})
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
        warnings=list(dict.fromkeys(_paged(known, coarse, pictures)
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
        """`function(*args)` for each of `calls`, in a process each when `apart` and there are several (in `pool`'s
        when given: build --all's, shared by the issues); the stages they ran noted in order."""
        if hasattr(self.progress, "begin"):
            self.progress.begin("editions")
        if pool is not None:
            results = list(pool.map(function, *zip(*calls)))
        elif apart and len(calls) > 1:
            # a process each: the short ones (EPUB, web pages) share the cores with the long ones for the moment
            # they take, rather than wait for one and make the build that much longer
            with ProcessPoolExecutor(len(calls), mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(function, *zip(*calls)))
        else:
            results = [function(*args) for args in calls]
        names = list(dict.fromkeys(name for result in results for name in result.seconds))
        for name in sorted(names, key=lambda name: name == "preflight"):  # each file's check last, as one stage
            self.note(name, sum(result.seconds.get(name, 0) for result in results))
        return results


def _written(issue: Issue, edition: Edition, renderer: render.Renderer, laid: render.Layout) -> Rendered:
    """One edition's layout written as its PDF: links, file ID, PDF variant and ink as its row says."""
    return renderer.write(laid, links=edition.links, identifier=edition.identifier(issue),
                          variant=edition.variant(issue), black_ink=edition.ink(issue) == "press")


def renderer_for(issue: Issue, edition: Edition, cache: Path | None = None) -> render.Renderer:
    """The edition's renderer: its stylesheets, settings, pictures and output profile; and the even-spacing
    choices of the last build and its converted pictures, kept in the folder `cache` (choices.py, pictures.Kept)."""
    chosen = cache / f"{issue.slug}-{issue.number}-{edition.name}.json" if cache else None
    pictures = edition.pictures(issue)
    return render.Renderer(base=issue.folder, roots=[issue.folder, issue.root / "templates", issue.root / "styles"],
                           stylesheets=_stylesheets(issue, edition),
                           extra_css=document.settings_css(issue, edition=edition),
                           cmyk_profile=edition.profile(issue),
                           convert=Kept(pictures, cache / "pictures") if cache else pictures,
                           choices=Choices(chosen, _fingerprint(issue, edition)))


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


def _impose(issue: Issue, made: Made) -> tuple[dict, dict]:
    """The booklet as the printer asked for it in `print:`, and its job ticket beside it; and the files to check."""
    from pamphleteer.impose import impose, write_jobticket

    settings = issue.print
    edition = made.files[made.edition.name][0]  # the booklet's files are named after it: <slug>-<N>-booklet.pdf
    stem = edition.name.removesuffix(made.edition.suffix)
    outputs = {role: edition.with_name(stem + suffix) for role, suffix in FOLLOWER_OUTPUTS["booklet"].items()}
    report = impose(edition, outputs["booklet"], binding=settings.binding_side,
                    layout="signatures" if settings.binding == "perfect" else "saddle",
                    last=settings.last, signature=settings.signature, sheet=settings.sheet,
                    scale=settings.scale, marks=settings.marks, creep=settings.creep, duplex=settings.duplex,
                    cover_apart=outputs["cover"] if settings.cover_apart else None,
                    slug_text=f"{issue.name} No. {issue.number}")
    write_jobticket(report, outputs["jobticket"])
    return report.as_dict(), {role: (outputs[role], FOLLOWER_PREFLIGHT[role]) for role in FOLLOWER_PREFLIGHT
                              if outputs[role].exists()}


def _booklet(issue: Issue, made: Made) -> tuple[dict, dict]:
    """A booklet unless the journal is not bound (`print: binding: none`)."""
    return _impose(issue, made) if issue.print.binding != "none" else ({}, {})


def _article_pdfs(issue: Issue, made: Made) -> tuple[dict, dict]:
    """A PDF per article, from the pages of the edition it follows (the reader's)."""
    folder = made.files[made.edition.name][0].parent / articlepdfs.FOLDER
    return articlepdfs.write_all(issue, made.articles, made.rendered, folder, variant=made.edition.variant(issue),
                                 keep=issue.root / "output" / ".cache" / articlepdfs.FOLDER), {}


FOLLOWERS = {"booklet": _booklet, "article_pdfs": _article_pdfs}  # what can follow an edition (Edition.then):
# each makes its files from the edition's -> (its report for build.json, {role: (file, preflight profile)})


def _preflight(issue: Issue, files: dict[str, tuple[Path, str]]) -> dict:
    """Every output checked as a printer would (and the checks not even loaded where there is nothing to check:
    the EPUB's and the web pages' processes)."""
    if not files:
        return {}
    from pamphleteer.preflight import PreflightRules, preflight

    rules = PreflightRules(saddle=issue.print.saddle, standard=issue.print.standard,
                           min_ppi_warn=issue.print.min_ppi_warn, min_ppi_error=issue.print.min_ppi_error,
                           expected_fonts=tuple(issue.fonts.families))
    screen = replace(rules, standard=None, min_ppi_warn=CSS_PX, min_ppi_error=CSS_PX)  # as screens show pictures
    return {role: preflight(path, profile=profile, rules={"print": rules, "reader": screen}.get(
        profile, replace(rules, standard=None))) for role, (path, profile) in files.items()}


def _failed(issue: Issue, made: list[Made]) -> dict[str, list[str]]:
    """Each edition whose files (its own or what follows it) failed preflight, with the failures."""
    failed = {}
    for one in made:
        failures = _found(issue, [one], "fail")[0]
        if failures:
            failed[one.edition.name] = failures
    return failed


WORDS = {"reader": "the reader's edition", "print": "the print edition", "epub": "the EPUB", "web": "the web pages",
         "booklet": "the booklet", "cover": "the cover sheet"}  # an edition or a file, in the editor's words


def _found(issue: Issue, made: list[Made], status: str,
           measured=frozenset()) -> tuple[list[str], dict[Path, list[str]]]:
    """Preflight's findings of `status`, each once however many files it was found in, with the pages as the
    editor reads them (p. 6; a booklet's sheet 3, front) and pictures by their file, not their PDF name.

    A picture `validate.coarse_pictures` found too coarse (`measured`) is left to its message, which names
    the manifest's line; the pages each picture was found on come back by picture file, for that message.
    """
    from pamphleteer.preflight.registry import page_ranges

    found: dict[tuple, list[str]] = {}
    pages: dict[Path, list[str]] = {}
    for one in made:
        names = one.rendered.pictures if one.rendered else {}
        for role, report in one.checked.items():
            for f in report.findings:
                if f.status != status:
                    continue
                numbers = f.pages or ((f.page,) if f.page is not None else ())
                message = f.message.removesuffix(f" (pages {page_ranges(list(numbers))})") if len(numbers) > 1 \
                    else f.message
                picture = names.get(f.obj[2:34]) if f.obj and f.obj.startswith("/i") else None
                what = _shown(picture, issue) if picture else f.obj
                where = _where(role, numbers)
                if picture is not None and role == one.edition.name:
                    pages.setdefault(picture, []).append(where.removeprefix(WORDS[role]).strip())
                if picture in measured and f.check == "pictures":
                    continue
                found.setdefault((f.check, what, message), [])
                if where not in found[(f.check, what, message)]:
                    found[(f.check, what, message)].append(where)
    lines = [f"{'; '.join(wheres)}: {what + ': ' if what else ''}{check}: {message}"
             for (check, what, message), wheres in found.items()]
    return lines, pages


def _paged(found: list[str], coarse: list, pages: dict[Path, list[str]]) -> list[str]:
    """Each coarse picture's warning with the pages it is printed on: `(articles/post.txt, p. 4)`."""
    paged = {str(problem): str(problem).replace(
        f"({problem.owner})", f"({problem.owner}, {', '.join(dict.fromkeys(pages[problem.picture]))})", 1)
        for problem in coarse if pages.get(problem.picture)}
    return [paged.get(warning, warning) for warning in found]


def _where(role: str, numbers) -> str:
    """`the print edition p. 4-6`, `the booklet sheet 2, front`: where a finding is, in the editor's words."""
    named = WORDS.get(role, role)
    if not numbers:
        return named
    if role in ("booklet", "cover"):
        sides = [f"sheet {(n + 1) // 2}, {'front' if n % 2 else 'back'}" for n in numbers]
        return f"{named} {'; '.join(sides[:3])}" + (f" and {len(sides) - 3} more sides" if len(sides) > 3 else "")
    from pamphleteer.preflight.registry import page_ranges

    return f"{named} {'p.' if len(numbers) == 1 else 'pp.'} {page_ranges(list(numbers))}"


def _shown(picture: Path, issue: Issue) -> str:
    """A picture file as the manifest would name it: from the issue folder."""
    path = Path(picture)
    return path.relative_to(issue.folder.resolve()).as_posix() if path.is_relative_to(issue.folder.resolve()) \
        else path.name


def _set_aside(made: list[Made], stopped: dict) -> list[Made]:
    """The stopped editions' files taken out of the staging folder, so the last good build's stay in place."""
    for one in made:
        if one.edition.name in stopped:
            for path, _ in one.files.values():
                path.unlink(missing_ok=True)
            if "article_pdfs" in one.edition.then:
                shutil.rmtree(one.files[one.edition.name][0].parent / articlepdfs.FOLDER, ignore_errors=True)
    return [one for one in made if one.edition.name not in stopped]


def _stopped_error(stopped: dict[str, list[str]], made: list[Made], report: Report | None = None, *,
                   earlier: bool = True) -> UserError:
    """What stopped editions, and what was written all the same (`earlier`: the stopped editions' files of an
    earlier build are there to keep); the report rides along (for `proof`)."""
    def words(names):
        named = [WORDS.get(name, f"the {name} edition") for name in names]
        return ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]

    lines = [problem for problems in stopped.values() for problem in problems]
    if made:
        kept = (f"{words(stopped)} not made; {words([one.edition.name for one in made])} written; "
                + (f"{words(stopped)}{' and booklet' * ('print' in stopped)} of the last good build kept" if earlier
                   else f"no earlier {'one' if len(stopped) == 1 else 'ones'} to keep"))
    else:
        kept = f"{words(stopped)} not made; the previous outputs are kept"
    error = UserError(f"{kept}:\n  " + "\n  ".join(lines))
    error.report = report
    return error


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
            self.renderers[key].keep()  # a page an edit did not touch is written without drawing it
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

