"""Turn every issue under `issues/` into its builds, `jobs` processes making editions at once.

WeasyPrint lays out on one thread, so the work is shared out to processes,
an edition at a time (an issue's reader and print editions are two pieces
of work; three issues on two processes would otherwise leave one idle for
a third of the time). `jobs` threads here each take an issue through
`build()`, which hands its editions to the shared pool. One issue's
failure is its result, not the end of the others: `build_all()` yields an
`Outcome` per issue as each finishes.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from pamphleteer import collector
from pamphleteer.build import Report, build
from pamphleteer.errors import UserError


@dataclass
class Outcome:
    issue: str                      # the issue's folder name under issues/
    report: Report | None = None
    error: UserError | None = None  # what stopped its build
    seconds: float = 0.0


def issues_under(root: Path) -> list[str]:
    """The issue folders under `root/issues/` that have a manifest, in number order."""
    folders = [path.parent.name for path in (root / "issues").glob("*/issue.yaml")]
    if not folders:
        raise UserError("no issues here: an issue is a folder with an issue.yaml", root / "issues")
    return sorted(folders, key=lambda name: (not name.isdigit(), int(name) if name.isdigit() else 0, name))


def build_all(root: Path | None = None, *, jobs: int | None = None, out: Path | None = None,
              strict: bool = False) -> Iterator[Outcome]:
    """Every issue's build, editions made in `jobs` processes (default: the number of cores), as each finishes.

    With `out`, issue N is built into `out/N` rather than `output/N`.
    """
    root = Path(root or Path.cwd())
    names = issues_under(root)
    jobs = max(1, jobs or os.cpu_count() or 1)
    with _workers(jobs) as pool, ThreadPoolExecutor(min(jobs, len(names)), thread_name_prefix="issue") as issues:
        waiting = {issues.submit(_build_one, root / "issues" / name, out / name if out else None, strict, pool): name
                   for name in names}
        for done in as_completed(waiting):
            yield _outcome(done, waiting[done], root)


def _workers(jobs: int) -> ProcessPoolExecutor:
    """`jobs` processes forked from this one before it starts a thread, with its modules loaded.

    Spawned interpreters each imported WeasyPrint and this package again (1 s of CPU each, the first
    edition waited 0.8 s longer), and tidied up their heaps on exiting (0.45 s more at the end).
    The first task forks every worker at once, while this process has one thread (concurrent.futures
    forks them all before it starts its own thread); their collector leaves what they inherited alone.
    """
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=collector.collect_less)
    pool.submit(int)
    return pool


def _build_one(folder: Path, out: Path | None, strict: bool, pool) -> Outcome:
    """One issue's build, its editions made in `pool`; its UserError is its outcome."""
    start = time.perf_counter()
    outcome = Outcome(issue=folder.name)
    try:
        outcome.report = build(str(folder), out, strict=strict, pool=pool)
    except UserError as error:
        outcome.error = error
    outcome.seconds = time.perf_counter() - start
    return outcome


def _outcome(done, name: str, root: Path) -> Outcome:
    """The issue's outcome; anything else that stopped it (a bug, a worker process killed) is that issue's
    failure, not the end of the others."""
    try:
        return done.result()
    except Exception as crash:  # not a UserError: those come back inside the outcome
        where = root / "issues" / name / "issue.yaml"
        return Outcome(issue=name, error=UserError(f"the build stopped: {type(crash).__name__}: {crash}", where))
