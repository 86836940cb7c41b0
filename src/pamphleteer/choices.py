"""Turn the even-spacing pass's choices into a file, so the next build lays each part out once.

The pass (spacing.py) lays a part out several times to choose its
paragraphs' settings; what it chose, as CSS, depends only on the part's
HTML and CSS and on what the edition's renderer was made from. Kept in
`output/.cache/<slug>-<N>-<edition>.json` under a digest of all of that, a choice
lays the part out once, to the very lines the pass ended on. Beside the
choices it keeps page counts the layout needed only as a first guess (the
contents laid out with made-up page numbers: layout.py). A file that
cannot be read, or was written by other code (`kept.code()`: this package's
sources and its engines' versions, as for every kept file; a change to how
render.py lays a part out counts, not only to spacing.py), is started afresh.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pamphleteer import kept


class Choices:
    """The pass's CSS for each part, and counted pages, by a digest of the part and of what the renderer was
    made from."""

    def __init__(self, path: Path | None, salt: str):
        self.path, self.salt = path, salt
        self.known, self.known_pages = _read(path) if path else ({}, {})
        self.used: dict[str, str] = {}
        self.counted: dict[str, int] = {}

    def key(self, html: str, css: str) -> str:
        return hashlib.sha256(f"{self.salt}\0{html}\0{css}".encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> str | None:
        return self.known.get(key)

    def note(self, key: str, tuned: str) -> None:
        self.used[key] = tuned

    def pages(self, key: str) -> int | None:
        return self.counted.get(key, self.known_pages.get(key))

    def count(self, key: str, pages: int) -> None:
        self.counted[key] = pages

    def save(self) -> None:
        """The choices and counts of this build's parts, for the next (parts no longer in the issue are dropped)."""
        if self.path is None or (self.used, self.counted) == (self.known, self.known_pages):
            self.known, self.used = self.used or self.known, {}
            self.known_pages, self.counted = self.counted or self.known_pages, {}
            return
        self.known, self.used, self.known_pages, self.counted = self.used, {}, self.counted, {}
        kept.replace(self.path, json.dumps({"version": kept.code(), "choices": self.known, "pages": self.known_pages},
                                           sort_keys=True).encode())


def _read(path: Path) -> tuple[dict[str, str], dict[str, int]]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or data.get("version") != kept.code() or not isinstance(data.get("choices"), dict) \
            or not isinstance(data.get("pages"), dict):
        return {}, {}
    return ({k: v for k, v in data["choices"].items() if isinstance(k, str) and isinstance(v, str)},
            {k: v for k, v in data["pages"].items() if isinstance(k, str) and type(v) is int and v > 0})
