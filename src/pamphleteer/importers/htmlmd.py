"""Turn HTML (a web page, or what mammoth makes of a Word document) into Markdown blocks for a Draft.

A small converter of our own over tinyhtml5, the HTML parser WeasyPrint
already brings: articles need only paragraphs, subheads, quotes, lists,
simple tables, emphasis, links and footnotes, while pictures must come out
as `DraftPicture`s with their captions (for the manifest), not as inline
images, and the title, byline and date as front matter. What it does not
know it keeps as text; page furniture (scripts, menus, forms) is dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import tinyhtml5

from pamphleteer.importers.draft import Draft, DraftPicture
from pamphleteer.dates import iso_date
from pamphleteer.readers.mailtext import BYLINE

SKIPPED = {"script", "style", "nav", "aside", "form", "noscript", "iframe", "svg", "button", "template", "head",
           "select", "input", "textarea", "object", "embed", "video", "audio", "canvas", "map", "link", "meta",
           "footer"}
CONTAINERS = {"div", "section", "article", "main", "header", "body", "html", "center", "address",
              "dl", "dd", "dt", "details", "summary", "hgroup", "li", "td", "th"}
HEADINGS = {"h1": "##", "h2": "##", "h3": "###", "h4": "###", "h5": "###", "h6": "###"}
EMPHASIS = {"em": "*", "i": "*", "cite": "*", "dfn": "*", "var": "*", "strong": "**", "b": "**"}
CODE = {"code", "kbd", "samp", "tt"}
NOTE_CALL = re.compile(r"\[?\(?(?:\d{1,3}|\*{1,3}|†)\)?\]?")  # the text of a link to a footnote
WHITESPACE = re.compile(r"[ \t\r\n\f]+")  # HTML's white space: not the no-break space
HEADER_LOOKAHEAD = 12  # elements at the top searched for a title, byline and date
BODY_TEXT = 200  # characters: a block this long is the text, and the header is over
SENTENCE_WORDS = 8  # so is a paragraph of this many words ending a sentence
TITLE_GUESS = 150  # characters: a first line longer than this is not a title


def parse(text: str) -> ET.Element:
    return tinyhtml5.parse(text, namespace_html_elements=False)


def text_of(element: ET.Element) -> str:
    """The element's text as plain words, white space collapsed."""
    return WHITESPACE.sub(" ", "".join(_texts(element))).strip()


def _texts(element: ET.Element):
    if _tag(element) in SKIPPED:
        return
    if _tag(element) == "br":
        yield " "
    yield element.text or ""
    for child in element:
        yield from _texts(child)
        yield child.tail or ""


