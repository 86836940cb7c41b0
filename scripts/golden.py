"""Build the demo issue 47 and store its pages as the golden references of tests/test_golden.py.

Run it as `make golden` after a change that is meant to move the demo's pages
(a style, a template, the spacing), look at `git diff --stat tests/golden/`
and at the changed PNGs, and commit them with the change.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import golden  # noqa: E402  (tests/golden.py, the same code the tests compare with)

from pamphleteer.build import build  # noqa: E402


def main() -> int:
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        report = build("47", Path(folder))
        written = golden.write_references(Path(folder))
    size = sum(path.stat().st_size for path in written)
    print(f"golden: {len(written)} files, {size // 1024} KB in {golden.REFERENCES.relative_to(ROOT)}/ "
          f"(reader {report.pages['reader']} pages, print {report.pages['print']})")
    for warning in report.warnings:
        print(f"golden: the build warned: {warning} (tests/test_golden.py expects no warning)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
