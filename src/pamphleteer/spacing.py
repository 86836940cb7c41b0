"""Turn the layout's line records into a spacing report: what a compositor would mark in red.

`render` hands back one `Line` per line of article text, read from the
layout itself; this module knows nothing of WeasyPrint. It finds:

- loose lines: a justified line whose word spaces are stretched beyond
  `LOOSE` times the font's own space (2.0: a gap twice the normal one is where
  rivers start to show in a column of Charis SIL; TeX's default tolerance
  lets a space grow to about 1.8 times);
- a hyphen at the foot of a page or a column, the word continuing after the turn;
- a ladder: more than `LADDER` hyphenated lines in a row (WeasyPrint has no
  `hyphenate-limit-lines`);
- a heading stranded at the foot of a column, fewer than `FOLLOWING` lines of
  text under it before the turn;
- orphans (a paragraph's first line alone before a turn) and widows (its
  last line alone after one);
- short pages: a page of an article running over several holding fewer than
  `SHORT_PAGE` of its lines, and under a quarter of its fullest page's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from itertools import groupby

LOOSE = 2.0
FOLLOWING = 2
LADDER = 2
SHORT_PAGE = 6


@dataclass(frozen=True)
class Line:
    """One line as laid out; lengths in points from the page's top left corner."""

    page: int
    column: int
    article: str
    paragraph: int        # the paragraph's element, numbered in document order
    x: float
    y: float
    width: float
    height: float
    words: str            # the line's first words (a heading's line whole)
    heading: bool = False
    justified: bool = False   # set justified (the paragraph's last line never is: see `report`)
    stretch: float = 1.0      # a word space on this line over the font's normal space
    hyphen: bool = False      # ends in a hyphen

    @property
    def place(self) -> tuple[int, int]:
        return self.page, self.column


@dataclass(frozen=True)
class Finding:
    kind: str
    page: int
    article: str
    words: str
    x: float
    y: float
    height: float
    detail: str = ""


KINDS = ("loose", "hyphen-page", "hyphen-column", "hyphen-ladder", "stranded-heading", "widow", "orphan",
         "short-page")


def report(lines: list[Line]) -> dict:
    """The figures and every finding, as build.json carries them."""
    found = findings(lines)
    spread = spread_lines(lines)
    counts = Counter(f.kind for f in found)
    return {
        "limit": LOOSE,
        **_loose_share(spread),
        "counts": {kind: counts[kind] for kind in KINDS},
        "articles": {article: _loose_share([line for line in spread if line.article == article])
                     for article in dict.fromkeys(line.article for line in lines)},
        "findings": [asdict(f) for f in found],
    }


def _loose_share(spread: list[Line]) -> dict:
    loose = sum(line.stretch > LOOSE for line in spread)
    return {"justified_lines": len(spread), "loose_lines": loose,
            "loose_percent": round(100 * loose / len(spread), 2) if spread else 0.0}


def findings(lines: list[Line]) -> list[Finding]:
    """Every finding, in reading order of the kinds in `KINDS`."""
    return [found for check in CHECKS for found in check(lines)]


def spread_lines(lines: list[Line]) -> list[Line]:
    """The lines whose spaces were stretched to fill the measure: justified, not a paragraph's last."""
    last = {line.paragraph: line for line in lines}
    return [line for line in lines if line.justified and not line.heading and last[line.paragraph] is not line]


def loose(lines: list[Line]) -> list[Finding]:
    return [_finding("loose", line, f"word spaces {line.stretch:.1f}× normal")
            for line in spread_lines(lines) if line.stretch > LOOSE]


def hyphen_at_turn(lines: list[Line]) -> list[Finding]:
    """A hyphenated word whose end is on the next page or in the next column."""
    return [_finding("hyphen-page" if after.page != line.page else "hyphen-column", line, "word runs over the turn")
            for line, after in zip(lines, lines[1:])
            if line.hyphen and after.paragraph == line.paragraph and after.place != line.place]


def ladders(lines: list[Line]) -> list[Finding]:
    """The line that makes a run of hyphenated lines longer than `LADDER`, in one paragraph and column."""
    found, run = [], 0
    for before, line in zip([None, *lines], lines):
        same = before is not None and before.hyphen and (before.paragraph, before.place) == (line.paragraph, line.place)
        run = run + 1 if line.hyphen and (same or run == 0) else int(line.hyphen)
        if run == LADDER + 1:
            found.append(_finding("hyphen-ladder", line, f"{run} hyphenated lines in a row"))
    return found


def stranded_headings(lines: list[Line]) -> list[Finding]:
    return [_finding("stranded-heading", line, f"{under} line(s) under it before the turn")
            for line, _, under in stranded(lines)]


def stranded(lines: list[Line]) -> list[tuple[Line, Line, int]]:
    """Each heading with fewer than `FOLLOWING` lines of text under it before the column or page turns:
    (the heading's last line, the first line after the turn, the lines under it)."""
    found = []
    for number, line in enumerate(lines):
        if not line.heading or (number + 1 < len(lines) and lines[number + 1].heading):
            continue
        rest = [other for other in lines[number + 1:number + 1 + FOLLOWING] if other.article == line.article]
        under = [other for other in rest if other.place == line.place]
        if rest and len(under) < min(FOLLOWING, len(rest)):
            found.append((line, rest[len(under)], len(under)))
    return found


def widows_and_orphans(lines: list[Line]) -> list[Finding]:
    """A paragraph broken over a turn with one line alone on either side."""
    found = []
    for _, paragraph in groupby(lines, key=lambda line: line.paragraph):
        parts = [list(part) for _, part in groupby(paragraph, key=lambda line: line.place)]
        if len(parts) < 2:
            continue
        if len(parts[0]) == 1:
            found.append(_finding("orphan", parts[0][0], "first line alone before the turn"))
        if len(parts[-1]) == 1:
            found.append(_finding("widow", parts[-1][0], "last line alone after the turn"))
    return found


