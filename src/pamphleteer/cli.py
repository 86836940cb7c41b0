"""The command line: `pamphleteer build|check|settings|proof|new|import|watch|preview|impose|preflight ...`.

The only place that catches UserError: it prints `path:line:col: message`
and exits with status 2, without a traceback. Each command is a thin
wrapper over one library function; what it prints goes through `Progress`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from pamphleteer import __version__, collector
from pamphleteer.errors import UserError, display_path
from pamphleteer.progress import Progress

OUT_HELP = "the folder for the PDFs (default output/NUMBER in the journal's folder)"
PREVIEW_PORT = 8470
PLUGINS = {  # commands that live with their stage, imported only when asked for (pypdf is slow to import)
    "impose": "pamphleteer.impose.command",
    "preflight": "pamphleteer.preflight.cli",
}


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # this process is the command: its collector and its end are its own (not a caller's)
        collector.collect_less()
        collector.leave(_command(sys.argv[1:]))
    return _command(argv)


def _command(argv: list[str]) -> int:
    parser = _parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except UserError as error:
        print(f"pamphleteer: {error}" if error.path is None and "\n" not in str(error) else str(error),
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of what it prints went away (`| head`): as a program the pipe stopped
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to write at the end
        return collector.SIGPIPE_STATUS


def _parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pamphleteer", description="Typeset a journal issue.")
    parser.add_argument("--version", action="version", version=f"pamphleteer {__version__}",
                        help="print the version and stop")
    commands = parser.add_subparsers(metavar="COMMAND")
    issue_help = "an issue number (looked up under issues/), a folder or a manifest"

    build = commands.add_parser("build", help="build the reader, print and booklet PDFs of an issue")
    build.add_argument("issue", nargs="?", help=issue_help)
    build.add_argument("--out", type=Path, help=OUT_HELP + "; with --all, OUT/NUMBER")
    build.add_argument("--all", action="store_true", help="build every issue under issues/, in parallel")
    build.add_argument("-j", "--jobs", type=int, metavar="N", help="with --all: how many processes make editions "
                                                                     "at once (default: the number of cores)")
    _loudness(build)
    build.set_defaults(func=_build)

    check = commands.add_parser("check", help="check an issue's manifests, articles and pictures without rendering")
    check.add_argument("issue", help=issue_help)
    _loudness(check)
    check.set_defaults(func=_check)

    proof = commands.add_parser("proof", help="build an issue and write PNG proofs into output/N/proof/")
    proof.add_argument("issue", help=issue_help)
    proof.add_argument("--out", type=Path, help=OUT_HELP)
    proof.add_argument("--dpi", type=int, default=60, help="the proof pictures' resolution (default 60)")
    _loudness(proof)
    proof.set_defaults(func=_proof)

    page = commands.add_parser("html", help="an edition as the one HTML document WeasyPrint lays out, "
                                            "stylesheets written in")
    page.add_argument("issue", help=issue_help)
    page.add_argument("--edition", default="reader", help="reader (default) or print")
    page.add_argument("-o", "--output", type=Path, help="the file to write (default: print it)")
    page.set_defaults(func=_html)

    settings = commands.add_parser("settings", help="every setting of an issue: its value and where it comes from")
    settings.add_argument("issue", help=issue_help)
    settings.set_defaults(func=_settings)

    new = commands.add_parser("new", help="start the next issue's folder from the journal and the last issue")
    new.add_argument("issue", type=int, nargs="?", help="its number (default: one more than the latest)")
    new.add_argument("--date", help="its date, as the manifest writes it (default: one step after the last)")
    new.set_defaults(func=_new)

    imp = commands.add_parser("import", help="turn a mail post (.txt), Word document (.docx) or web page (.html) "
                                             "into an article of an issue")
    imp.add_argument("file", type=Path, help="a mail post (.txt), a Word document (.docx) or a saved web page")
    imp.add_argument("--into", metavar="ISSUE", help="the issue to add it to (default: the latest)")
    imp.add_argument("--picture", type=Path, action="append", default=[], metavar="FILE",
                     help="a picture for it, in the order the text names them (repeat for more)")
    imp.add_argument("--name", help="the article's file name, without .md (default: from its title)")
    imp.add_argument("--section", help="the section it goes in")
    imp.add_argument("--encoding", default="utf-8", help="the text's encoding when not UTF-8, such as cp1252")
    imp.set_defaults(func=_import)

    watch = commands.add_parser("watch", help="build an issue, then again whenever its files, a template "
                                              "or a style change (Ctrl-C stops)")
    watch.add_argument("issue", help=issue_help)
    watch.add_argument("--out", type=Path, help=OUT_HELP)
    watch.add_argument("--max-rebuilds", type=int, metavar="N", help="stop after N rebuilds (default: never)")
    _loudness(watch)
    watch.set_defaults(func=_watch)

    preview = commands.add_parser("preview", help="build an issue and show its spreads in a browser, "
                                                  "updated at every change (Ctrl-C stops)")
    preview.add_argument("issue", help=issue_help)
    preview.add_argument("--out", type=Path, help=OUT_HELP)
    preview.add_argument("--port", type=int, default=PREVIEW_PORT,
                         help=f"the port on 127.0.0.1 (default {PREVIEW_PORT}; 0 takes any free one)")
    preview.add_argument("--dpi", type=int, default=96, help="the pages' resolution (default 96)")
    preview.add_argument("--max-rebuilds", type=int, metavar="N", help="stop after N rebuilds")
    _loudness(preview)
    preview.set_defaults(func=_preview)

    site = commands.add_parser("site", help="the journal's website in output/site/: every issue, its PDFs and EPUB, "
                                            "its articles as web pages, an Atom feed (builds issues not built yet)")
    _loudness(site)
    site.set_defaults(func=_site)

    wanted = [word for word in argv if not word.startswith("-")][:1]
    for name, module in PLUGINS.items():
        if not wanted or wanted[0] == name or wanted[0] not in commands.choices:
            _register(module, commands)
    return parser


def _loudness(command: argparse.ArgumentParser) -> None:
    loud = command.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    loud.add_argument("-v", "--verbose", action="store_true", help="print details: articles, files, sizes")
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _register(name: str, commands) -> None:
    import importlib

    try:
        module = importlib.import_module(name)
    except ImportError:
        return
    if hasattr(module, "register"):
        module.register(commands)


def _build(args) -> int:
    from pamphleteer.build import build

    if args.all == bool(args.issue) or (args.jobs is not None and not args.all):
        raise UserError("give an issue number, or --all (with -j N) for every issue under issues/")
    if args.all:
        return _build_all(args)
    progress = Progress.from_args(args)
    start = time.perf_counter()
    try:
        report = build(args.issue, args.out, progress=progress, strict=args.strict)
    except UserError as error:  # an edition stopped: the warnings of those written, then what stopped it
        for warning in getattr(getattr(error, "report", None), "warnings", []):
            progress.warn(warning)
        raise
    _built(report, time.perf_counter() - start, progress)
    return 0


def _build_all(args) -> int:
    """Each issue's result as it finishes, then a summary; status 2 if any failed."""
    from pamphleteer.many import build_all

    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"-j {args.jobs}: the number of issues built at once; expected 1 or more")
    progress = Progress.from_args(args)
    start = time.perf_counter()
    failed, total = [], 0
    for total, outcome in enumerate(build_all(jobs=args.jobs, out=args.out, strict=args.strict), start=1):
        if outcome.error:
            failed.append(outcome.issue)
            print(str(outcome.error), file=sys.stderr)
            progress(f"issue {outcome.issue} failed after {outcome.seconds:.1f} s")
        else:
            _built(outcome.report, outcome.seconds, progress)
    seconds = time.perf_counter() - start
    if failed:
        print(f"pamphleteer: {len(failed)} of {_count(total, 'issue')} failed ({', '.join(sorted(failed, key=lambda name: (len(name), name)))}); "
              f"the others are built ({seconds:.1f} s)", file=sys.stderr)
        return 2
    progress.result(f"built all {_count(total, 'issue')} in {seconds:.1f} s")
    return 0


