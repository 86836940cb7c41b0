"""The article readers: Markdown with front matter, and plain mailing-list posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED
from pamphleteer.errors import UserError
from pamphleteer.readers.mailtext import read_mailtext
from pamphleteer.readers.markdown import read_markdown

MARKDOWN = """---
title: "Workers' \\"voice\\""
subtitle: "A test -- of dashes"
author: "Әлия Қасымова"
affiliation: "Ақтау"
date: "2012-08-20"
source: "From the September 2012 issue of Workers' Lantern"
---
The "strike" began -- and went on --- for months...[^n]

> "We will not go back," said one [the committee chair].

- one
- two

1. first

| Year | Wage |
|------|------|
| 2011 | 12   |

<script>alert(1)</script> and <img src="file:///etc/passwd">

[^n]: The note, with *emphasis*.
"""


def test_markdown_front_matter_and_typography():
    article = read_markdown(MARKDOWN, Path("a.md"))
    assert article.title == "Workers’ “voice”"
    assert article.subtitle == "A test – of dashes"
    assert article.author == "Әлия Қасымова"
    assert article.date == "2012-08-20"
    body = article.body
    assert "The “strike” began – and went on — for months…" in body
    assert "<blockquote>" in body and "<ul>" in body and "<ol>" in body and "<table>" in body


def test_markdown_footnotes_are_set_inline_at_their_call():
    body = read_markdown(MARKDOWN, Path("a.md")).body
    assert 'months…<span class="footnote">The note, with <em>emphasis</em>.</span>' in body
    assert "footnotes" not in body and "<hr" not in body


def test_markdown_raw_html_block_is_left_out_with_a_warning_never_printed():
    article = read_markdown(MARKDOWN, Path("a.md"))
    assert "script" not in article.body and "<img" not in article.body and "&lt;" not in article.body
    assert article.warnings == ["a.md:22: an HTML block (<script>alert(1)</script> and <img src=\"…) is left "
                                "out; write it as Markdown (kept in the text: the tags sup, sub, br, em, strong, "
                                "small, abbr, span)"]


def test_markdown_raw_inline_html_keeps_a_small_subset_cleaned():
    """Issue 12: kept tags with their allowed attributes, other tags and attributes left out, open tags closed."""
    text = ('---\ntitle: T\n---\nSome <span style="color:red" class="x">red</span> H<sub>2</sub>O, <em>open\n'
            'then <img src="file:///etc/passwd"> <span lang="kk" onclick="x()">Жаңаөзен</span></strong>\n')
    article = read_markdown(text, Path("a.md"))
    assert article.body == ('<p>Some <span class="x">red</span> H<sub>2</sub>O, <em>open\nthen  '
                            '<span lang="kk">Жаңаөзен</span></em></p>')
    kept = "(kept: the tags sup, sub, br, em, strong, small, abbr, span)"
    assert article.warnings == ['a.md:4: style="color:red" left out of <span>; a <span> keeps class, lang',
                                f"a.md:5: HTML <img> left out; write it as Markdown {kept}",
                                'a.md:5: onclick="x()" left out of <span>; a <span> keeps class, lang']


def test_a_markdown_text_read_again_gives_its_blocks_and_warnings_again_with_its_own_lines():
    """The blocks of texts read before are kept (watch reads every article after each save)."""
    text = '---\ntitle: T\n---\nSome <span style="color:red">red</span>.\n'
    first, again = read_markdown(text, Path("a.md")), read_markdown(text, Path("b.md"))
    assert first.blocks == again.blocks and first.blocks is not again.blocks
    assert first.warnings == ['a.md:4: style="color:red" left out of <span>; a <span> keeps class, lang']
    assert again.warnings == [first.warnings[0].replace("a.md", "b.md")]
    moved = read_markdown(text.replace("---\nSome", "---\n\nSome"), Path("a.md"))  # a line further down
    assert moved.warnings == [first.warnings[0].replace(":4:", ":5:")]


@pytest.mark.parametrize("text, expected", [
    ("no front matter\n", "a.md:1: expected front matter between `---` lines"),
    ("---\nauthor: x\n---\ntext\n", "a.md:2:1: title: missing"),
    ("---\ntitle: x\ntitel: y\n---\ntext\n", "a.md:3:1: titel: unknown key; did you mean `title`?"),
    ("---\ntitle: x\ndate: 2012-08-20\nlang: [en\n---\ntext\n", "a.md:4:7: not valid YAML: a [ opened here is not closed"),
    ("---\ntitle: x\n---\n\n", "a.md:4: the article has front matter but no text"),
])
def test_markdown_errors_count_lines_from_the_top_of_the_file(text, expected):
    with pytest.raises(UserError) as caught:
        read_markdown(text, Path("a.md"))
    assert str(caught.value).startswith(expected)


@pytest.fixture
def seed():
    if not SEED.is_file():
        pytest.skip("../shared/seed is not here")
    return read_mailtext(SEED.read_text(encoding="utf-8"), SEED)


def test_seed_header_title_and_byline(seed):
    assert seed.to == "Detroit/Seattle Workers' Voice mailing list"
    assert seed.date == "January 13, 2022"
    assert seed.title == "Solidarity with the militant workers of Kazakhstan!"
    assert seed.author == "Joseph Green"
    assert seed.affiliation == "Detroit Workers’ Voice"


def test_seed_subheads_end_marks_inserts_and_picture(seed):
    heads = [b for b in seed.blocks if b.startswith("<h2>")]
    assert heads == ["<h2>About Kazakhstan</h2>",
                     "<h2>Building solidarity with Kazakhstani workers in 2022 faces the same obstacles "
                     "as it did in 2012</h2>",
                     "<h2>Solidarity with the oil workers of Kazakhstan! (2012)</h2>"]
    assert sum(block.count("&lt;&gt;") for block in seed.blocks) == 4
    assert seed.blocks[-1] == "<p>Picture: A scene from the protests</p>"
    assert any(b.startswith('<p class="source-note">From the September 2012 issue of ‘Communist Voice’')
               for b in seed.blocks)
    assert any("[2012]" in b for b in seed.blocks)
    assert '“organizing and participating in mass unrest”' in seed.body


def test_seed_links_are_live_and_its_trailer_is_kept_apart(seed):
    assert '<a href="http://www.communistvoice.org/47cJanaozen.html">' in seed.body
    assert seed.trailer == ["Back to main page, how to order CV, write us!", "January 14, 2022",
                            "e-mail: mail@communistvoice.org"]
    assert seed.trailer_line == 51
    assert seed.coda.startswith("Back to main page, how to order CV, write us!<br>")
    assert 'href="mailto:mail@communistvoice.org"' in seed.coda
    assert "e-mail" not in seed.body and "Back to main page" not in seed.body


@pytest.mark.parametrize("ending, trailer", [
    ("We will print the rest next month.\n\nBack to main page, write us!\n", ["Back to main page, write us!"]),
    ("Back to the main page to order, if you wish, and write us a long letter about the strike, its causes and "
     "what it changed for the town.\n", []),  # a long line is text
    ("See www.example.org for the rest.\n", []),  # a sentence naming a web address is text
    ("Subscribe: write to us.\n\n e-mail: a@example.org\nweb: https://example.org\n",
     ["Subscribe: write to us.", "e-mail: a@example.org", "web: https://example.org"]),
])
def test_a_trailer_is_only_the_last_lines_of_navigation_or_boilerplate(tmp_path, ending, trailer):
    post = read_mailtext("To: List\nAugust 30, 2012\n\nTitle\n\nThe text. <>\n\n" + ending, tmp_path / "p.txt")
    assert post.trailer == trailer
    assert ("Back to main page" in post.body) == (not trailer and "Back to main page" in ending)


def test_seed_paragraph_count_matches_the_text(seed):
    paragraphs = [b for b in seed.blocks if b.startswith("<p>") and not b.startswith("<p>Picture")]
    assert len(paragraphs) == 16  # 4 + 4 + 3 + 5 in its four parts; the source note is apart


def test_mailtext_without_a_title_is_an_error():
    with pytest.raises(UserError, match="expected a title line"):
        read_mailtext("To: list\nJanuary 1, 2020\n\n", Path("x.txt"))


def test_a_note_citing_a_note_carries_its_text():
    """Issue 12, traceback 11: notes citing notes are set in parentheses inside the citing note."""
    text = "---\ntitle: T\n---\nText[^a].\n\n[^a]: see[^b]\n\n[^b]: inner[^a]\n"
    body = read_markdown(text, Path("a.md")).body
    assert body == '<p>Text<span class="footnote">see (inner)</span>.</p>'
