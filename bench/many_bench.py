"""Benchmark `pamphleteer build --all`: three issues one at a time against two at a time.

Copies the journal (journal.yaml, templates, styles) and the demo issue 47
three times, as issues 47, 48 and 49, into a temporary folder, then times
`pamphleteer build --all -j 1` and `-j 2` there as the command line runs them
(fresh processes), best of --repeat runs each, and prints the ratio.

    .venv/bin/python bench/many_bench.py [--repeat 1] [--keep DIR]

Target: -j 2 at least 1.8 × faster than -j 1 (on an otherwise idle 2-core
machine; another program busy on the cores pulls the ratio down). Issues
alone cannot reach it: three issues on two processes leave one process idle
while the third issue is made, 1.5 × at best; so the pieces of work are
editions (six here), and the ceiling is set by how evenly they fall.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.8
ISSUES = (47, 48, 49)


def journal_with_three_issues(folder: Path) -> Path:
    for name in ("journal.yaml", "templates", "styles"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    for number in ISSUES:
        issue = shutil.copytree(ROOT / "issues" / "47", folder / "issues" / str(number))
        manifest = issue / "issue.yaml"
        manifest.write_text(manifest.read_text().replace("issue: 47", f"issue: {number}", 1))
    return folder


def timed_build_all(folder: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the command and its processes (the same work either way)."""
    shutil.rmtree(folder / "output", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pamphleteer", "build", "--all", "-j", str(jobs), "-q"],
                   cwd=folder, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measure(folder: Path, repeat: int = 1) -> tuple[tuple[float, float], tuple[float, float]]:
    """(wall, CPU) seconds of `build --all -j 1` and of `-j 2` on three issues made in `folder`, best of `repeat`."""
    journal_with_three_issues(folder)
    runs = {jobs: [] for jobs in (1, 2)}
    for _ in range(repeat):  # alternating, so a busy spell on the machine falls on both
        for jobs in runs:
            runs[jobs].append(timed_build_all(folder, jobs))
    return min(runs[1]), min(runs[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, the best counts")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        load = os.getloadavg()[0]
        (one, one_cpu), (two, two_cpu) = measure(folder, args.repeat)
    ratio = one / two
    print(f"build --all, {len(ISSUES)} issues: -j 1 {one:.1f} s ({one_cpu:.1f} s CPU), -j 2 {two:.1f} s "
          f"({two_cpu:.1f} s CPU), ratio {ratio:.2f} (target >= {TARGET_RATIO}; load average "
          f"{load:.1f}-{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: others' work slows both) "
          f"{'ok' if ratio >= TARGET_RATIO else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