def short_pages(lines: list[Line]) -> list[Finding]:
    """A page of a several-page article holding only a few of its lines."""
    found = []
    for _, article in groupby(lines, key=lambda line: line.article):
        pages = [list(page) for _, page in groupby(article, key=lambda line: line.page)]
        fullest = max(len(page) for page in pages)
        found += [_finding("short-page", page[0], f"{len(page)} line(s) of the article on this page")
                  for page in pages if len(page) < SHORT_PAGE and 4 * len(page) < fullest]
    return found


CHECKS = (loose, hyphen_at_turn, ladders, stranded_headings, widows_and_orphans, short_pages)


def _finding(kind: str, line: Line, detail: str) -> Finding:
    return Finding(kind=kind, page=line.page, article=line.article, words=line.words,
                   x=round(line.x, 1), y=round(line.y, 1), height=round(line.height, 1), detail=detail)


# ---- the even-spacing pass: the paragraph composer's idea, where it is needed ----

ALTERNATIVES = (  # (CSS, which paragraphs) tried in turn on paragraphs still set badly
    # tracking 1.5 % tighter, a space 0.12em narrower at its narrowest (justification widens it again),
    # 2-letter fragments of 4-letter words: of those tried on issues 47 and 90, the one that helped most
    ("word-spacing: -0.12em; letter-spacing: -0.015em; hyphenate-limit-chars: 4 2 2", "bad"),
    # last resort for a word hyphenated over a page turn, or a ladder: no automatic hyphens in that paragraph
    ("hyphens: manual", "turn"),
)
WHICH = {"bad": lambda score: _bad(score), "turn": lambda score: score[0] > 0}
TURN_BREAK = {"page": "break-before: page", "column": "break-before: column"}  # for a stranded heading


def badness(lines: list[Line]) -> tuple:
    """How badly one paragraph is set: hyphens before a page turn and ladders, loose lines, hyphens
    before a column turn, then how loose its lines are altogether."""
    spread = spread_lines(lines)
    turns = [after.page != line.page for line, after in zip(lines, lines[1:]) if line.hyphen and after.place != line.place]
    return (sum(turns) + len(ladders(lines)), sum(line.stretch > LOOSE for line in spread), len(turns) - sum(turns),
            round(sum(max(0.0, line.stretch - 1.5) ** 2 for line in spread), 3))


class EvenOut:
    """A `tune` for render: lays loose paragraphs out again under `ALTERNATIVES`, keeps the best each.

    Called with the lines of each layout, it answers the paragraph styles for
    the next one, or None when the last layout is the one to keep. A
    paragraph's lines depend on its own settings and measure only, so each
    paragraph is judged in whatever layout tried it; one that came out with
    more loose lines is set back. Headings stranded at a column or page foot
    are sent over the turn. One layout when nothing is loose, at most
    len(ALTERNATIVES) + 2 (a round none needs is skipped). The renderer lays
    out each article apart, so only the articles that need it are laid out again.
    """

    def __init__(self, alternatives: tuple[tuple[str, str], ...] = ALTERNATIVES):
        self.alternatives = alternatives
        self.best: dict[int, tuple[tuple, str]] = {}   # paragraph -> (badness, declarations)
        self.scores: dict[int, tuple] = {}             # paragraph -> badness in the last layout
        self.laid: dict[int, str] = {}                 # what the last layout used
        self.round = 0

    def __call__(self, lines: list[Line]) -> dict[int, str] | None:
        for paragraph, group in groupby(lines, key=lambda line: line.paragraph):
            score = self.scores[paragraph] = badness(list(group))
            known = self.best.get(paragraph)
            if (known is None and _bad(score)) or (known is not None and score < known[0]):
                self.best[paragraph] = (score, self.laid.get(paragraph, ""))
        wanted = {**self._next(), **self._headings(lines)}
        if wanted == self.laid:
            return None
        styles = {paragraph: wanted.get(paragraph, "") for paragraph in set(wanted) | set(self.laid)}
        self.round, self.laid = self.round + 1, wanted
        return styles

    def _next(self) -> dict[int, str]:
        """The best so far, and the next alternative for the paragraphs it is for."""
        chosen = {paragraph: css for paragraph, (_, css) in self.best.items() if css}
        while self.round < len(self.alternatives):
            trying, which = self.alternatives[self.round]
            wanted = [paragraph for paragraph, (score, _) in self.best.items() if WHICH[which](score)]
            if wanted:
                return {**chosen, **{paragraph: trying for paragraph in wanted}}
            self.round += 1
        # the last try stays where it left no more turns or loose lines than the best: no layout to set it back
        return {**chosen, **{paragraph: css for paragraph, css in self.laid.items() if paragraph in self.best
                             and self.scores.get(paragraph, (9, 9))[:3] <= self.best[paragraph][0][:3]}}

    def _headings(self, lines: list[Line]) -> dict[int, str]:
        kept = {paragraph: css for paragraph, css in self.laid.items() if css in TURN_BREAK.values()}
        for line, after, _ in stranded(lines):
            kept[line.paragraph] = TURN_BREAK["page" if after.page != line.page else "column"]
        return kept


def _bad(score: tuple) -> bool:
    """Worth another layout: a hyphen over a page turn, a ladder or a loose line (one over a column turn is
    weighed, not sought out: the reader's eye stays on the page)."""
    return bool(score[0] or score[1])
