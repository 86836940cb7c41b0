"""The cyclic collector tuned for a process that lays out issues (collector.py)."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest

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
