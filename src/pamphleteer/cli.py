"""The command line: `pamphleteer build|check|impose|preflight ...`.

The only place that catches UserError: it prints `path:line: message` and
exits with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pamphleteer.errors import UserError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pamphleteer", description="Typeset a journal issue.")
    commands = parser.add_subparsers(metavar="COMMAND")
    build = commands.add_parser("build", help="build the reader, print and booklet PDFs of an issue")
    build.add_argument("issue", help="an issue number (looked up under issues/), a folder or a manifest")
    build.add_argument("--out", type=Path, help="output folder (default output/NUMBER)")
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    build.set_defaults(func=_build)
    check = commands.add_parser("check", help="check an issue's manifest and articles without rendering")
    check.add_argument("issue")
    check.set_defaults(func=_check)
    proof = commands.add_parser("proof", help="build an issue and write PNG proofs into output/N/proof/")
    proof.add_argument("issue")
    proof.add_argument("--out", type=Path)
    proof.add_argument("--dpi", type=int, default=60)
    proof.add_argument("-q", "--quiet", action="store_true")
    proof.set_defaults(func=_proof)
    for module in _plugins():
        module.register(commands)
    return parser


def _plugins():
    """Commands that live with their stage."""
    from pamphleteer.impose import command as impose_command
    modules = [impose_command]
    try:
        from pamphleteer import preflight
        modules.append(preflight)
    except ImportError:
        pass
    return [m for m in modules if hasattr(m, "register")]


def _build(args) -> int:
    from pamphleteer.build import build

    say = None if args.quiet else (lambda line: print(line, file=sys.stderr))
    report = build(args.issue, args.out, progress=say)
    if not args.quiet:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        pages = ", ".join(f"{k} {v}" for k, v in report.pages.items())
        print(f"built issue {report.issue}: {pages} pages; {len(report.warnings)} warnings")
        for name in report.files:
            print(f"  {name}")
    return 0


def _check(args) -> int:
    from pamphleteer import manifest
    from pamphleteer.articles import read_articles

    issue = manifest.load(args.issue)
    articles = read_articles(issue)
    print(f"issue {issue.number}: {len(articles)} articles, manifest and articles are in order")
    return 0


def _proof(args) -> int:
    from pamphleteer.build import build
    from pamphleteer.proof import make_proofs

    report = build(args.issue, args.out, progress=None if args.quiet else (lambda l: print(l, file=sys.stderr)))
    out = Path(report.folder)
    name = f"{report.slug}-{report.issue}"
    made = make_proofs(out / f"{name}.pdf", out / f"{name}-booklet.pdf", out / "proof", dpi=args.dpi)
    print(f"proofs of issue {report.issue}: {made['pages']} pages, contact-sheet.png, "
          f"{made['sheet_sides']} booklet sheet sides in {made['folder']}")
    return 0
