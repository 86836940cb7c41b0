"""Turn an issue's article files into `Article`s: metadata and HTML fragments.

Readers are chosen by file extension from `READERS`; each turns text into an
`Article` whose body is a list of top-level HTML blocks. This module then
places the manifest's pictures and marks end signs and editorial inserts,
the same way for every reader.
"""

from __future__ import annotations

import html
import html.entities
import re
from pathlib import Path

from pamphleteer import fonts, yamlfile
from pamphleteer.dates import date_text
from pamphleteer.errors import UserError, display_path
from pamphleteer.pictures import check_drawing, fault
from pamphleteer.readers import READERS
from pamphleteer.readers.article import Article
from pamphleteer.settings import ArticleEntry, Fonts, Issue, Picture


PICTURE_LINE = re.compile(r"^<p>\s*Picture:\s*(.*?)\s*</p>$", re.S)
END_MARK = re.compile(r"\s*&lt;&gt;\s*(?=</(?:p|li)>)")  # `<>` ending a paragraph or a list item
INSERT = re.compile(r"\[([^\[\]<>\n]{1,300})\]")
ABBREVIATION = re.compile(r"\b([A-Z][A-Z0-9]*[A-Z])(s?)\b")  # UAW, CSTO, GMs: set in small capitals
RUNNING_TEXT = ("<p>", "<p ", "<ul", "<ol", "<blockquote")


def read_articles(issue: Issue) -> list[Article]:
    articles = [read_article(entry, issue) for entry in issue.articles]
    _give_ids(articles)
    return articles


def read_article(entry: ArticleEntry, issue: Issue) -> Article:
    reader = READERS.get(entry.path.suffix.lower())
    if reader is None:
        raise UserError(f"no reader for '{entry.path.suffix}' files (known: {', '.join(sorted(READERS))})",
                        entry.path)
    text = yamlfile.read_text(entry.path, entry.encoding)
    if not text.strip():
        raise UserError("the article is empty", entry.path)
    article = reader(text, entry.path)
    article.lang = entry.lang or article.lang or issue.lang
    article.section = entry.section or article.section
    article.columns = str(entry.columns or article.columns)
    article.date = date_text(article.date) if article.date else ""
    _leave_out_trailer(article, entry)
    check_glyphs(text, article, entry.path, issue.fonts)
    article.blocks, named = resolve_images(article.blocks, issue.folder, entry.path, text)
    for picture in entry.pictures:
        check_drawing(picture.path)
    article.blocks = place_pictures(article.blocks, entry.pictures, issue.folder, (entry.path, text))
    drawn = issue.end_mark == "square"
    article.blocks = [_small_caps(_mark_inserts(_mark_end(block, drawn))) for block in _end_sign(article.blocks)]
    article.blocks = _pull_quote(article.blocks, article.pull_quote)
    article.pictures = [*entry.pictures, *named]
    return article


def _leave_out_trailer(article: Article, entry: ArticleEntry) -> None:
    """A post's navigation and list boilerplate is not printed unless the manifest keeps it; the editor is told."""
    if not article.trailer or entry.keep_trailer:
        return
    quoted = " / ".join(article.trailer)
    article.warnings.append(f"{display_path(article.path)}:{article.trailer_line}: left out the last lines, "
                            f"which look like a web page's navigation or the list's boilerplate: \"{quoted}\"; "
                            "to print them, add `keep_trailer: true` under this article in issue.yaml")
    article.coda = ""


def check_glyphs(text: str, article: Article, path: Path, families: Fonts) -> None:
    """Every character must be in the body font; what is set in the sans (heads, byline, tables) in it too.

    The text is checked as written and as decoded, so a character that
    arrives as an entity (`&#x1F600;`) or an escape (`"\\U0001F600"`) is found too.
    """
    body, sans = families.body, families.sans
    set_in_sans = re.findall(r"<h[23]>.*?</h[23]>|<table>.*?</table>", article.body, re.S)
    heads = " ".join([article.title, article.subtitle, article.author, article.affiliation, article.section,
                      article.coda, *set_in_sans])
    decoded = _text_of(" ".join([article.body, article.source, article.pull_quote, heads]))
    for characters, family in ((fonts.missing(text + decoded, [body]), body),
                               (fonts.missing(_text_of(heads), [sans]), sans)):
        if characters:
            first = characters[0]
            line = next((n for n, row in enumerate(text.splitlines(), 1) if _spelt(first, row)), None)
            names = ", ".join(fonts.describe(c) for c in characters[:5])
            raise UserError(f"{names} not in the font {family}: it would print in another font or as a "
                            "box; replace it or choose a font that has it (fonts: in journal.yaml)",
                            path, line)