def _built(report, seconds: float, progress: Progress) -> None:
    """Warnings, then what was made, in the editor's words: each file, what it is and its pages; then what moved
    since the last build (an article starting on another page, a heading pushed to another)."""
    from pamphleteer import moves

    for warning in report.warnings:
        progress.warn(warning)
    progress.result(f"built issue {report.issue} in {seconds:.1f} s; {_count(len(report.warnings), 'warning')}")
    folder = display_path(report.folder)
    rows = [(f"{folder / name}" + "/" * name.endswith("/"), _what(name, report)) for name in _in_order(report)]
    width = max(len(row[0]) for row in rows)
    for path, what in rows:
        progress.result(f"  {path:<{width}}  {what}")
    for sentence in moves.sentences(report.moved):
        progress.result(sentence)
    for name, described in report.files.items():
        progress.detail(f"{name}: {described['bytes'] / 1024:.0f} KiB")


def _in_order(report) -> list[str]:
    """The files a build made, in the order FILES describes them, then build.json."""
    stem = f"{report.slug}-{report.issue}"
    made = {name.split("/")[0] + "/" if "/" in name else name for name in report.files}  # a folder once
    made |= {name for name in (f"{stem}-jobticket.txt",) if (Path(report.folder) / name).is_file()}
    ordered = [name for suffix in FILES for name in (f"{stem}{suffix}", suffix) if name in made]
    return ordered + sorted(made - set(ordered)) + ["build.json"]


