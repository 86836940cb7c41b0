"""`pamphleteer impose IN.pdf -o OUT.pdf [...]`: the imposition stage on the command line.

A thin wrapper: options map one to one onto `impose()`; it writes
`<OUT stem>-jobticket.txt` beside OUT and prints one line. UserError is left
to the caller (the main command line prints it and exits with status 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pamphleteer.impose import impose, write_jobticket
from pamphleteer.geometry import number


def register(subparsers) -> argparse.ArgumentParser:
    """Add the `impose` subcommand to an argparse subparsers object."""
    parser = subparsers.add_parser(
        "impose", help="arrange a print PDF's pages on press sheets (booklet, signatures, n-up)",
        description="Arrange the pages of a print PDF on press sheets and write a job ticket beside the output.")
    parser.add_argument("source", type=Path, metavar="IN.pdf", help="the print PDF, one trimmed page per page")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf",
                        help="the imposed PDF to write (its job ticket goes beside it)")
    parser.add_argument("--layout", default="saddle", help="saddle (default), signatures or nup")
    parser.add_argument("--last", type=int, default=1, metavar="K",
                        help="keep the last K pages last; blanks go before them (default 1: the back cover)")
    parser.add_argument("--signature", type=int, default=16, metavar="K",
                        help="pages per signature, a multiple of 4 (layout signatures; default 16)")
    parser.add_argument("--nup", type=int, default=2, metavar="N", help="pages per side: 2, 4 or 8 (layout nup)")
    parser.add_argument("--sheet", metavar="SIZE",
                        help="press sheet: letter, legal, tabloid, a5, a4, a3, sra3 or WxH with mm, in or pt "
                             "(default: exactly the spread, no marks)")
    parser.add_argument("--scale", action="store_true", help="shrink the spread if the sheet is too small")
    marks = parser.add_mutually_exclusive_group()
    marks.add_argument("--no-marks", dest="marks", action="store_false", default=None,
                       help="no crop, fold marks or slug")
    marks.add_argument("--marks", dest="marks", action="store_true",
                       help="require marks (an error if the sheet has no room); default: marks when there is room")
    parser.add_argument("--creep", default="0", metavar="LENGTH",
                        help="paper thickness, e.g. 0.1mm: each nested sheet's pages move that much toward the spine")
    parser.add_argument("--duplex", default="long", help="the edge the printer flips on: long (default) or short")
    parser.add_argument("--binding", default="left", help="left (default) or right for right-to-left journals")
    parser.add_argument("--cover-apart", type=Path, metavar="COVER.pdf",
                        help="write the cover sheet (pages 1, 2, N-1, N) to this file and impose the interior alone")
    parser.add_argument("--slug", metavar="TEXT", help="journal and issue, printed on the slug line")
    parser.set_defaults(func=run)
    return parser


def run(args) -> int:
    report = impose(args.source, args.output, layout=args.layout, last=args.last, signature=args.signature,
                    nup=args.nup, sheet=args.sheet, scale=args.scale, marks=args.marks, creep=args.creep,
                    duplex=args.duplex, binding=args.binding, cover_apart=args.cover_apart,
                    slug_text=args.slug)
    ticket = write_jobticket(report, args.output.with_name(f"{args.output.stem}-jobticket.txt"))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(summary(report, ticket))
    return 0


def summary(report, ticket: Path) -> str:
    facts = report.as_dict()
    blanks = f" ({facts['blanks_added']} blank)" if facts["blanks_added"] else ""
    sheet = " × ".join(number(v) for v in facts["sheet_size"]["mm"]) + " mm"
    if report.sheet_name:
        sheet = f"{report.sheet_name.upper()} {sheet}"
    cover = f", cover in {report.cover.name}" if report.cover else ""
    return (f"{report.output.name}: {facts['pages']} pages{blanks} on {facts['sheets']} sheets of {sheet}, "
            f"{report.layout}, duplex {report.duplex} edge{cover}; job ticket {ticket.name}")