def _text_of(fragment: str) -> str:
    """The characters an HTML fragment prints: tags left out, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", " ", fragment))


def _spelt(character: str, row: str) -> bool:
    """Whether `row` holds `character` itself, as an HTML entity or as a YAML escape."""
    code = ord(character)
    spellings = [f"&#x{code:x};", f"&#{code};", f"\\u{code:04x}", f"\\U{code:08x}", f"\\x{code:02x}"]
    name = html.entities.codepoint2name.get(code)
    low = row.lower()
    return character in row or any(s.lower() in low for s in spellings) or (name and f"&{name};" in row)


MARKDOWN_PICTURE = re.compile(r'<p><img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")? ?/?></p>')  # alone


def resolve_images(blocks: list[str], folder: Path, path: Path, text: str) -> tuple[list[str], list[Picture]]:
    """Pictures an article names itself (`![caption](pictures/x.png)`), found from the article's folder or the
    issue folder, which must hold them; one alone in its paragraph is set as a figure with its caption, like
    the manifest's pictures. The pictures found, with their lines, for `check` to measure."""
    found: list[Picture] = []

    def resolve(match: re.Match) -> str:
        name = html.unescape(match[1])
        line = next((n for n, row in enumerate(text.splitlines(), 1) if name in row), None)
        target, problem = _find_picture(name, folder, path)
        if problem:
            raise UserError(f"picture '{name}' {problem}", path, line)
        found.append(Picture(file=name, path=target, where=(path, line)))
        return f'<img src="{html.escape(target.relative_to(folder.resolve()).as_posix())}"'

    resolved = [re.sub(r'<img src="([^"]*)"', resolve, block) for block in blocks]
    return [_as_figure(block, found, folder) for block in resolved], found


def _find_picture(name: str, folder: Path, article: Path) -> tuple[Path | None, str | None]:
    """The picture `name` from the article's folder, else from the issue folder; or what is wrong."""
    issue = folder.resolve()
    places = list(dict.fromkeys([article.parent.resolve(), issue]))
    if ":" in name.split("/")[0] or name.startswith("/"):
        return None, "lies outside the issue folder; only the issue's own pictures can be used"
    targets = [(place / name).resolve() for place in places]
    inside = [target for target in targets if target.is_relative_to(issue)]
    if not inside:
        return None, "lies outside the issue folder; only the issue's own pictures can be used"
    target = next((target for target in inside if target.is_file()), None)
    if target is None:
        looked = " and ".join(str(display_path(target)) for target in inside)
        return None, f"does not exist: looked for {looked}"
    found = fault(target)
    return (None, _unusable(found)) if found else (target, None)


def _as_figure(block: str, found: list[Picture], folder: Path) -> str:
    """A paragraph holding only a picture, as a figure: its alt text the caption, its title the credit."""
    match = MARKDOWN_PICTURE.fullmatch(block)
    if not match:
        return block
    path = folder.resolve() / html.unescape(match[1])
    picture = next(p for p in reversed(found) if p.path == path)
    picture.caption, picture.credit = html.unescape(match[2]), html.unescape(match[3] or "")
    return figure(picture, folder)


def _unusable(found: str) -> str:
    if found == "not a picture":
        return "is not a picture; expected PNG, JPEG, GIF, TIFF, WebP or SVG"
    return f"cannot be used: {found}"


