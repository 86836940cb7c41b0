"""Turn the raw HTML an author typed into Markdown into the small inline subset that is kept.

Article text is untrusted. Kept: the inline tags in `KEPT`, each with only
the attributes listed for it, their values cleaned; tags left open are
closed at the end of their paragraph, closing tags without an opening one
are dropped. Every other tag, and every HTML block, is left out with a
warning naming the file and line; HTML comments are left out silently.
No tag is ever printed as text.
"""

from __future__ import annotations

import html
import re

KEPT = {  # tag -> attribute -> the pattern its value must match
    "sup": {}, "sub": {}, "br": {}, "em": {}, "strong": {}, "small": {},
    "abbr": {"title": re.compile(r"[^<>]{1,200}")},
    "span": {"class": re.compile(r"[A-Za-z][\w-]{0,40}(?: [A-Za-z][\w-]{0,40}){0,4}"),
             "lang": re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,3}")},
}
EMPTY = {"br"}
KEPT_NAMES = ", ".join(KEPT)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b([^>]*)>", re.S)
ATTRIBUTE = re.compile(r"""([A-Za-z_:][-\w:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def clean(tokens, warn) -> None:
    """Rewrite the `html_block` and `html_inline` tokens of a parsed Markdown body in place.

    `warn(line, message)` is called with the 0-based line in the body.
    """
    for token in tokens:
        if token.type == "html_block":
            if not token.content.lstrip().startswith("<!--"):
                warn(token.map[0], f"an HTML block ({_shown(token.content)}) is left out; write it as Markdown "
                                   f"(kept in the text: the tags {KEPT_NAMES})")
            token.content = ""
        elif token.type == "inline" and token.children:
            _clean_inline(token.children, token.map[0] if token.map else 0, warn)


def _clean_inline(children, first_line: int, warn) -> None:
    line, open_tags = first_line, []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            child.content = _tag(child.content, open_tags, lambda message, at=line: warn(at, message))
    if open_tags:  # closed where the paragraph ends, or the browser would carry them on to the next
        closing = children[0].__class__("html_inline", "", 0)
        closing.content = "".join(f"</{name}>" for name in reversed(open_tags))
        children.append(closing)


def _tag(text: str, open_tags: list[str], warn) -> str:
    """One raw tag: kept cleaned, or left out (with a warning for an opening tag)."""
    match = TAG.fullmatch(text.strip())
    if match is None:
        return ""  # a comment, a processing instruction, a declaration
    closing, name, attributes = match[1], match[2].lower(), match[3]
    if name not in KEPT:
        if not closing:
            warn(f"HTML <{name}> left out; write it as Markdown (kept: the tags {KEPT_NAMES})")
        return ""
    if closing:
        if name not in open_tags:
            return ""
        del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]  # inner tags left open close too
        return f"</{name}>"
    kept = _attributes(name, attributes, warn)
    if name not in EMPTY and not attributes.rstrip().endswith("/"):
        open_tags.append(name)
    return f"<{name}{kept}>"


def _attributes(name: str, text: str, warn) -> str:
    kept = []
    for match in ATTRIBUTE.finditer(text):
        attribute, value = match[1].lower(), html.unescape(next((g for g in match.groups()[1:] if g), ""))
        pattern = KEPT[name].get(attribute)
        if pattern is None or not pattern.fullmatch(value):
            warn(f"{attribute}=\"{value[:30]}\" left out of <{name}>; a <{name}> keeps "
                 + (", ".join(KEPT[name]) if KEPT[name] else "no attributes"))
            continue
        kept.append(f' {attribute}="{html.escape(value)}"')
    return "".join(kept)


def _shown(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first[:40] + ("…" if len(first) > 40 else "")