class Converter:
    """HTML elements to Markdown blocks; `picture_for(img)` turns an <img> into a DraftPicture or None."""

    def __init__(self, draft: Draft, picture_for: Callable[[ET.Element], DraftPicture | None]):
        self.draft = draft
        self.picture_for = picture_for
        self.footnotes: dict[str, str] = {}  # number -> Markdown text of the note
        self._notes: dict[str, str] = {}  # id of a note's element -> its number
        self._calls: set[str] = set()  # ids of the calls, which the notes link back to
        self._found: list[DraftPicture] = []

    def convert(self, container: ET.Element) -> None:
        """Append the container's blocks to the draft, footnotes last."""
        self._take_notes(container)
        self.draft.blocks.extend(self.blocks(container))
        self.draft.blocks.extend(f"[^{n}]: {text}" for n, text in self.footnotes.items())

    def blocks(self, element: ET.Element) -> list:
        """The element's children as blocks: text runs between block elements become paragraphs."""
        out: list = []
        inline: list[str] = [escape(element.text or "")]
        for child in element:
            tag = _tag(child)
            if tag in SKIPPED:
                pass
            elif tag in BLOCK_HANDLERS or tag in CONTAINERS or tag == "img":
                self._flush(inline, out)
                for block in (self._picture(child) if tag == "img" else
                              BLOCK_HANDLERS[tag](self, child) if tag in BLOCK_HANDLERS else self.blocks(child)):
                    _add(out, block)
            else:
                inline.append(self.inline(child))
            inline.append(escape(child.tail or ""))
        self._flush(inline, out)
        return out

    def _flush(self, inline: list[str], out: list) -> None:
        text = paragraph(_join(inline))
        inline.clear()
        if text:
            out.append(text)
        out.extend(self._take_found())

    def _take_found(self) -> list[DraftPicture]:
        found, self._found = self._found, []
        return found

    def _take_notes(self, container: ET.Element) -> None:
        """Links like `<sup><a href="#fn1">1</a></sup>` are footnote calls: their targets become the notes.

        Word's footnotes come out of mammoth this way, and so do most web pages'.
        """
        ids = {element.get("id"): element for element in container.iter() if element.get("id")}
        parents = {child: parent for parent in container.iter() for child in parent}
        for link in list(container.iter("a")):
            target = (link.get("href") or "")[1:] if (link.get("href") or "").startswith("#") else ""
            if target in ids and target not in self._notes and NOTE_CALL.fullmatch(text_of(link)):
                self._notes[target] = str(len(self._notes) + 1)
                self._calls.update(e.get("id") for e in (link, parents.get(link)) if e is not None and e.get("id"))
        for target, number in self._notes.items():
            note = ids[target]
            _remove(note, parents)
            texts = [block for block in self.blocks(note) if isinstance(block, str)]
            self.footnotes[number] = " ".join(texts).replace("\\\n", " ").replace("\n", " ").strip()

    # blocks

    def _p(self, element: ET.Element) -> list:
        text = paragraph(self.inline_content(element))
        found = self._take_found()
        if "caption" in _classes(element):
            return [Caption(text_of(element))] + found
        return ([text] if text else []) + found

    def _heading(self, element: ET.Element) -> list:
        text = paragraph(self.inline_content(element)).replace("\\\n", " ")
        return ([f"{HEADINGS[_tag(element)]} {text}"] if text else []) + self._take_found()

    def _blockquote(self, element: ET.Element) -> list:
        inner = self.blocks(element)
        texts = [block for block in inner if isinstance(block, str)]
        quote = "\n>\n".join("\n".join("> " + line for line in block.split("\n")) for block in texts)
        return ([quote] if quote else []) + [block for block in inner if not isinstance(block, str)]

    def _list(self, element: ET.Element) -> list:
        items = [child for child in element if _tag(child) == "li"]
        ordered = _tag(element) == "ol"
        lines, pictures, loose = [], [], False
        for number, item in enumerate(items, _start(element) if ordered else 1):
            marker = f"{number}. " if ordered else "- "
            inner = self.blocks(item)
            texts = [block for block in inner if isinstance(block, str)]
            pictures += [block for block in inner if not isinstance(block, str)]
            loose = loose or len(texts) > 1
            body = "\n\n".join(texts).replace("\n", "\n" + " " * len(marker))
            lines.append(marker + re.sub(r"\n +\n", "\n\n", body))
        return (["\n\n".join(lines) if loose else "\n".join(lines)] if lines else []) + pictures

    def _table(self, element: ET.Element) -> list:
        rows = [row for row in element.iter() if _tag(row) == "tr"]
        cells = [[self._cell(cell) for cell in row if _tag(cell) in ("td", "th")] for row in rows]
        cells = [row for row in cells if row]
        if not cells:
            return []
        width = max(len(row) for row in cells)
        cells = [row + [""] * (width - len(row)) for row in cells]
        lines = ["| " + " | ".join(row) + " |" for row in cells]
        lines.insert(1, "|" + "---|" * width)
        return ["\n".join(lines)] + self._take_found()

    def _cell(self, cell: ET.Element) -> str:
        text = " ".join(b for b in self.blocks(cell) if isinstance(b, str))
        return text.replace("\\\n", " ").replace("\n", " ").replace("|", "\\|")

    def _pre(self, element: ET.Element) -> list:
        code = "".join(_texts(element)).strip("\n")
        fence = "````" if "```" in code else "```"
        return [f"{fence}\n{code}\n{fence}"] if code.strip() else []

    def _hr(self, element: ET.Element) -> list:
        return ["* * *"]

    def _figure(self, element: ET.Element) -> list:
        caption = next((text_of(c) for c in element.iter() if _tag(c) == "figcaption"), "")
        pictures = []
        for image in (node for node in element.iter() if _tag(node) == "img"):
            pictures += self._picture(image)
        for picture in pictures:
            picture.caption = caption or picture.caption
        return pictures

    def _picture(self, image: ET.Element) -> list:
        picture = self.picture_for(image)
        return [picture] if picture else []

    # inline

    def inline_content(self, element: ET.Element) -> str:
        parts = [escape(element.text or "")]
        for child in element:
            parts += [self.inline(child), escape(child.tail or "")]
        return _join(parts)

    def inline(self, element: ET.Element) -> str:
        tag = _tag(element)
        if tag in SKIPPED:
            return ""
        if tag == "br":
            return "\\\n"
        if tag == "img":
            self._found.extend(self._picture(element))
            return ""
        if tag in CODE:
            code = "".join(_texts(element))
            return f"`{code}`" if "`" not in code else f"`` {code} ``"
        inner = self.inline_content(element)
        if tag in EMPHASIS:
            return _wrap(inner, EMPHASIS[tag])
        if tag == "a":
            return self._link(element, inner)
        return inner

    def _link(self, element: ET.Element, inner: str) -> str:
        href = (element.get("href") or "").strip()
        if href[1:] in self._notes:
            return f"[^{self._notes[href[1:]]}]"
        if href[1:] in self._calls:
            return ""  # the way back from a footnote to its call
        words = text_of(element)
        if not href or href.startswith("#") or href.lower().startswith("javascript:") or not words:
            return inner
        if href in (words, f"mailto:{words}", f"http://{words}", f"https://{words}"):
            return inner  # the reader makes bare addresses live again
        target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
        return f"[{inner.strip()}]({target})"


