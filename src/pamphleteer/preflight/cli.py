"""The `pamphleteer preflight PDF` subcommand: print the table, exit 1 on a failed check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pamphleteer import pdffile
from pamphleteer.preflight import preflight, recognise
from pamphleteer.preflight.document import Document
from pamphleteer.preflight.rules import PROFILES, STANDARDS, PreflightRules


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the preflight subcommand; main() dispatches args.func(args) and exits with its result."""
    parser = subparsers.add_parser(
        "preflight", help="check a PDF the way a printer would",
        description="Check a PDF for what printers reject: fonts, glyphs, boxes, marks, "
                    "PDF/X output intent, colour, picture resolution, annotations, page count.")
    parser.add_argument("pdf", type=Path, metavar="PDF", help="the PDF to check")
    parser.add_argument("--profile", choices=PROFILES, default=None,
                        help="print, reader or booklet (default: recognised by the file's page boxes and pages)")
    parser.add_argument("--standard", choices=tuple(STANDARDS),
                        help="PDF/X version to hold the file to (default: what it declares)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """0 when no check failed, 1 otherwise. UserError propagates to main()."""
    if args.profile is None:
        with pdffile.logged_warnings() as warnings:
            args.profile, why = recognise(Document(pdffile.open_pdf(args.pdf), warnings))
        sys.stdout.write(f"{args.pdf.name}: checked as {args.profile} ({why}); --profile chooses another\n")
    report = preflight(args.pdf, profile=args.profile, rules=PreflightRules(standard=args.standard))
    sys.stdout.write(report.table())
    return 0 if report.ok else 1
