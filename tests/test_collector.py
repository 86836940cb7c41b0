"""The cyclic collector tuned for a process that lays out issues (collector.py)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from conftest import ROOT
from pamphleteer import cli, collector


@pytest.fixture
def restored():
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


class Node:
    pass


def test_collect_less_sets_aside_what_lives_and_collects_the_young_less_often(restored):
    collector.collect_less()
    assert gc.get_threshold() == collector.THRESHOLDS and gc.get_freeze_count() > 0


def test_tidy_collects_garbage_that_was_set_aside_and_sets_aside_what_lives(restored):
    kept, dropped = Node(), Node()
    dropped.me = dropped  # a cycle: only the collector frees it
    gone = weakref.ref(dropped)
    gc.freeze()  # as the last tidy() left it
    del dropped
    collector.tidy()
    assert gone() is None and gc.get_freeze_count() > 0 and kept is not None


def test_only_the_command_line_process_tunes_its_collector(monkeypatch):
    tuned = []
    monkeypatch.setattr(collector, "collect_less", lambda: tuned.append(1))
    monkeypatch.setattr(sys, "argv", ["pamphleteer", "--version"])
    with pytest.raises(SystemExit):
        cli.main()
    assert tuned == [1]
    with pytest.raises(SystemExit):
        cli.main(["--version"])  # called by a program (the tests): its collector is its own
    assert tuned == [1]


def _ended(code: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import atexit, sys, threading, time\n"
                           "from pamphleteer import collector\n" + code], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=60, env={**os.environ, "PYTHONUNBUFFERED": ""})  # printing is buffered


def _into_closed_pipe(run, *args, **options) -> subprocess.CompletedProcess:
    """`run(*args, stdout=...)` writing into a pipe whose reader has gone (as `| head` once it has its lines)."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        return run(*args, stdout=writing, **options)
    finally:
        os.close(writing)


def test_a_command_leaves_with_its_exit_handlers_run_and_what_it_printed_written():
    ended = _ended("atexit.register(lambda: print('handler ran'))\n"
                   "print('printed', end=' '); print('to stderr', file=sys.stderr, end='')\n"
                   "collector.leave(3)")
    assert (ended.returncode, ended.stdout, ended.stderr) == (3, "printed handler ran\n", "to stderr")


def test_a_command_whose_thread_is_still_at_work_ends_the_usual_way():
    ended = _ended("threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
                   "collector.leave(0)")
    assert (ended.returncode, ended.stdout) == (0, "thread done\n")


def test_a_reader_gone_away_does_not_end_the_command_in_a_traceback():
    """What is left in the buffer when the reader has gone."""
    ended = _into_closed_pipe(_ended, "print('line')\ncollector.leave(0)")
    assert (ended.returncode, ended.stderr) == (collector.SIGPIPE_STATUS, "")


def test_a_command_whose_reader_went_away_stops_without_a_traceback():
    """`pamphleteer settings 47 | head -1`, each line written as it is printed (PYTHONUNBUFFERED, as here)."""
    ended = _into_closed_pipe(subprocess.run, [sys.executable, "-m", "pamphleteer", "settings", "47"],
                              stderr=subprocess.PIPE, text=True, timeout=120, cwd=ROOT,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert (ended.returncode, ended.stderr) == (collector.SIGPIPE_STATUS, "")


def test_output_that_cannot_be_written_ends_the_command_with_the_interpreters_status():
    """A full disk: the last of the output is lost, and the command does not say it succeeded."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        ended = _ended("print('line')\ncollector.leave(0)", stdout=full)
    assert ended.returncode == 120 and "could not be written" in ended.stderr and "Traceback" not in ended.stderr
