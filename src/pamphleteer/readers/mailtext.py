"""Turn a plain-text mailing-list post into an `Article`.

The form (see the journal's mailing-list posts): a `To:` line and a date
line, the title, a `by Name, Affiliation` byline, then paragraphs separated
by blank lines. Short lines standing alone are subheads; `<>` ends a
section; an indented `Picture: caption` line places a picture; a
`From the ... issue of ...` line is a source note. The post's last blocks
when every line of them is web navigation or list boilerplate (`Back to main
page`, `how to order ..., write us!`, a date, `e-mail:` and `web:` lines) are
its trailer: kept apart as `coda` (with `trailer` as the lines written), for
`articles.py` to leave out unless the manifest keeps it.
"""

from __future__ import annotations

import re
from pathlib import Path

from pamphleteer.readers.article import Article
from pamphleteer.dates import iso_date
from pamphleteer.errors import UserError, display_path
from pamphleteer.readers.typography import inline_text

BYLINE = re.compile(r"^\s*by\s+(.+)$", re.I)
PICTURE = re.compile(r"^\s*Picture:\s*(.+)$", re.I)
SOURCE = re.compile(r"^From the .{0,80}\bissue of\b", re.I)
END = "<>"
HEADING_MAX = 110
TRAILER_LINE = re.compile(  # a line of a web page's navigation or a list's boilerplate
    r"(?:.*\b(?:back to (?:the )?(?:main|home|top|index)|main page|home ?page|how to order|write (?:to )?us"
    r"|(?:un)?subscribe|mailing list|list archive)\b.*"
    r"|(?:e-?mail|web|www|phone|tel|fax)\s*:.*|(?:https?://|www\.)\S+|\S+@\S+\.\w+)", re.I)
TRAILER_LINE_MAX = 100  # characters: a longer line is text, not navigation
TITLE_MAX = 150  # characters: a longer title has most likely run into the first paragraph
WORD_MAX = 40  # characters without a space: about the width of the column


def read_mailtext(text: str, path: Path) -> Article:
    blocks = _blocks(text)
    meta = _header(blocks, path)
    if not blocks:
        raise UserError("the post has a title but no text", path)
    start = _trailer_start(blocks)
    kept, trailer = blocks[:start], blocks[start:]
    body = [_picture(block) if PICTURE.match(block) else _block(block, kept, index)
            for index, (_, block) in enumerate(kept)]
    coda = "<br>".join(inline_text(line.strip()) for _, block in trailer for line in block.splitlines())
    article = Article(path=path, blocks=body, coda=coda, **meta)
    article.trailer = [line.strip() for _, block in trailer for line in block.splitlines()]
    article.trailer_line = trailer[0][0] if trailer else 0
    article.warnings = overlong(text, meta["title"], path)
    return article


def overlong(text: str, title: str, path: Path) -> list[str]:
    """Warnings for lines the form does not expect: a title running into the text, words that overflow."""
    where = display_path(path)
    found = []
    if len(title) > TITLE_MAX:
        # the title is typographic ("x" set as “x”): compare each line set the same way
        line = next((n for n, row in enumerate(text.splitlines(), 1)
                     if row.strip() and inline_text(row.strip()) in title
                     and not row.lower().startswith("to:") and not iso_date(row)), 1)
        found.append(f"{where}:{line}: the title is {len(title)} characters long; is the blank line after it "
                     "missing?")
    for number, row in enumerate(text.splitlines(), 1):
        for word in re.findall(r"\S{%d,}" % (WORD_MAX + 1), row):
            if not re.match(r"\(?(?:https?://|www\.|mailto:)|\S+@\S+\.\w+", word):
                found.append(f"{where}:{number}: a {len(word)}-character run without a space ({word[:20]}...) "
                             "may stick out of the column; break it or shorten it")
    return found


def _trailer_start(blocks: list[tuple[int, str]]) -> int:
    """The index of the first of the last blocks that are all navigation or boilerplate (len when none)."""
    start = len(blocks)
    while start > 1 and _is_trailer(blocks[start - 1][1]):
        start -= 1
    return start


def _is_trailer(block: str) -> bool:
    lines = [line.strip() for line in block.splitlines()]
    return all(len(line) <= TRAILER_LINE_MAX and (TRAILER_LINE.fullmatch(line) or iso_date(line))
               for line in lines)


def _picture(block: str) -> str:
    return f"<p>Picture: {inline_text(PICTURE.match(block)[1].strip())}</p>"


def _blocks(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each blank-line-separated block."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
        elif current:
            blocks.append((start, "\n".join(current)))
            current = []
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _header(blocks: list[tuple[int, str]], path: Path) -> dict:
    """Take the `To:` and date lines, the title and the byline off the front of `blocks`."""
    meta = {}
    while blocks:
        lines = blocks[0][1].splitlines()
        kept = []
        for line in lines:
            if line.lower().startswith("to:") and "to" not in meta:
                meta["to"] = line[3:].strip()
            elif iso_date(line) and "date" not in meta:
                meta["date"] = line.strip()
            else:
                kept.append(line)
        if kept:
            blocks[0] = (blocks[0][0], "\n".join(kept))
            break
        blocks.pop(0)
    if not blocks:
        raise UserError("expected a title line after the `To:` and date lines", path)
    meta["title"] = inline_text(_join(blocks.pop(0)[1]))
    if blocks and BYLINE.match(blocks[0][1]):
        author, _, affiliation = BYLINE.match(_join(blocks.pop(0)[1]))[1].partition(",")
        meta["author"], meta["affiliation"] = inline_text(author.strip()), inline_text(affiliation.strip())
    return meta


def _block(block: str, blocks, index: int) -> str:
    text = _join(block)
    if SOURCE.match(text):
        return f'<p class="source-note">{inline_text(text)}</p>'
    if _is_heading(text, blocks, index):
        return f"<h2>{inline_text(text)}</h2>"
    return f"<p>{inline_text(text)}</p>"


def _is_heading(text: str, blocks, index: int) -> bool:
    """A short line standing alone, not ending a sentence, with text after it."""
    if len(text) > HEADING_MAX or text.endswith((".", ",", ";", ":", END)) or index + 1 >= len(blocks):
        return False
    return not PICTURE.match(blocks[index + 1][1])


def _join(block: str) -> str:
    return " ".join(line.strip() for line in block.splitlines())