FILES = {  # what each file a build makes is, for the editor (by the end of its name)
    ".pdf": lambda r: f"the reader's edition, {r.pages.get('reader')} pages",
    "-print.pdf": lambda r: f"the print edition, {r.pages.get('print')} pages" + _padding(r),
    "-booklet.pdf": lambda r: f"the booklet for the press: {_count(r.imposition.get('sheets') or 0, 'sheet')}, "
                              "printed on both sides",
    "-cover.pdf": lambda r: "the cover sheet, for heavier paper",
    "-jobticket.txt": lambda r: "the job ticket: what to tell the print shop",
    "articles/": lambda r: f"a PDF of each article, its pages as in the issue ({len(r.articles)})",
    ".epub": lambda r: "the EPUB, for e-readers and phones",
    "-web/": lambda r: "the articles as web pages, for `make site`",
}


def _what(name: str, report) -> str:
    if name == "build.json":
        return "what was built: pages, where each article starts, warnings, checks"
    stem = f"{report.slug}-{report.issue}"
    describe = FILES.get(name.removeprefix(stem)) or FILES.get(name)
    return describe(report) if describe else ""


def _padding(report) -> str:
    pages = report.padding.get("notes_pages") or 0
    return f" ({_count(pages, 'page')} added before the back cover)" if pages else ""


def _check(args) -> int:
    from pamphleteer.document import plain
    from pamphleteer.validate import check

    progress = Progress.from_args(args)
    start = time.perf_counter()
    checked = check(args.issue, strict=args.strict)
    for article in checked.articles:
        progress.detail(f"{article.path.name}: {plain(article.title)} ({plain(article.author) or 'no author'}), "
                        f"{_count(len(article.blocks), 'block')}, {_count(len(article.pictures), 'picture')}")
    for warning in checked.warnings:
        progress.warn(warning)
    pictures = sum(len(article.pictures) for article in checked.articles)  # the manifest's and the articles' own
    pictures += bool(checked.issue.cover.picture)
    progress.result(f"issue {checked.issue.number}: {_count(len(checked.articles), 'article')} and "
                    f"{_count(pictures, 'picture')} are in order ({_count(len(checked.warnings), 'warning')}; "
                    f"checked in {time.perf_counter() - start:.2f} s)")
    return 0


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _proof(args) -> int:
    """Build, then proof what will be printed: the print edition's pages trimmed, its spreads, the booklet's sides."""
    from pamphleteer.build import build
    from pamphleteer.editions import EDITIONS
    from pamphleteer.outputs import locked
    from pamphleteer.proof import make_proofs

    progress = Progress.from_args(args)
    start = time.perf_counter()
    stopped = None
    try:
        report = build(args.issue, args.out, progress=progress, strict=args.strict)
    except UserError as error:  # an edition stopped (a picture too coarse to print): the others are proofed
        report, stopped = getattr(error, "report", None), error
        if report is None:
            raise
        for warning in report.warnings:
            progress.warn(warning)
    else:
        _built(report, time.perf_counter() - start, progress)
    out, stem = Path(report.folder), f"{report.slug}-{report.issue}"
    printed = "print" in report.pages and "print" not in report.stopped
    edition = "print" if printed else "reader"  # no print edition made this time: the reader's pages
    booklet, cover = out / f"{stem}-booklet.pdf", out / f"{stem}-cover.pdf"
    findings = report.print_findings if edition == "print" else report.spacing.get("findings", [])
    booklet = booklet if printed and booklet.is_file() else None
    with locked(out):  # no build replaces the files while they are proofed, nor another proof writes beside
        made = make_proofs(out / f"{stem}{EDITIONS[edition].suffix}", booklet,
                           out / "proof", dpi=args.dpi, findings=findings, pdf_name=f"{stem}-proof.pdf",
                           backs_turned=bool(report.imposition.get("duplex", {}).get("back_sides_turned_180")),
                           cover=cover if printed and cover.is_file() else None)
    folder = display_path(Path(made["folder"]))
    outlined = made["outlined"]
    progress.result(f"proofs of issue {report.issue} in {folder}/ ({time.perf_counter() - start:.1f} s):")
    rows = [("page-NN.png", f"the {edition} edition's {made['pages']} pages"
                            + (", trimmed" if edition == "print" else "")
                            + f", {_count(made['marked'], 'spacing finding')} marked in the margin"),
            ("contact-sheet.png", "the pages as spreads, as they face each other"
                                  + (f"; {_pages(outlined)} changed since the last proof, outlined" if outlined
                                     else "")),
            (Path(made["pdf"]).name, f"the spreads to send to co-editors ({made['pdf_bytes'] / 1024:.0f} KiB)")]
    if made["sheet_sides"]:
        rows.insert(2, ("sheet-NN.png", f"the booklet's {made['sheet_sides']} sheet sides, as printed"
                                        + (" (backs turned upright)" if report.imposition.get("duplex", {})
                                           .get("back_sides_turned_180") else "")))
    if made["cover_sides"]:
        rows.insert(3, ("cover-NN.png", f"the cover sheet's {made['cover_sides']} sides, imposed apart"))
    width = max(len(name) for name, _ in rows)
    for name, what in rows:
        progress.result(f"  {name:<{width}}  {what}")
    progress.detail(f"{_count(made['written'], 'PNG')} written; the others left as they were")
    if stopped is not None:
        raise stopped
    return 0


