"""Turn every issue under `issues/` into its builds, one process per issue at a time, `jobs` at once.

WeasyPrint lays out on one thread, so issues are built in parallel
processes, each issue's editions one after the other in its process. One issue's failure is its result, not the end of the others:
`build_all()` yields an `Outcome` per issue as each finishes.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from pamphleteer.build import Report, Workshop, build
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
    """Every issue's build, `jobs` processes at once (default: the number of cores), as each finishes.

    With `out`, issue N is built into `out/N` rather than `output/N`.
    """
    root = Path(root or Path.cwd())
    names = issues_under(root)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or WeasyPrint state forked
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        waiting = {pool.submit(_build_one, str(root / "issues" / name), out / name if out else None, strict): name
                   for name in names}
        for done in as_completed(waiting):
            yield _outcome(done, waiting[done], root)


def _outcome(done, name: str, root: Path) -> Outcome:
    """The worker's outcome; a crash in it (a bug, or the process killed) is that issue's failure only."""
    try:
        return done.result()
    except Exception as crash:  # not a UserError: those come back inside the outcome
        where = root / "issues" / name / "issue.yaml"
        return Outcome(issue=name, error=UserError(f"the build stopped: {type(crash).__name__}: {crash}", where))


def _build_one(folder: str, out: Path | None, strict: bool) -> Outcome:
    """One issue's build in a worker process; its UserError travels back as its outcome."""
    start = time.perf_counter()
    outcome = Outcome(issue=Path(folder).name)
    try:
        # with a workshop of its own the build makes its editions one after the other, in this process:
        # the `jobs` processes are the parallelism, and -j 1 is one core
        outcome.report = build(folder, out, strict=strict, workshop=Workshop())
    except UserError as error:
        outcome.error = error
    outcome.seconds = time.perf_counter() - start
    return outcome
