"""Turn an issue's rebuilds into a page in the browser: its spreads as they face each other in print.

`Preview` owns a private folder of page PNGs and a server on 127.0.0.1
(`server.py`). As `watch.rebuilds()` lays out the reader edition (its
`glimpse` hook: the changed pages drawn alone, before the whole PDF is
written), writes the reader PDF (`ready`) or finishes a build (`show()`),
the reader's changed pages are rendered (`pages.render_pages`,
`pages.render_draft`) and the new state goes to every open page,
which redraws itself and outlines the pages that changed since the last
good build; a failed build's message stands in place of the pages until a
build succeeds again.
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
from pamphleteer.preview.pages import DPI, Page, changed_pages, render_draft, render_pages
from pamphleteer.preview.server import HOST, Hub, serve
from pamphleteer.watch import Rebuild

SHOWN_EDITIONS = ("reader", "print")  # the first of these a build made is the one shown


@dataclass
class Shown:
    """What one rebuild put on the page."""

    build: int                                          # 1 for the first build shown, then 2, 3 ...
    title: str | None = None                            # the shown PDF's name without .pdf
    pages: list[Page] = field(default_factory=list)     # empty when the build failed
    changed: list[int] = field(default_factory=list)    # page numbers outlined
    rendered: int = 0                                   # PNGs made for this build (the others were kept)
    error: str | None = None
    seconds: float = 0.0                                # from the build's start to its pages on show
    finished: float | None = None                       # the whole build, once it is done


class Preview:
    """A preview server and its PNG folder; a context manager that stops the server and removes the folder.

    Each rebuild is shown in one or two steps: `glimpse()` or `ready()` (watch's hooks) show the reader's
    pages as soon as they are laid out or its file is written, and `show()` the finished build, or its error
    in place of the pages.
    """

    def __init__(self, *, port: int = 0, dpi: int = DPI, jobs: int | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pamphleteer-preview-"))
        self.dpi, self.jobs = dpi, jobs
        self.hub = Hub(_state(Shown(build=0), []))
        try:
            self.server = serve(self.hub, self.folder, port=port)
        except UserError:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.last: list[Page] = []          # the pages of the last good build
        self.title: str | None = None       # the name of the PDF they show
        self.count = 0
        self.early: Shown | None = None     # this build's pages, shown before it finished
        self.follows = False                # the last build showed its pages: the next one's "laid out anew"
                                            # is counted from them (after a failure, fingerprints decide)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_port}/"

    def glimpse(self, rebuild: Rebuild, edition: str, pages: list[int], count: int, draft) -> None:
        """The shown edition is laid out, its file not yet written: when the last build's pages are on show and
        only some pages changed, those are drawn from `draft()` (a PDF of them alone) and go on show now."""
        kept = set(range(1, count + 1)) - set(pages)  # shown as they are, from the last build
        if edition != SHOWN_EDITIONS[0] or self.early is not None or not self.follows or not kept \
                or max(kept) > len(self.last):
            return
        path = self.folder / ".draft.pdf"  # not a name the server answers to
        path.write_bytes(draft())
        try:
            shown = self._shown(lambda: render_draft(path, pages, count, self.folder, previous=self.last,
                                                     dpi=self.dpi, jobs=self.jobs),
                                title=self.title, since=time.perf_counter() - rebuild.started)
        finally:
            path.unlink()
        self.early = shown
        self._publish(shown, rebuild)

    def ready(self, rebuild: Rebuild, edition: str, pdf: Path, pages: list[int]) -> None:
        """An edition's file is written (`pages` laid out anew): the reader's pages go on show now."""
        if edition == SHOWN_EDITIONS[0] and self.early is None:
            self.early = self._render(pdf, changed=pages if self.follows else None, since=rebuild.first[edition])
            self._publish(self.early, rebuild)

    def show(self, rebuild: Rebuild, *, changed: list[int] | None = None) -> Shown:
        """Put the finished `rebuild` on the page: its pages (rendering those that changed: `changed`, or what
        the build laid out anew, or those whose fingerprint changed), or its error in their place."""
        shown, self.early = self.early, None
        error = rebuild.error
        if shown is None and rebuild.report is not None:
            try:
                edition, pdf = _shown_pdf(rebuild.report)
                laid_anew = rebuild.pages.get(edition) if self.follows else None
                shown = self._render(pdf, changed=changed if changed is not None else laid_anew,
                                     since=rebuild.seconds)
            except UserError as unshown:
                error = unshown
        shown = shown or Shown(build=self._next())
        self.follows = bool(shown.pages)
        if error:
            shown.pages, shown.changed, shown.error = [], [], str(error)
        shown.finished = rebuild.seconds
        self._publish(shown, rebuild)
        return shown

    def _next(self) -> int:
        self.count += 1
        return self.count

    def _render(self, pdf: Path, *, changed: list[int] | None, since: float) -> Shown:
        """The pages of `pdf` rendered where they changed, compared with the last good build's."""
        return self._shown(lambda: render_pages(pdf, self.folder, previous=self.last, changed=changed, dpi=self.dpi,
                                                jobs=self.jobs), title=pdf.stem, since=since)

    def _shown(self, rendered, *, title: str | None, since: float) -> Shown:
        """The pages `rendered()` gives, compared with the last good build's; `since`: the seconds of the
        build before they were rendered."""
        start = time.perf_counter()
        shown = Shown(build=self._next(), title=title)
        try:
            shown.pages, self.title = rendered(), title
        except UserError as error:
            shown.error = str(error)
            return shown
        shown.changed = changed_pages(shown.pages, self.last) if self.last else []
        shown.rendered = len({page.png for page in shown.pages} - {page.png for page in self.last})
        before, self.last = self.last, shown.pages
        self._prune(keep={page.png for page in [*before, *shown.pages]})
        shown.seconds = since + time.perf_counter() - start
        return shown

    def _publish(self, shown: Shown, rebuild: Rebuild) -> None:
        self.hub.publish(_state(shown, rebuild.changed), frozenset(page.png for page in self.last))

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


def _shown_pdf(report) -> tuple[str, Path]:
    """The reader edition and its PDF, or the print edition's when the issue makes no reader edition."""
    made = [name for name in SHOWN_EDITIONS if name in report.pages]
    if not made:
        raise UserError(f"no edition to preview: the issue makes {', '.join(report.pages)}; "
                        f"expected one of {', '.join(SHOWN_EDITIONS)}")
    return made[0], Path(report.folder) / f"{report.slug}-{report.issue}{EDITIONS[made[0]].suffix}"


def _state(shown: Shown, changed_files: list[Path]) -> bytes:
    """What the page is told, as one line of JSON."""
    changed = set(shown.changed)
    return json.dumps({
        "build": shown.build,
        "title": shown.title,
        "error": shown.error,
        "pages": [{"number": page.number, "src": f"pages/{page.png}", "width": page.size[0],
                   "height": page.size[1], "changed": page.number in changed} for page in shown.pages],
        "changed_files": [str(display_path(path)) for path in changed_files],
        "seconds": round(shown.seconds, 2),
        "finished": None if shown.finished is None else round(shown.finished, 2),
    }, ensure_ascii=False).encode()