BLOCK_HANDLERS = {
    "p": Converter._p, "blockquote": Converter._blockquote, "ul": Converter._list, "ol": Converter._list,
    "table": Converter._table, "pre": Converter._pre, "hr": Converter._hr, "figure": Converter._figure,
    **{tag: Converter._heading for tag in HEADINGS},
}


class Caption(str):
    """A paragraph styled as a caption: it names the picture just before it."""


def _add(out: list, block) -> None:
    if isinstance(block, Caption):
        if out and isinstance(out[-1], DraftPicture) and not out[-1].caption:
            out[-1].caption = str(block)
            return
        block = paragraph(escape(str(block)))
    if block:
        out.append(block)


ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>]+|[\w.+-]+@[\w-]+\.[\w.-]+")  # left as written: the reader links them
SYNTAX = re.compile(r"[\\*`]|(?<!\w)_|_(?!\w)|\[(?=\^)|\](?=[(\[:])|&(?=#?\w+;)|<(?=[A-Za-z/!?])|!(?=\[)")


def escape(text: str) -> str:
    """Plain text as Markdown that reads back as the same text: white space collapsed, syntax escaped."""
    text = WHITESPACE.sub(" ", text)
    parts = ADDRESS.split(text)
    addresses = ADDRESS.findall(text) + [""]
    return "".join(SYNTAX.sub(lambda m: "\\" + m[0], part) + address for part, address in zip(parts, addresses))


def _join(parts: list[str]) -> str:
    """Inline Markdown pieces as one: a `!` of the text just before a link's `[` is escaped, not made a picture."""
    out = ""
    for part in parts:
        if part.startswith("[") and out.endswith("!"):
            out = out[:-1] + "\\!"
        out += part
    return out


def paragraph(text: str) -> str:
    """Inline Markdown as one paragraph: trimmed, hard breaks tidied, no line starting a block by accident."""
    text = re.sub(r" *\\\n *", "\\\n", re.sub(r" {2,}", " ", text)).strip()
    text = re.sub(r"^(?:\\\n)+|(?:\\\n)+$", "", text).strip()
    return "\n".join(_not_block_start(line) for line in text.split("\n"))


