"""The Markdown engine (markdown-it-py) behind one module, and typographic text.

`markdown()` is the full CommonMark parser with footnotes and tables;
`inline_text()` only escapes plain text and makes its quotes, dashes,
ellipses and links typographic, with no other Markdown syntax.
`unpaired_quotes()` sets the straight quotes smartquotes leaves unpaired: a
quotation running over several paragraphs opens each with a mark and
closes only the last.
"""

from __future__ import annotations

import html
import re
from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

_OPTIONS = {"typographer": True, "linkify": True, "html": False}  # article HTML is untrusted: never passed through


@cache
def markdown() -> MarkdownIt:
    """Raw HTML is parsed as tokens so `rawhtml.clean` can keep a few inline tags and leave the rest out."""
    md = MarkdownIt("commonmark", {**_OPTIONS, "html": True}).enable(["replacements", "smartquotes", "linkify", "table"])
    md.use(footnote_plugin)
    md.add_render_rule("footnote_ref", _footnote_inline)
    return md


def _footnote_inline(self, tokens, index, options, env) -> str:
    """A footnote call set as the note itself, for the renderer to float to the foot of the page.

    A note citing another note (`see[^b]` inside `[^a]`) carries the cited
    note's text in parentheses: a note cannot float out of a note. A note
    citing itself, directly or through others, gets nothing at the inner call.
    """
    note = tokens[index].meta["id"]
    citing = env.setdefault("citing", [])
    if note in citing:
        return ""
    citing.append(note)
    text = re.sub(r"</?p>", " ", self.render(env.get("notes", {}).get(note, []), options, env)).strip()
    citing.pop()
    return f" ({text})" if citing else f'<span class="footnote">{text}</span>'


@cache
def _plain() -> MarkdownIt:
    return MarkdownIt("zero", _OPTIONS).enable(["replacements", "smartquotes", "linkify"])


def inline_text(text: str) -> str:
    """Plain text to escaped HTML with typographic quotes, dashes and live links."""
    return unpaired_quotes(_plain().renderInline(text))


_PARTS = re.compile(r"(<code>.*?</code>|<[^>]+>)", re.S)  # tags and code spans, left as they are
_OPENS = re.compile(r"(^|[\s(\[—–-])&quot;")  # a quote at the start or after a space or bracket opens


def unpaired_quotes(html: str) -> str:
    """Straight double quotes left in escaped HTML text: opening at a paragraph's start or after a space, else closing."""
    parts = _PARTS.split(html)
    for index in range(0, len(parts), 2):
        after_text = index and parts[index - 1].startswith(("</", "<code>"))  # `</em>"` closes
        text = ("x" if after_text else "") + parts[index]
        parts[index] = _OPENS.sub(r"\1“", text).replace("&quot;", "”")[1 if after_text else 0:]
    return "".join(parts)


def plain(html_text: str) -> str:
    """HTML as the text it shows: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
