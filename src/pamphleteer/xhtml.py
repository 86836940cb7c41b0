"""Turn an article's HTML (made for the printed page) into XHTML for screens: the EPUB and the website.

The printed page floats each footnote to the foot of its page from where it
is called (`<span class="footnote">`). On a screen a note is a numbered link
to the note at the end of the article, and the note links back to its call
(EPUB 3 `noteref`/`footnote`, ARIA `doc-noteref`/`doc-footnote`/`doc-backlink`).
Every fragment goes through the HTML parser and out as XML, so entities such
as `&nbsp;` and void tags such as `<br>` come out as XHTML readers accept.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import tinyhtml5

EPUB_NS = "http://www.idpf.org/2007/ops"


@dataclass
class Body:
    """An article's text as XHTML, and its notes, each an XHTML `<aside>`."""

    text: str
    notes: list[str] = field(default_factory=list)


def fragment(html_text: str) -> str:
    """An HTML fragment (a title, a byline) as XHTML text."""
    return _inner(_parse(html_text))


def body(html_text: str, *, epub: bool) -> Body:
    """The article's blocks with each footnote as a numbered link to a note after the text."""
    root = _parse(html_text)
    parents = {child: parent for parent in root.iter() for child in parent}
    notes = []
    for number, span in enumerate([e for e in root.iter("span") if "footnote" in e.get("class", "").split()], 1):
        call = _note_call(number, epub)
        call.tail = span.tail
        parent = parents[span]
        parent[list(parent).index(span)] = call
        notes.append(_note(span, number, epub))
    return Body(_inner(root), notes)


def _parse(html_text: str) -> ET.Element:
    document = tinyhtml5.parse(f"<!DOCTYPE html><body>{html_text}</body>", namespace_html_elements=False)
    return document.find("body")


def _inner(element: ET.Element) -> str:
    text = _escape(element.text or "")
    return text + "".join(ET.tostring(child, encoding="unicode", short_empty_elements=True) for child in element)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _note_call(number: int, epub: bool) -> ET.Element:
    call = ET.Element("a", {"class": "noteref", "id": f"noteref-{number}", "href": f"#note-{number}",
                            "role": "doc-noteref"})
    if epub:
        call.set("epub:type", "noteref")
    call.text = str(number)
    return call


def _note(span: ET.Element, number: int, epub: bool) -> str:
    """The note's text in a paragraph, its number first and a link back to its call last."""
    aside = ET.Element("aside", {"class": "note", "id": f"note-{number}", "role": "doc-footnote"})
    if epub:
        aside.set("epub:type", "footnote")
    paragraph = ET.SubElement(aside, "p")
    label = ET.SubElement(paragraph, "span", {"class": "note-number"})
    label.text = f"{number}. "
    label.tail = span.text
    paragraph.extend(list(span))
    last = paragraph[-1]
    last.tail = (last.tail or "").rstrip() + " "
    back = ET.SubElement(paragraph, "a", {"class": "backlink", "href": f"#noteref-{number}", "role": "doc-backlink",
                                          "title": f"back to the text of note {number}"})
    back.text = "↩"
    return ET.tostring(aside, encoding="unicode", short_empty_elements=True)
