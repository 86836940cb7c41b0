"""The demo issue 47 page by page against stored references: its text and how its pages look.

A reflow, a style change or a lost picture fails here with the pages named.
When the change is meant, `make golden` writes new references (tests/golden.py
says how pages are compared; the README's testing part says when to run it).
"""

from __future__ import annotations

import difflib
import shutil

import pytest

import golden

# The build of the demo is expected to warn about nothing; a warning that is meant goes here, word for word.
EXPECTED_WARNINGS: list[str] = [
    "issues/47/articles/mailing-list-post.txt:54: left out the last lines, which look like a web page's navigation "
    "or the list's boilerplate: \"Back to main page, how to order the Lantern, write us! / August 30, 2012 / "
    "e-mail: editor@example.org / web: https://example.org/lantern\"; to print them, add `keep_trailer: true` "
    "under this article in issue.yaml",
]

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                reason="poppler-utils not installed (make setup installs it)")

REGENERATE = "if the change is meant, run `make golden` and commit tests/golden/"


def test_the_demo_builds_without_an_unexpected_warning(demo):
    assert demo["report"].warnings == EXPECTED_WARNINGS


@pytest.mark.parametrize("edition", golden.EDITIONS)
def test_text_of_every_page_is_as_stored(demo, edition):
    found, expected = golden.page_texts(demo[edition]), golden.read_texts(edition)
    assert expected, f"no references in {golden.REFERENCES}; run `make golden`"
    changed = [n for n, (f, e) in enumerate(zip(found, expected), 1) if f != e]
    details = [_first_difference(n, found[n - 1], expected[n - 1]) for n in changed[:3]]
    assert (len(found), changed) == (len(expected), []), (
        f"{edition} edition: {len(found)} pages (stored {len(expected)}); text differs on pages {changed}\n"
        + "\n".join(details) + f"\n{REGENERATE}")


@pytest.mark.parametrize("edition", golden.EDITIONS)
def test_every_page_looks_as_stored(demo, edition, tmp_path):
    found, expected = golden.page_pictures(demo[edition]), golden.read_pictures(edition)
    assert expected, f"no references in {golden.REFERENCES}; run `make golden`"
    counts = {n: golden.different_pixels(f, e) for n, (f, e) in enumerate(zip(found, expected), 1)}
    changed = {n: count for n, count in counts.items() if count > golden.PAGE_PIXELS}
    if changed:
        for n in changed:
            golden.save_picture(found[n - 1], tmp_path / f"{edition}-{n:02d}.png")
    assert (len(found), changed) == (len(expected), {}), (
        f"{edition} edition: {len(found)} pages (stored {len(expected)}); pages that look different "
        f"(page: pixels off by more than {golden.PIXEL_LEVELS} of {golden.LEVELS - 1} levels): {changed}; "
        f"the new pictures are in {tmp_path}\n{REGENERATE}")


def _first_difference(number: int, found: str, expected: str) -> str:
    diff = difflib.unified_diff(expected.splitlines(), found.splitlines(), "stored", "built", n=0, lineterm="")
    return f"page {number}:\n" + "\n".join(list(diff)[2:8])
