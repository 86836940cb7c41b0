"""`pamphleteer watch`: a build, then one per batch of changes; a failed build does not stop the watching."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pamphleteer import manifest
from pamphleteer.cli import main
from pamphleteer.progress import Progress
from pamphleteer.watch import rebuilds, watched


def test_watched_paths(small_issue, project):
    assert watched("9") == [small_issue.resolve(), (project / "journal.yaml").resolve(),
                            (project / "templates").resolve(), (project / "styles").resolve()]


def test_one_rebuild_per_batch_and_errors_are_results(small_issue, project):
    article = small_issue / "articles" / "first.md"
    changes = iter([{(2, str(article))}, {(2, str(article))}])
    results = rebuilds("9", changes=changes)
    first = next(results)
    assert (first.changed, first.error) == ([], None) and first.report.pages["reader"] >= 3
    article.write_text("---\ntitel: x\n---\ntext\n")
    broken = next(results)
    assert broken.changed == [article] and broken.report is None
    assert str(broken.error).startswith("issues/9/articles/first.md:2:1: titel: unknown key")
    article.write_text('---\ntitle: "Fixed"\nauthor: "A."\n---\nText again.\n')
    fixed = next(results)
    assert fixed.error is None and fixed.report.articles[0]["title"] == "Fixed"
    assert next(results, None) is None


def test_watch_command_builds_once_with_no_rebuilds_asked(small_issue, project, capsys):
    assert main(["watch", "9", "--max-rebuilds", "0"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == "watching issues/9, journal.yaml, templates, styles; Ctrl-C stops"
    assert out.startswith("built issue 9 in ")
    assert (project / "output" / "9" / "lantern-9.pdf").is_file()


def test_watch_rebuilds_when_a_style_changes(small_issue, project):
    """The real file watcher: one change to a style, one rebuild, then --max-rebuilds ends it."""
    process = subprocess.Popen([sys.executable, "-m", "pamphleteer", "watch", "9", "--max-rebuilds", "1"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    built = threading.Event()

    def read_out(lines: list):
        for line in process.stdout:
            lines.append(line)
            if line.startswith("built issue"):
                built.set()

    lines: list[str] = []
    reader = threading.Thread(target=read_out, args=(lines,), daemon=True)
    reader.start()
    try:
        assert built.wait(30), "the first build did not finish"
        style = Path(project / "styles" / "journal.css")
        style.write_text(style.read_text() + "\n/* changed */\n")
        assert process.wait(30) == 0
    finally:
        process.kill()
    reader.join(5)
    err = process.stderr.read()
    assert sum(line.startswith("built issue 9") for line in lines) == 2
    assert "changed: styles/journal.css" in err


def test_editors_temporary_files_cause_no_rebuild_and_a_change_is_named_before_its_build(small_issue, project):
    article = small_issue / "articles" / "first.md"
    scratch = [small_issue / "articles" / name for name in (".first.md.swp", "first.md~", ".#first.md", "sedAb12Cd",
                                                            "#first.md#", "4913")]
    changes = iter([{(1, str(path)) for path in scratch}, {(2, str(article)), (1, str(scratch[0]))}])
    stream = io.StringIO()
    results = list(rebuilds("9", changes=changes, progress=Progress(stream=stream, out=io.StringIO(), live=False)))
    assert [result.changed for result in results] == [[], [article]]
    lines = stream.getvalue().splitlines()
    changed = lines.index("changed: issues/9/articles/first.md")
    assert [line.split()[0] for line in lines[changed + 1:]][:2] == ["manifest", "articles"]  # the build follows
    assert sum(line.startswith("changed:") for line in lines) == 1


@pytest.mark.parametrize("name, scratch", [
    (".first.md.swp", True), ("first.md.swo", True), ("first.md~", True), (".#first.md", True), ("#first.md#", True),
    ("sedX1y2Z3", True), ("4913", True), ("~$letter.docx", True), ("first.md", False), ("sed.md", False),
    ("notes.txt", False), ("sediment", False),
])
def test_editor_scratch_files_by_name(name, scratch):
    assert manifest.is_scratch(Path(name)) is scratch


def test_ctrl_c_that_reaches_another_thread_stops_the_wait_for_changes():
    """The kernel hands Ctrl-C to any thread of the process; the main thread, waiting for the next change,
    stops all the same (it waited on until the next change when the watcher's thread had it)."""
    code = ("import queue, signal, threading, time\n"
            "from pamphleteer.watch import _batches\n"
            "def elsewhere():\n"
            "    time.sleep(0.3)\n"
            "    signal.pthread_kill(threading.get_ident(), signal.SIGINT)\n"
            "threading.Thread(target=elsewhere, daemon=True).start()\n"
            "try:\n"
            "    next(_batches(queue.Queue(), threading.Event()))\n"
            "except KeyboardInterrupt:\n"
            "    print('stopped')\n")
    ended = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert ended.stdout == "stopped\n"
