"""Turn changes to an issue's files, templates or styles into rebuilds (the file watcher behind one module).

`rebuilds()` builds once, then again after each batch of changes that
watchfiles reports, yielding a `Rebuild` each time: what changed, the
build's report or the error that stopped it. A failed build does not stop
the watching; the command line prints each result.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer import collector, manifest
from pamphleteer.build import Report, Workshop, build
from pamphleteer.errors import UserError, display_path

DEBOUNCE_MS = 100  # changes closer together than this are one rebuild (an editor saving several files)
QUIET_MS = 20      # and a batch is handed on once no change came for this long (watchfiles' own wait: 50 ms)
CTRL_C_MS = 200   # how long the main thread waits for changes at a time, so that it sees Ctrl-C (_batches)


@dataclass
class Rebuild:
    changed: list[Path] = field(default_factory=list)
    report: Report | None = None
    error: UserError | None = None
    seconds: float = 0.0
    first: dict[str, float] = field(default_factory=dict)  # edition -> seconds until its file was in place
    started: float = field(default_factory=time.perf_counter)  # when the build began (time.perf_counter)
    pages: dict[str, list[int]] = field(default_factory=dict)  # edition -> pages laid out anew


def watched(spec: str) -> list[Path]:
    """The issue folder, journal.yaml, the templates and the styles."""
    issue_manifest = manifest.find_manifest(spec)
    journal = manifest.find_journal(issue_manifest.parent)
    root = journal.parent
    return [path for path in (issue_manifest.parent, journal, root / "templates", root / "styles") if path.exists()]


def rebuilds(spec: str, out_dir: Path | None = None, *, progress=None, strict: bool = False,
             changes: Iterable | None = None, ready=None, glimpse=None) -> Iterator[Rebuild]:
    """A build now, then one per batch of `changes` (by default, watchfiles on `watched(spec)`).

    `ready(rebuild so far, edition, file, pages laid out anew)` is told as each edition's file is in place,
    before the build goes on (the preview shows the reader's pages then), and `glimpse(rebuild so far,
    edition, pages laid out anew, page count, draft)` as each PDF edition is laid out, before its file is
    written (`draft()`: a PDF of those pages alone).
    """
    changes = _changes(watched(spec), out_dir) if changes is None else changes  # watching from before the build
    workshop = Workshop()  # the layouts of the last build, so an edit lays out only what it changed
    yield _attempt(spec, out_dir, progress, strict, [], workshop, ready, glimpse)
    for batch in changes:
        changed = sorted({Path(path) for _, path in batch if not manifest.is_scratch(Path(path))})
        if changed:  # a batch of editors' temporary files alone (.swp, x~, .#x, sed's) changes nothing
            yield _attempt(spec, out_dir, progress, strict, changed, workshop, ready, glimpse)


def _attempt(spec, out_dir, progress, strict, changed, workshop, told=None, glimpsed=None) -> Rebuild:
    result = Rebuild(changed=changed)
    start = result.started
    if changed and progress is not None:
        progress(f"changed: {', '.join(str(display_path(p)) for p in changed)}")  # before the build it causes

    def ready(edition: str, staged: Path, pages: list[int]) -> None:
        """Each edition's file in place as soon as it is written: the reader's before the print edition, the
        booklet and the checks are made (the build moves the same bytes into place again when it is done)."""
        publish(staged, staged.parent.parent / staged.name)
        result.first[edition] = time.perf_counter() - start
        result.pages[edition] = pages
        if told is not None:
            told(result, edition, staged.parent.parent / staged.name, pages)

    def glimpse(edition: str, pages: list[int], count: int, draft) -> None:
        if glimpsed is not None:
            glimpsed(result, edition, pages, count, draft)

    try:
        result.report = build(spec, out_dir, progress=progress, strict=strict, workshop=workshop, ready=ready,
                              glimpse=glimpse)
    except UserError as error:
        result.error = error
    result.seconds = time.perf_counter() - start
    # the rebuild's garbage (some 85,000 objects in cycles, 0.25 s) collected now, before it is reported, and the
    # kept layouts set aside: no collection walks them during the next rebuild
    collector.tidy()
    return result


def publish(staged: Path, target: Path) -> None:
    """A copy of `staged` replaces `target` in one step (the copy is made in the staging folder, which a
    killed build leaves for the next build to remove)."""
    temporary = staged.with_name(f"{staged.name}.published")
    shutil.copyfile(staged, temporary)
    os.replace(temporary, target)


def _changes(paths: list[Path], out_dir: Path | None) -> Iterator[set]:
    """Batches of (change, path) from a watcher thread started now; batches waiting together are one."""
    import watchfiles

    outputs = Path(out_dir).resolve() if out_dir else None

    class Filter(watchfiles.DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            inside_outputs = outputs is not None and Path(path).resolve().is_relative_to(outputs)
            return (super().__call__(change, path) and not inside_outputs and ".staging-" not in path
                    and not manifest.is_scratch(Path(path)))

    waiting: queue.Queue = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        for batch in watchfiles.watch(*paths, watch_filter=Filter(), debounce=DEBOUNCE_MS, step=QUIET_MS,
                                      stop_event=stop, raise_interrupt=False):
            waiting.put(batch)

    threading.Thread(target=pump, name="watchfiles", daemon=True).start()
    return _batches(waiting, stop)


def _batches(waiting: queue.Queue, stop: threading.Event) -> Iterator[set]:
    """The watcher's batches as they come. Waited for a moment at a time: Ctrl-C may reach another thread of
    the process (the watcher's, the preview server's), which cannot wake a wait without an end; the main thread
    sees it within a moment (Ctrl-C was lost in 3 of 12 previews before)."""
    try:
        while True:
            try:
                batch = set(waiting.get(timeout=CTRL_C_MS / 1000))
            except queue.Empty:
                continue
            while not waiting.empty():
                batch |= waiting.get_nowait()
            yield batch
    finally:
        stop.set()
