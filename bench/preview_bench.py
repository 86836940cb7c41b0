"""Benchmark `pamphleteer preview`: from saving one word to the new page shown in the browser.

Makes the benchmark journal of build_bench.py in a temporary folder (issue
47, the demo; 56, its articles once and three of them again; 200), starts
`pamphleteer preview 56 --port 0` there as an editor would, opens the page
in headless Chromium (the tests' DevTools client, tests/browser.py), then
--edits times changes one word of one article, alternating between two
words made of the same letters (a letter new to the issue changes the font
subset and so every page), and times each save until the page shows the
new build with its pictures loaded. Prints each time, the median and what
the preview said it spent (build and rendering).

    .venv/bin/python bench/preview_bench.py [--issue 56] [--edits 5] [--article transit.md] [--keep DIR]

Target (issue 10): the changed page on screen at most 1.0 s after the save, on a ~56-page issue.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser  # noqa: E402
from build_bench import make_journal  # noqa: E402  (this folder is on the path)

TARGET_SECONDS = 1.0
WORDS = (" the city ", " eth city ")  # the same letters either way
LOADED = "[...document.images].every(image => image.complete && image.naturalWidth > 0)"
SHOWN = "document.body.dataset.build === '{build}' && " + LOADED
# The page notes for itself when each build is on show with its pictures loaded (Date.now(), checked every
# 5 ms): polling it from here, a DevTools call every 0.1 s, added up to 0.1 s to a wait that was over
STAMP = ("window.shownAt = {}; setInterval(() => { const build = document.body.dataset.build; "
         "if (build && !(build in shownAt) && " + LOADED + ") shownAt[build] = Date.now(); }, 5);")


def start(folder: Path, issue: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "pamphleteer", "preview", str(issue), "--port", "0", "-q"],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_ctrl_c_heard)
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in process.stderr:
            if match := re.search(r"http://127\.0\.0\.1:\d+/", line):
                found.append(match[0])
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(120):
        process.kill()
        raise SystemExit("the preview did not start")
    return process, found[0]


def _ctrl_c_heard() -> None:
    """Ctrl-C (SIGINT) stops the preview even when this bench runs in the background of a shell without job
    control, which starts it with SIGINT ignored: Python would then ignore it too, and the preview run on."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def finished(url: str, timeout: float = 300) -> dict:
    """The preview's state once the whole build is done (the print edition, booklet and checks follow the
    reader's pages): a save before then would wait for them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url + "state.json", timeout=10) as answer:
            state = json.load(answer)
        if state["finished"] is not None:
            return state
        time.sleep(0.05)
    raise TimeoutError("the build did not finish")


def measure(folder: Path, issue: int, edits: int, article: str, scratch: Path) -> tuple[list, list, int]:
    """In the journal `folder`: seconds from each of `edits` saves to the page shown, the seconds the preview
    said it spent on each, and the pages shown."""
    path = folder / "issues" / str(issue) / "articles" / article
    process, url = start(folder, issue)
    try:
        with Browser(scratch / "profile") as browser:
            browser.open(url)
            browser.wait_for(SHOWN.format(build=1), timeout=600)
            browser.evaluate(STAMP)
            finished(url)
            pages = browser.evaluate("document.images.length")
            waits, spent = [], []
            for edit in range(edits):
                text = path.read_text()
                old, new = WORDS if WORDS[0] in text else WORDS[::-1]
                path.write_text(text.replace(old, new, 1))
                saved = time.time()  # the page's clock: Date.now() reads the same one
                shown = browser.wait_for(f"window.shownAt['{edit + 2}']", timeout=120)
                waits.append(shown / 1000 - saved)
                spent.append(finished(url)["seconds"])
                time.sleep(0.3)  # let the file watcher settle before the next save
    finally:
        failed = sys.exc_info()[1]  # what stopped the measuring, if anything: said before the preview is stopped
        if failed is not None:
            print(f"preview_bench: {type(failed).__name__}: {failed}", file=sys.stderr)
        process.send_signal(signal.SIGINT)  # Ctrl-C: the preview removes its PNGs (after the build under way)
        try:
            process.wait(120)
        except subprocess.TimeoutExpired:
            process.kill()
            raise SystemExit("the preview did not stop within 120 s of Ctrl-C") from failed
    return waits, spent, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issue", type=int, default=56, choices=(47, 56, 200))
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--article", default="transit.md")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch) / "journal"
        folder.mkdir(parents=True)
        make_journal(folder)
        waits, spent, pages = measure(folder, args.issue, args.edits, args.article, Path(scratch))
    median = statistics.median(waits)
    print(f"preview, {pages} pages, one word in {args.article}: save to page shown "
          f"{', '.join(f'{w:.2f}' for w in waits)} s; median {median:.2f} s "
          f"(build and render as the preview measured them: median {statistics.median(spent):.2f} s); "
          f"target <= {TARGET_SECONDS} s {'ok' if median <= TARGET_SECONDS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