def _pages(numbers: list[int]) -> str:
    """`page 2`, `pages 2, 22–34`: runs of consecutive pages as ranges."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    shown = ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
    return ("page " if len(numbers) == 1 else "pages ") + shown


def _html(args) -> int:
    from pamphleteer.build import html
    from pamphleteer.editions import EDITIONS

    laid_out = [name for name, row in EDITIONS.items() if row.kind == "pdf"]  # the EPUB and web pages are not paged
    if args.edition not in laid_out:
        raise UserError(f"--edition {args.edition}: expected one of {', '.join(laid_out)}")
    text = html(args.issue, args.edition)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


def _site(args) -> int:
    from pamphleteer.manifest import find_journal
    from pamphleteer.site import build_site

    progress = Progress.from_args(args)
    folder = build_site(find_journal(Path.cwd()).parent, progress=progress)
    progress.result(f"website written to {folder}: open {folder / 'index.html'}")
    return 0


def _settings(args) -> int:
    from pamphleteer.manifest import load

    rows = [(name, _shown(value), origin) for name, value, origin in load(args.issue).effective()]
    widths = [max(len(row[column]) for row in rows) for column in (0, 1)]
    for name, value, origin in rows:
        print(f"{name:<{widths[0]}}  {value:<{widths[1]}}  {origin}".rstrip())
    return 0


def _shown(value) -> str:
    """A setting's value as YAML would write it, cut at 60 characters."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "(none)"
    elif isinstance(value, list):
        text = "[" + ", ".join(map(str, value)) + "]"
    else:
        text = str(value).replace("\n", " ") or '""'
    return text if len(text) <= 60 else text[:57] + "..."


def _new(args) -> int:
    from pamphleteer.newissue import describe, make_issue

    made = make_issue(args.issue, date=args.date)
    print("\n".join(describe(made)))
    return 0


def _import(args) -> int:
    from pamphleteer.importers import describe, import_article

    imported = import_article(args.file, into=args.into, pictures=args.picture, name=args.name,
                              section=args.section, encoding=args.encoding)
    print("\n".join(describe(imported)))
    for warning in imported.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if imported.problems:
        print("the issue does not check yet:", file=sys.stderr)
        print("\n".join(imported.problems), file=sys.stderr)
        return 1
    return 0


def _watch(args) -> int:
    from pamphleteer.watch import rebuilds, watched

    progress = Progress.from_args(args)
    progress(f"watching {', '.join(str(display_path(p)) for p in watched(args.issue))}; Ctrl-C stops")
    for count, rebuild in enumerate(rebuilds(args.issue, args.out, progress=progress, strict=args.strict)):
        _rebuilt(rebuild, progress)
        if args.max_rebuilds is not None and count >= args.max_rebuilds:
            break
    return 0


def _rebuilt(rebuild, progress: Progress) -> None:
    """The build's result or its error (what changed was said before the build)."""
    if rebuild.error:
        print(str(rebuild.error), file=sys.stderr)
        progress(f"build failed after {rebuild.seconds:.1f} s; waiting for the next change")
    else:
        _built(rebuild.report, rebuild.seconds, progress)


def _preview(args) -> int:
    from pamphleteer.preview import Preview
    from pamphleteer.watch import rebuilds

    progress = Progress.from_args(args)
    with Preview(port=args.port, dpi=args.dpi) as preview:
        print(f"preview of issue {args.issue} at {preview.url} (this computer only); Ctrl-C stops",
              file=sys.stderr, flush=True)  # even with --quiet: without it the preview cannot be found
        for count, rebuild in enumerate(rebuilds(args.issue, args.out, progress=progress, strict=args.strict,
                                                 ready=preview.ready, glimpse=preview.glimpse)):
            _rebuilt(rebuild, progress)
            shown = preview.show(rebuild)
            if shown.pages:
                progress(f"preview: {_count(len(shown.changed), 'page')} changed, {shown.rendered} rendered, "
                         f"on show {shown.seconds:.1f} s after the build began")
            if args.max_rebuilds is not None and count >= args.max_rebuilds:
                break
    return 0
