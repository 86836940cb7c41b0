"""Turn an issue's rebuilds into a page in the browser: its spreads as they face each other in print.

`Preview` owns a private folder of page PNGs and a server on 127.0.0.1
(`server.py`). Each `Rebuild` of `watch.rebuilds()` handed to `show()`
renders the reader PDF's changed pages (`pages.render_pages`) and sends the
new state to every open page, which redraws itself and outlines the pages
that changed since the last good build; a failed build's message stands in
place of the pages until a build succeeds again.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer.editions import EDITIONS
from pamphleteer.errors import UserError, display_path
from pamphleteer.preview.pages import DPI, Page, changed_pages, render_pages
from pamphleteer.preview.server import HOST, Hub, serve
from pamphleteer.watch import Rebuild

SHOWN_EDITIONS = ("reader", "print")  # the first of these a build made is the one shown


@dataclass
class Shown:
    """What one rebuild put on the page."""

    build: int                                          # 1 for the first build shown, then 2, 3 ...
    pages: list[Page] = field(default_factory=list)     # empty when the build failed
    changed: list[int] = field(default_factory=list)    # page numbers outlined
    rendered: int = 0                                   # PNGs made for this build (the others were kept)
    error: str | None = None
    seconds: float = 0.0                                # rendering the pages


class Preview:
    """A preview server and its PNG folder; a context manager that stops the server and removes the folder."""

    def __init__(self, *, port: int = 0, dpi: int = DPI, jobs: int | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pamphleteer-preview-"))
        self.dpi, self.jobs = dpi, jobs
        self.hub = Hub(_state(Shown(build=0)))
        try:
            self.server = serve(self.hub, self.folder, port=port)
        except UserError:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.last: list[Page] = []  # the pages of the last good build
        self.count = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_port}/"

    def show(self, rebuild: Rebuild, *, changed: list[int] | None = None) -> Shown:
        """Put `rebuild` on the page: its pages (rendering those that changed; `changed` if the build
        knows them), or its error in their place."""
        self.count += 1
        start = time.perf_counter()
        shown = Shown(build=self.count, error=str(rebuild.error) if rebuild.error else None)
        if rebuild.report is not None:
            try:
                shown.pages = render_pages(_shown_pdf(rebuild.report), self.folder, previous=self.last,
                                           changed=changed, dpi=self.dpi, jobs=self.jobs)
            except UserError as error:
                shown.error = str(error)
        if shown.pages:
            shown.changed = changed_pages(shown.pages, self.last) if self.last else []
            shown.rendered = len({page.png for page in shown.pages} - {page.png for page in self.last})
            before, self.last = self.last, shown.pages
            self._prune(keep={page.png for page in [*before, *shown.pages]})
        shown.seconds = time.perf_counter() - start
        self.hub.publish(_state(shown, rebuild), frozenset(page.png for page in self.last))
        return shown

    def _prune(self, *, keep: set[str]) -> None:
        """Remove the PNGs neither this build nor the one before shows (a page still loading may want those)."""
        for png in self.folder.glob("*.png"):
            if png.name not in keep:
                png.unlink()

    def close(self) -> None:
        self.hub.close()
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Preview":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _shown_pdf(report) -> Path:
    """The reader PDF, or the print PDF when the issue makes no reader edition."""
    made = [name for name in SHOWN_EDITIONS if name in report.pages]
    if not made:
        raise UserError(f"no edition to preview: the issue makes {', '.join(report.pages)}; "
                        f"expected one of {', '.join(SHOWN_EDITIONS)}")
    return Path(report.folder) / f"{report.slug}-{report.issue}{EDITIONS[made[0]].suffix}"


def _state(shown: Shown, rebuild: Rebuild | None = None) -> bytes:
    """What the page is told, as one line of JSON."""
    report = rebuild.report if rebuild else None
    changed = set(shown.changed)
    return json.dumps({
        "build": shown.build,
        "issue": report.issue if report else None,
        "title": f"{report.slug} {report.issue}" if report else None,
        "error": shown.error,
        "pages": [{"number": page.number, "src": f"pages/{page.png}", "width": page.size[0],
                   "height": page.size[1], "changed": page.number in changed} for page in shown.pages],
        "changed_files": [str(display_path(path)) for path in rebuild.changed] if rebuild else [],
        "seconds": round((rebuild.seconds if rebuild else 0) + shown.seconds, 2),
    }, ensure_ascii=False).encode()