def place_pictures(blocks: list[str], pictures: list[Picture], folder: Path, source: tuple[Path, str]) -> list[str]:
    """Put each picture where a `Picture: caption` line names it, the rest spread through the text."""
    remaining = list(pictures)
    placed = []
    for block in blocks:
        match = PICTURE_LINE.match(block)
        if not match:
            placed.append(block)
            continue
        caption = html.unescape(match[1])
        picture = _take(remaining, caption)
        if picture is None:
            path, text = source
            line = next((n for n, row in enumerate(text.splitlines(), 1) if caption in row), None)
            raise UserError(f"'Picture: {caption}' has no picture in the manifest: add it to this "
                            "article's `pictures:` in issue.yaml", path, line)
        placed.append(figure(picture, folder))
    paragraphs = [i for i, block in enumerate(placed) if block.startswith("<p>")]
    for number, picture in reversed(list(enumerate(remaining, 1))):
        spot = paragraphs[len(paragraphs) * number // (len(remaining) + 1)] if paragraphs else len(placed) - 1
        placed.insert(spot + 1, figure(picture, folder))
    return placed


def figure(picture: Picture, folder: Path) -> str:
    """A picture with its caption and credit, as HTML."""
    src = html.escape(picture.path.relative_to(folder.resolve()).as_posix())
    caption = html.escape(picture.caption)
    credit = f' <span class="credit">{html.escape(picture.credit)}</span>' if picture.credit else ""
    text = f"<figcaption>{caption}{credit}</figcaption>" if caption or credit else ""
    alt = html.escape(picture.alt or picture.caption)
    return f'<figure class="picture {picture.width}"><img src="{src}" alt="{alt}">{text}</figure>'


def _take(pictures: list[Picture], caption: str) -> Picture | None:
    wanted = _simple(caption)
    for picture in pictures:
        if _simple(picture.caption) == wanted:
            pictures.remove(picture)
            return picture
    return pictures.pop(0) if pictures else None


def _simple(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _end_sign(blocks: list[str]) -> list[str]:
    """`<>` after the article's last paragraph (or list item) when the text has none there: journal.yaml's end sign."""
    for index in reversed(range(len(blocks))):
        block = blocks[index]
        if block.startswith(RUNNING_TEXT) and not block.startswith('<p class="source-note"'):
            close = max(block.rfind("</p>"), block.rfind("</li>"))
            while block[:close].rstrip().endswith(("</p>", "</li>")):  # a loose list's last item: inside its <p>
                close = block[:close].rstrip().rfind("</")
            if close < 0 or block[:close].rstrip().endswith("&lt;&gt;"):
                return blocks
            return blocks[:index] + [f"{block[:close].rstrip()} &lt;&gt;{block[close:]}"] + blocks[index + 1:]
    return blocks


def _mark_end(block: str, drawn: bool) -> str:
    mark = '<span class="end-mark drawn"></span>' if drawn else '<span class="end-mark"></span>'
    return END_MARK.sub(mark, block)


def _small_caps(block: str) -> str:
    """Abbreviations in running text as `<abbr>`, for the body font's small capitals."""
    if not block.startswith(RUNNING_TEXT):
        return block
    parts = re.split(r"(<[^>]+>)", block)
    inside_link = False
    for index, part in enumerate(parts):
        if part.startswith("<"):
            inside_link = part.startswith("<a ") or (inside_link and part != "</a>")
        elif not inside_link:
            parts[index] = ABBREVIATION.sub(r'<abbr>\1</abbr>\2', part)
    return "".join(parts)


def _pull_quote(blocks: list[str], quote: str) -> list[str]:
    """An article's pull quote, set apart a little before the middle of its text."""
    if not quote:
        return blocks
    paragraphs = [i for i, block in enumerate(blocks) if block.startswith("<p>")]
    spot = paragraphs[len(paragraphs) * 2 // 5] if paragraphs else 0
    return blocks[:spot + 1] + [f'<aside class="pull-quote" role="presentation">{quote}</aside>'] + blocks[spot + 1:]


def _mark_inserts(block: str) -> str:
    """Bracketed editorial inserts, in the text between tags only (never inside an attribute)."""
    parts = re.split(r"(<[^>]+>)", block)
    return "".join(part if part.startswith("<") else INSERT.sub(r'<span class="insert">[\1]</span>', part)
                   for part in parts)


def _give_ids(articles: list[Article]) -> None:
    used: set[str] = set()
    for article in articles:
        base = re.sub(r"[^a-z0-9]+", "-", article.path.stem.lower()).strip("-") or "article"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        article.id = f"art-{name}"
