"""Benchmark a whole build against a bare render, and an edit against the reader PDF on screen.

Makes a throwaway journal folder beside the demo with three issues made
from the demo's own articles and pictures: 47 as it is (36 pages in print),
56 (the articles once and three of them again, about 56 pages) and 200 (the
articles six times). Then, all in this one run, on this machine:

- a bare render: WeasyPrint's own command line on what `pamphleteer html N`
  writes (`weasyprint FILE out.pdf`, no other options), best of --runs;
- `pamphleteer build N`: all editions, booklet and preflight, best of --runs,
  each after one word of one article changed since the build before (whose
  caches it finds, as an editor's next build does), taking turns with the
  bare render, and its ratio to the bare render (target: at most 1.2 at 36
  and at 200 pages);
- the largest resident memory of any process of the 200-page build (target: 300 MB);
- edit to PDF: `pamphleteer watch 56` running, one word of one article
  changed and saved, until the reader PDF in place is new (target 1.5 s),
  median of --edits, each save made once the rebuild before it is done
  (its build.json written);
- edit to page: the same with `pamphleteer preview 56` in headless Chromium,
  until the page shows the new build (target 1.0 s; preview_bench.py);
- `build --all -j 2` against `-j 1` on three issues, best of two runs each (target 1.8; many_bench.py).

All in one table. The machine's load average is printed with it: another
program busy on the two cores slows every row.

    .venv/bin/python bench/build_bench.py [--runs 3] [--edits 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
WORDS = (" the city ", " eth city ")  # one word changed, its letters all in the fonts' subsets already
TARGETS = {"ratio": 1.2, "edit": 1.5, "memory": 300, "page": 1.0, "jobs": 1.8}


def make_journal(folder: Path) -> None:
    """The demo journal with issues 47, 56 and 200 made of the demo's articles."""
    for name in ("journal.yaml", "templates", "styles"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    shutil.copytree(ROOT / "issues" / "47", folder / "issues" / "47")
    manifest = (ROOT / "issues" / "47" / "issue.yaml").read_text()
    head, entries = manifest.split("articles:\n", 1)
    entries, tail = entries.split("back_page:", 1)
    blocks = ["  - file:" + block.rstrip("\n") + "\n" for block in ("\n" + entries).split("\n  - file:")[1:]]
    for number, copies in ((56, [blocks, blocks[2:5]]), (200, [blocks] * 6)):
        issue = folder / "issues" / str(number)
        shutil.copytree(ROOT / "issues" / "47", issue)
        listed = []
        for copy, group in enumerate(copies):
            for block in group:
                name = block.split("file: articles/", 1)[1].split("\n", 1)[0]
                stem, suffix = name.rsplit(".", 1)
                renamed = f"{stem}-{copy}.{suffix}"
                if copy:
                    shutil.copy(issue / "articles" / name, issue / "articles" / renamed)
                listed.append(block.replace(f"articles/{name}", f"articles/{renamed if copy else name}"))
        text = head.replace("issue: 47", f"issue: {number}") + "articles:\n" + "".join(listed) + "back_page:" + tail
        (issue / "issue.yaml").write_text(text)


def timed(command: list, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def bare_and_build(journal: Path, number: int, runs: int) -> tuple[float, float, int]:
    """The best of `runs` bare renders and of `runs` builds, taking turns (this machine's speed drifts by the
    minute: a ratio of runs made side by side holds better than one of runs made minutes apart). Before each
    build one word of one article is changed, as an editor's next build follows an edit."""
    html = journal / f"bare-{number}.html"
    subprocess.run([PY, "-m", "pamphleteer", "html", str(number), "-o", str(html)], cwd=journal, check=True)
    build = [PY, "-m", "pamphleteer", "build", str(number), "--quiet"]
    subprocess.run(build, cwd=journal, check=True, capture_output=True)  # a first build: the caches of the next
    article = journal / "issues" / str(number) / "articles" / "transit.md"
    bare, built = [], []
    for _ in range(runs):
        bare.append(timed([PY, "-m", "weasyprint", str(html), str(journal / f"bare-{number}.pdf")], journal))
        _change_word(article)
        built.append(timed(build, journal))
    bare, built = min(bare), min(built)
    pages = int(subprocess.run(["pdfinfo", str(journal / "output" / str(number) / f"lantern-{number}.pdf")],
                               capture_output=True, text=True).stdout.split("Pages:")[1].split()[0])
    return bare, built, pages


def edit_to_pdf(journal: Path, number: int, edits: int) -> list[float]:
    """Seconds from saving one changed word to a new reader PDF in place, while `watch` runs."""
    reader = journal / "output" / str(number) / f"lantern-{number}.pdf"
    article = journal / "issues" / str(number) / "articles" / "transit.md"
    watch = subprocess.Popen([PY, "-m", "pamphleteer", "watch", str(number), "--quiet"], cwd=journal,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        report = reader.with_name("build.json")  # written last: the whole rebuild is done
        _wait_for_change(report, None, 120)
        seconds = []
        for n in range(edits):
            before, done = reader.stat().st_mtime_ns, report.stat().st_mtime_ns
            start = time.perf_counter()
            _change_word(article)
            _wait_for_change(reader, before, 60)
            seconds.append(time.perf_counter() - start)
            _wait_for_change(report, done, 60)  # the rest of that rebuild: print edition, booklet, checks
            time.sleep(0.3)  # and the file watcher settled, as an editor's next save would find it
        return seconds
    finally:
        watch.terminate()
        watch.wait(10)


def _change_word(article: Path) -> None:
    """One word changed (not a space, which changes no line), its letters all in the fonts' subsets already."""
    text = article.read_text()
    old, new = WORDS if WORDS[0] in text else WORDS[::-1]
    article.write_text(text.replace(old, new, 1))


def _wait_for_change(path: Path, before: int | None, limit: float) -> None:
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        if path.exists() and path.stat().st_mtime_ns != before:
            return
        time.sleep(0.005)
    raise SystemExit(f"no new {path.name} within {limit} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the journal folder here")
    args = parser.parse_args()
    journal = args.keep or Path(tempfile.mkdtemp(prefix="pamphleteer-bench-"))
    journal.mkdir(parents=True, exist_ok=True)
    make_journal(journal)
    print(f"{'measure':<56} {'value':>8} {'target':>7}  detail (load average {os.getloadavg()[0]:.1f} at the "
          f"start on {os.cpu_count()} cores)", flush=True)

    def row(name: str, value: float, target: float, detail: str) -> None:
        """A row as soon as it is measured (a later failure keeps it)."""
        mark = "ok" if (value <= target if target > 0 else value >= -target) else "MISSED"
        print(f"{name:<56} {value:8.2f} {abs(target):7} {mark:6} {detail}", flush=True)

    for number in (47, 200):
        bare, built, pages = bare_and_build(journal, number, args.runs)
        row(f"build {number} ({pages} reader pages) / bare render", built / bare, TARGETS["ratio"],
            f"{built:.2f} s / {bare:.2f} s")
    memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    row("largest process, any build (MB)", memory, TARGETS["memory"], "")
    edits = edit_to_pdf(journal, 56, args.edits)
    row("edit to reader PDF, issue 56 (s, median)", statistics.median(edits), TARGETS["edit"],
        " ".join(f"{s:.2f}" for s in edits))
    import many_bench      # noqa: PLC0415 (they import make_journal from here)
    import preview_bench   # noqa: PLC0415

    shown, _, pages = preview_bench.measure(journal, 56, args.edits, "transit.md", Path(tempfile.mkdtemp()))
    row(f"edit to preview page, issue 56, {pages} pages (s, median)", statistics.median(shown), TARGETS["page"],
        " ".join(f"{s:.2f}" for s in shown))
    (journal / "three").mkdir()
    (one, _), (two, _) = many_bench.measure(journal / "three", repeat=2)  # best of two each, taking turns
    row("build --all, 3 issues: -j 1 / -j 2 (at least)", one / two, -TARGETS["jobs"], f"{one:.1f} s / {two:.1f} s")
    print(f"(load average {os.getloadavg()[0]:.1f} at the end)")
    if not args.keep:
        shutil.rmtree(journal, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
