"""Turn an issue's manifest and articles into a checked issue and its warnings, without rendering.

`read_all()` reads every article and, when any is wrong, reports the
problems of all of them at once. `warnings()` gathers what is odd but not
wrong: pictures without captions, articles without an author, lines the
plain-text reader did not expect. `check()` is what `pamphleteer check` runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer import manifest
from pamphleteer.articles import read_article, read_articles
from pamphleteer.readers.article import Article
from pamphleteer.errors import UserError, display_path
from pamphleteer.geometry import PAGE, placed_size
from pamphleteer.pictures import pixels
from pamphleteer.settings import Issue


@dataclass
class Checked:
    issue: Issue
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)


def check(spec: str, *, strict: bool = False) -> Checked:
    """Everything a build reads, checked; with `strict`, a warning is an error too."""
    issue = manifest.load(spec)
    articles = read_all(issue)
    found = warnings(issue, articles)
    coarse = print_errors(issue, articles)
    if coarse:
        raise UserError.many(coarse)
    if strict and found:
        raise strict_error(found)
    return Checked(issue, articles, found)


def read_all(issue: Issue) -> list[Article]:
    """The issue's articles, each with its warnings; the errors of every article at once."""
    try:
        articles = read_articles(issue)
    except UserError:
        raise UserError.many(_every_error(issue)) from None
    for article in articles:
        article.warnings.extend(_article_warnings(article))
    return articles


def warnings(issue: Issue, articles: list[Article], coarse: list | None = None) -> list[str]:
    """The manifest's warnings, the articles' and the pictures' (`coarse`: coarse_pictures' when measured
    already), each once, in issue order."""
    coarse = coarse_pictures(issue, articles) if coarse is None else coarse
    pictures = [str(problem) for problem in coarse if problem.warning]
    return list(dict.fromkeys(issue.warnings + [w for article in articles for w in article.warnings] + pictures))


def print_errors(issue: Issue, articles: list[Article], coarse: list | None = None) -> list[UserError]:
    """What stops the print edition before anything is laid out: pictures too coarse to print (`coarse`:
    coarse_pictures' when measured already)."""
    coarse = coarse_pictures(issue, articles) if coarse is None else coarse
    return [problem for problem in coarse if not problem.warning]


@dataclass(frozen=True)
class Placed:
    """A picture as the print edition sets it: its pixels and the size it is printed at, in points."""

    name: str                  # as the manifest or the article writes it
    path: Path
    where: tuple               # (file, line) that names it
    owner: str                 # "articles/x.md", or "the cover"
    pixels: tuple[int, int]
    size: tuple[float, float]  # printed
    widest: float              # the width a picture of its shape and any size is printed at
    box: str                   # what it fills at most: "the column", "the page", "the cover"

    @property
    def ppi(self) -> float:
        return self.pixels[0] * 72 / self.size[0]


class PictureProblem(UserError):
    """A picture under the print edition's resolution: an error under `min_ppi_error`, else a warning."""

    warning = False
    owner: str = ""          # the article ("articles/x.md") or "the cover"
    picture: Path | None = None  # the picture file (its `path` is the file that names it)


def placed_pictures(issue: Issue, articles: list[Article]) -> list[Placed]:
    """Every raster picture of the issue with the size the print edition sets it at (geometry.PAGE)."""
    trim_width = issue.trim_inches[0] * 72
    found = []
    if issue.cover.picture and issue.cover.where:
        path = (issue.folder / issue.cover.picture).resolve()
        found.append((issue.cover.picture, path, issue.cover.where, "the cover", "cover", 1))
    for article in articles:
        owner = str(display_path(article.path).as_posix()) if not article.path.is_relative_to(issue.folder) else \
            article.path.relative_to(issue.folder).as_posix()
        for picture in article.pictures:
            columns = int(article.columns) if picture.width == "column" else 1
            found.append((picture.file, picture.path, picture.where, owner, picture.width, columns))
    placed = []
    for name, path, where, owner, width, columns in found:
        size = pixels(path) if path is not None and where else None
        if size:
            box, fill = PAGE.picture_box(trim_width, width, columns), width == "cover"
            widest = box[0] if fill else min(box[0], box[1] * size[0] / size[1])
            placed.append(Placed(name, path, where, owner, size, placed_size(size, box, fill=fill), widest,
                                 BOXES[width]))
    return placed


BOXES = {"column": "the column", "full": "the page", "cover": "the cover"}  # Picture.width -> its box


def coarse_pictures(issue: Issue, articles: list[Article]) -> list[PictureProblem]:
    """Each picture under `print: min_ppi_warn` at the size it is printed: a warning, or under `min_ppi_error`
    an error; with what the picture can be printed at and what a sharp one needs. Only when the journal prints."""
    if "print" not in issue.editions:
        return []
    rules, problems = issue.print, []
    for one in placed_pictures(issue, articles):
        ppi = round(one.ppi)
        if ppi >= rules.min_ppi_warn:
            continue
        error = ppi < rules.min_ppi_error
        limit = rules.min_ppi_error if error else rules.min_ppi_warn
        width, height = one.pixels
        need = math.ceil(one.widest / 72 * rules.min_ppi_warn)
        verdict = ("is too coarse to print" if error else "is coarse for print")
        under = ("the print edition needs (`print: min_ppi_error`)" if error
                 else "printers ask for (`print: min_ppi_warn`)")
        problem = PictureProblem(
            f"'{one.name}' ({one.owner}) {verdict}: its {width} × {height} pixels are set {_length(one.size[0])} "
            f"wide, {ppi} ppi, under the {limit} ppi {under}. At {limit} ppi it can be printed at most "
            f"{_length(width * 72 / limit)} wide; {one.box} takes it up to {_length(one.widest)}: for "
            f"{rules.min_ppi_warn} ppi there, find one at least {need} pixels wide", *one.where)
        problem.warning, problem.owner, problem.picture = not error, one.owner, one.path
        problems.append(problem)
    return problems


def _length(points: float) -> str:
    """`4.20 in (107 mm)`."""
    return f"{points / 72:.2f} in ({points / 72 * 25.4:.0f} mm)"


def strict_error(found: list[str]) -> UserError:
    """The warnings as one error, for `--strict`."""
    return UserError("--strict: warnings count as errors:\n" + "\n".join(found))


def _every_error(issue: Issue) -> list[UserError]:
    errors = []
    for entry in issue.articles:
        try:
            read_article(entry, issue)
        except UserError as error:
            errors.extend(getattr(error, "errors", [error]))
    return errors


AUTHOR_HINTS = {  # by file extension: where an author is written in that kind of article
    ".md": (2, "add `author:` to the front matter"),
    ".markdown": (2, "add `author:` to the front matter"),
    ".txt": (None, "add a `by Name, Affiliation` line under the title"),
}


def _article_warnings(article: Article) -> list[str]:
    if article.author:
        return []
    line, hint = AUTHOR_HINTS.get(article.path.suffix.lower(), (None, "give it an author"))
    where = f"{display_path(article.path)}:{line}" if line else str(display_path(article.path))
    return [f"{where}: no author; {hint}"]
