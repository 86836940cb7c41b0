"""Build an issue: manifest -> articles -> HTML -> PDFs -> booklet -> checks -> files.

`build()` reads like the pipeline. Every output is first written into a
staging folder beside the outputs and only moved into place when all of them
are made, so a failed build leaves the previous good files untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pamphleteer import document, manifest, render
from pamphleteer.articles import read_articles


@dataclass
class Report:
    """What build.json says: pages, sheets, files, warnings and seconds per stage."""

    issue: int
    slug: str
    folder: str
    pages: dict
    articles: list
    padding: dict
    imposition: dict
    files: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)


def build(spec: str, out_dir: Path | None = None, *, progress=None) -> Report:
    stage = Stages(progress)
    issue = stage("manifest", manifest.load, spec)
    articles = stage("articles", read_articles, issue)
    out_dir = Path(out_dir or issue.root / "output" / str(issue.number))
    name = f"{issue.slug}-{issue.number}"
    with staging(out_dir) as folder:
        reader = stage("reader", _edition, issue, articles, "reader", 0)
        padding = (-reader.pages) % 4 if _saddle(issue) else 0
        printed = stage("print", _edition, issue, articles, "print", padding)
        (folder / f"{name}.pdf").write_bytes(reader.pdf)
        (folder / f"{name}-print.pdf").write_bytes(printed.pdf)
        imposed = stage("impose", _impose, issue, folder / f"{name}-print.pdf", folder / f"{name}-booklet.pdf")
        report = Report(
            issue=issue.number, slug=issue.slug, folder=str(out_dir),
            pages={"reader": reader.pages, "print": printed.pages, "booklet_sides": imposed.get("sides")},
            articles=[{"title": document.plain(a.title), "file": a.path.name, "page": reader.anchors.get(a.id)}
                      for a in articles],
            padding={"notes_pages": padding, "where": [printed.pages - padding + i for i in range(padding)]},
            imposition=imposed,
            warnings=list(dict.fromkeys(reader.warnings + printed.warnings + imposed.get("warnings", [])
                                        + [w for a in articles for w in a.warnings])),
            seconds=stage.seconds,
        )
        report.files = {path.name: _describe(path) for path in sorted(folder.glob("*.pdf"))}
        (folder / "build.json").write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    return report


class Stages:
    """Runs each stage, noting its seconds and telling `progress` when given."""

    def __init__(self, progress=None):
        self.progress, self.seconds = progress, {}

    def __call__(self, name, function, *args):
        start = time.perf_counter()
        result = function(*args)
        self.seconds[name] = round(time.perf_counter() - start, 3)
        if self.progress:
            self.progress(f"{name:<9} {self.seconds[name]:6.2f} s")
        return result


def _edition(issue, articles, edition: str, padding: int) -> render.Rendered:
    html = document.compose(issue, articles, edition=edition, padding=padding)
    styles = issue.root / "styles"
    sheets = [styles / "journal.css", styles / f"{edition}.css"]
    sheets += [issue.root / extra for extra in issue.settings.get("styles") or []]
    identifier = hashlib.sha256(f"{issue.slug}-{issue.number}-{edition}".encode()).hexdigest()[:32].encode()
    return render.render(html, base=issue.folder, roots=[issue.folder, issue.root / "templates", styles],
                         stylesheets=[s for s in sheets if s.is_file()],
                         extra_css=document.settings_css(issue, edition=edition),
                         links=edition != "print", identifier=identifier)


def _impose(issue, source: Path, output: Path) -> dict:
    from pamphleteer.impose import impose
    report = impose(source, output, layout="saddle", last=1,
                    slug_text=f"{issue.settings['name']} No. {issue.number}")
    return report.as_dict()


def _saddle(issue) -> bool:
    return (issue.settings.get("print") or {}).get("binding", "saddle") == "saddle"


@contextmanager
def staging(out_dir: Path):
    """A folder beside `out_dir` whose files replace those in it only if all goes well."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        yield stage
        for path in sorted(stage.iterdir()):
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _describe(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
