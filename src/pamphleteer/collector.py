"""Tune Python's cyclic garbage collector for a process that lays out issues.

WeasyPrint makes millions of objects, most of which live as long as the
layout. With Python's thresholds (a young collection every 700 allocations)
the collector ran 400 times and took 0.29 s in one edition of the 36-page
demo, and 1.3 s at 200 pages, mostly walking objects that stay. `collect_less()`
sets aside (freezes) what the process made so far and collects the young
every 50,000 allocations: 0.07 s and 0.4 s. `tidy()` is for a process that
keeps layouts between builds (watch): a full collection at the end of each
rebuild (some 85,000 objects in cycles, 0.25 s, after the reader's pages are
on screen), and what survives set aside, so no collection walks the kept
layouts during the next rebuild. `leave(code)` ends a command's process
without freeing its heap object by object, which took 0.1-0.25 s after a
build; the operating system takes the memory back at once.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from typing import NoReturn

THRESHOLDS = (50_000, 20, 100)  # Python's: (700, 10, 10)
SIGPIPE_STATUS = 141  # 128 + SIGPIPE: the status of a program stopped by a pipe nobody reads any more


def collect_less() -> None:
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def tidy() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def leave(code: int) -> NoReturn:
    """End this process with `code`, its work done, as the interpreter ends it but for the teardown of its heap
    (modules, WeasyPrint's fonts, the articles): the exit handlers run (temporary folders, child processes) and
    the standard streams are flushed; a stream that cannot take the rest ends it with status 120 (a full disk,
    as the interpreter does) or 141 (a reader that went away, `| head`), without a traceback. While a thread of
    its own is still at work, it ends the usual way."""
    if not isinstance(code, int) or any(thread.is_alive() and not thread.daemon for thread in threading.enumerate()
                                        if thread is not threading.current_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # closed by the caller (`>&-`)
                stream.flush()
        except BrokenPipeError:
            code = code or SIGPIPE_STATUS
        except (OSError, ValueError) as error:
            code = code or 120
            if stream is sys.stdout and sys.stderr is not None:
                print(f"pamphleteer: what was left to print could not be written: {error}", file=sys.stderr)
    os._exit(code)
