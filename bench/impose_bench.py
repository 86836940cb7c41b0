"""Benchmark the imposition stage on a 200-page digest.

Builds a 200-page digest (396 × 612 pt, 9 pt bleed, TrimBox and BleedBox)
with WeasyPrint (text set in DejaVu Serif, a few web and internal links per
article), imposes it in-process as a saddle-stitched booklet on tabloid with
marks and creep, and prints the best of 5 timings and the size ratio. When
`pdfimpose` is importable, or another interpreter that has it is named with
--pdfimpose-python (it uses PyMuPDF, which this venv does not need), its
saddle schema is timed on the same file the same way; it is not a dependency
of Pamphleteer.

    .venv/bin/python bench/impose_bench.py [--pages 200] [--keep DIR] [--pdfimpose-python PY]

Targets: under 0.3 s, output at most 1.3 × the source size.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pamphleteer.impose import impose  # noqa: E402
from pamphleteer.impose.slugfont import _subset  # noqa: E402  (cleared so each run pays for the font)

TARGET_SECONDS = 0.3
TARGET_RATIO = 1.3
WORDS = ("the strike committee met again in the square after the trial of the oil workers whose "
         "wages had been cut while the company reported record profits and the city waited for "
         "news from the capital about the appeal and the families of the accused").split()


def source_html(pages: int) -> str:
    """An issue of short articles: about two and a half digest pages of text per article."""
    articles = []
    for n in range(pages * 2 // 5):
        paragraphs = "".join(f"<p>{_sentence(n * 7 + k, 60 + (k * 13) % 40)}</p>" for k in range(9))
        articles.append(f"<article id='a{n}'><h2>Article {n + 1}: {_sentence(n, 6)}</h2>"
                        f"<p class='by'>By Correspondent {n % 11 + 1} · "
                        f"<a href='https://example.org/issue/47/{n}'>web edition</a> · "
                        f"<a href='#a{max(n - 1, 0)}'>previous</a></p>{paragraphs}</article>")
    style = ("@page { size: 396pt 612pt; bleed: 9pt; margin: 54pt 48pt 60pt;"
             " @bottom-center { content: counter(page) } }"
             "body { font: 10pt/1.4 'DejaVu Serif', serif; hyphens: auto } h2 { break-before: page }")
    return f"<html lang='en'><style>{style}</style><body>{''.join(articles)}</body></html>"


def _sentence(seed: int, count: int) -> str:
    words = [WORDS[(seed * 31 + i * 17) % len(WORDS)] for i in range(count)]
    return " ".join(words).capitalize() + "."


def build_source(path: Path, pages: int) -> float:
    from weasyprint import HTML  # only to make the benchmark's input

    started = time.perf_counter()
    document = HTML(string=source_html(pages)).render()
    document.pages[:] = document.pages[:pages]
    document.write_pdf(path)
    return time.perf_counter() - started


def best_of(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_pamphleteer(source: Path, folder: Path) -> tuple[float, float]:
    """Saddle on tabloid with marks and creep; the slug font is subset anew each run, as in a build."""
    output = folder / "booklet.pdf"

    def run():
        _subset.cache_clear()
        impose(source, output, sheet="tabloid", creep="0.1mm", slug_text="Bench No. 1")

    seconds = best_of(5, run)
    return seconds, output.stat().st_size / source.stat().st_size


PDFIMPOSE_TIMING = """
import sys, time
from pdfimpose.schema import saddle
source, output = sys.argv[1], sys.argv[2]
times = []
for _ in range(5):
    started = time.perf_counter()
    saddle.impose([source], output, folds="h", last=1)
    times.append(time.perf_counter() - started)
print(min(times))
"""


def bench_pdfimpose(source: Path, folder: Path, python: str | None) -> str:
    """pdfimpose's saddle schema on the same source, best of 5 inside its interpreter."""
    if python is None and importlib.util.find_spec("pdfimpose") is not None:
        python = sys.executable
    if python is None:
        return ("pdfimpose: not installed, not compared (install it, or name an interpreter "
                "that has it with --pdfimpose-python)")
    output = folder / "pdfimpose.pdf"
    result = subprocess.run([python, "-c", PDFIMPOSE_TIMING, str(source), str(output)],
                            capture_output=True, text=True)
    if result.returncode:
        return f"pdfimpose: failed ({result.stderr.strip().splitlines()[-1]})"
    seconds = float(result.stdout.split()[-1])
    ratio = output.stat().st_size / source.stat().st_size
    return f"pdfimpose saddle: {seconds:.3f} s (best of 5), size ratio {ratio:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="keep the source and booklet in this folder")
    parser.add_argument("--pdfimpose-python", default=os.environ.get("PDFIMPOSE_PYTHON"),
                        help="an interpreter with pdfimpose installed, to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "digest.pdf"
        built = build_source(source, args.pages)
        print(f"source: {args.pages} pages, {source.stat().st_size / 1024:.0f} KiB "
              f"(WeasyPrint, {built:.1f} s to build)")
        seconds, ratio = bench_pamphleteer(source, folder)
        verdict = "ok" if seconds < TARGET_SECONDS and ratio <= TARGET_RATIO else "MISSED"
        print(f"pamphleteer saddle: {seconds:.3f} s (best of 5), size ratio {ratio:.2f} "
              f"[target < {TARGET_SECONDS} s, <= {TARGET_RATIO}: {verdict}]")
        print(bench_pdfimpose(source, folder, args.pdfimpose_python))
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