def _not_block_start(line: str) -> str:
    match = re.match(r"(\d{1,9})([.)])(?= |$)|[#>+=-]|~~~", line)
    if not match:
        return line
    if match.group(1):
        return match[1] + "\\" + line[len(match[1]):]
    return "\\" + line


def _start(element: ET.Element) -> int:
    """The first number of an ordered list: its `start`, or 1 when that is not a number a Markdown list can have."""
    start = (element.get("start") or "").strip()
    return int(start) if re.fullmatch(r"\d{1,9}", start) else 1


def _wrap(inner: str, mark: str) -> str:
    core = inner.strip()
    if not core:
        return inner
    lead, trail = inner[:len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _tag(element: ET.Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").lower().split())


# the title, byline and date at the top of an article

def take_header(root: ET.Element, draft: Draft) -> None:
    """Move the first h1, a `by ...` line, a subtitle and a date line at the top of `root` into the draft's meta.

    Only the top counts: the search stops at the first paragraph of the text itself.
    """
    parents = {child: parent for parent in root.iter() for child in parent}
    removed: set = set()
    seen = 0
    for element in list(root.iter()):
        if _tag(element) in SKIPPED or _within(element, removed, parents):
            continue
        leaf = _is_block(element) and not any(_is_block(child) for child in element)
        text = text_of(element) if leaf else ""
        if seen > HEADER_LOOKAHEAD:
            break
        seen += bool(text)
        if _header_part(element, draft):
            _remove(element, parents)
            removed.add(element)
        elif _tag(element) == "p" and _is_text(text):
            break


def _is_text(text: str) -> bool:
    """A paragraph of the article itself: long, or a sentence of some words."""
    sentence = len(text.split()) >= SENTENCE_WORDS and text.endswith((".", "!", "?", "\"", "”"))
    return len(text) > BODY_TEXT or sentence


def _within(element, removed: set, parents: dict) -> bool:
    while element is not None:
        if element in removed:
            return True
        element = parents.get(element)
    return False


def guess_title(root: ET.Element, draft: Draft) -> None:
    """With no h1, a short first paragraph that does not end a sentence is taken as the title."""
    parents = {child: parent for parent in root.iter() for child in parent}
    first = next((e for e in root.iter() if _tag(e) in ("p", "h2", "h3") and text_of(e)), None)
    if first is not None and len(text_of(first)) <= TITLE_GUESS and not text_of(first).endswith((".", ":", ",")):
        draft.meta["title"] = text_of(first)
        draft.notes.append("the title is the document's first line (it had no heading styled as a title)")
        _remove(first, parents)


def _header_part(element: ET.Element, draft: Draft) -> bool:
    tag, text, classes = _tag(element), text_of(element), _classes(element)
    meta = draft.meta
    if not text or len(text) > 200 or any(_is_block(child) for child in element):
        return False
    if tag == "h1" and "title" not in meta:
        meta["title"] = text
    elif classes & {"subtitle", "standfirst", "dek", "deck"} and "subtitle" not in meta:
        meta["subtitle"] = text
    elif "author" not in meta and (BYLINE.match(text) or classes & {"byline", "author"}
                                   or element.get("rel") == "author"):
        _set_author(draft, BYLINE.match(text)[1] if BYLINE.match(text) else text)
    elif "date" not in meta and (tag == "time" or iso_date(text)):
        draft.set_date(element.get("datetime") or text)
    else:
        return False
    return True


def _set_author(draft: Draft, text: str) -> None:
    author, _, affiliation = text.partition(",")
    draft.meta["author"] = author.strip()
    if affiliation.strip():
        draft.meta["affiliation"] = affiliation.strip()


def _is_block(element: ET.Element) -> bool:
    return _tag(element) in BLOCK_HANDLERS or _tag(element) in CONTAINERS


def _remove(element: ET.Element, parents: dict) -> None:
    """Take `element` out of the tree, keeping the text that followed it."""
    parent = parents.get(element)
    if parent is None:
        return
    siblings = list(parent)
    index = siblings.index(element)
    if element.tail:
        if index:
            siblings[index - 1].tail = (siblings[index - 1].tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
