"""The mailing-list form, rule by rule: header lines, title and heading lengths, section ends, coda, warnings.

Each expectation is written out from the form the README describes, not taken
from the reader's output; scripts/mutate.py checks that these tests notice a
change of any operator or constant in readers/mailtext.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphleteer.errors import UserError
from pamphleteer.readers.mailtext import read_mailtext

HEADER = "To: Test list\nAugust 30, 2012\n\n"


def post(*blocks: str, header: str = HEADER) -> str:
    return header + "\n\n".join(blocks) + "\n"


def read(text: str):
    return read_mailtext(text, Path("p.txt"))


def test_header_title_and_byline():
    article = read(post("A title", "by A. Poster, Test Group", "Text."))
    assert (article.to, article.date, article.title) == ("Test list", "August 30, 2012", "A title")
    assert (article.author, article.affiliation) == ("A. Poster", "Test Group")
    assert article.blocks == ["<p>Text.</p>"] and article.coda == "" and article.warnings == []


def test_a_byline_without_affiliation_and_a_title_on_two_lines():
    article = read(post("A title\non two lines", "BY A. Poster", "Text."))
    assert (article.title, article.author, article.affiliation) == ("A title on two lines", "A. Poster", "")


def test_header_lines_in_one_block_with_the_title_and_only_the_first_of_each():
    article = read("TO: List\n30 August 2012\nTo: second\nA title\n\nText.\n")
    assert (article.to, article.date, article.title) == ("List", "30 August 2012", "To: second A title")


@pytest.mark.parametrize("line", ["August 30, 2012", "Aug. 30 2012", "30 Sept 2012", "2012-08-30",
                                  "  august 30, 2012  "])
def test_date_lines(line):
    assert read(f"To: x\n{line}\n\nTitle\n\nText.\n").date == line.strip()


@pytest.mark.parametrize("line", ["August 2012", "Someday 30, 2012", "2012-8-30", "On August 30, 2012"])
def test_lines_that_are_not_dates_stay_in_the_title(line):
    article = read(f"To: x\n{line}\n\nText.\n")
    assert (article.date, article.title) == ("", line)


def test_a_post_without_any_end_mark_is_all_body_and_no_coda():
    article = read(post("Title", "First paragraph.", "Contact us at the hall", "Second paragraph."))
    assert article.blocks == ["<p>First paragraph.</p>", "<h2>Contact us at the hall</h2>",
                              "<p>Second paragraph.</p>"]
    assert article.coda == ""


def test_text_after_the_last_end_mark_that_is_not_boilerplate_is_body_text():
    article = read(post("Title", "One. <>", "Two. <>", "Write to us\nBack to the main page", "Order\ncopies"))
    assert article.blocks == ["<p>One. &lt;&gt;</p>", "<p>Two. &lt;&gt;</p>",
                              "<h2>Write to us Back to the main page</h2>", "<p>Order copies</p>"]
    assert article.coda == ""


def test_a_last_paragraph_on_several_lines_is_joined_with_spaces():
    assert read(post("Title", "First line\nsecond line.")).blocks == ["<p>First line second line.</p>"]


def test_a_picture_line_goes_into_the_body_even_after_the_last_end_mark():
    article = read(post("Title", "Text. <>", "    Picture: A picket line", "Contact"))
    assert article.blocks == ["<p>Text. &lt;&gt;</p>", "<p>Picture: A picket line</p>", "<p>Contact</p>"]


HEADING_MAX = "H" * 109 + "x"  # 110 characters: still a heading


@pytest.mark.parametrize("line, heading", [
    (HEADING_MAX, True),
    (HEADING_MAX + "x", False),                       # 111 characters: a paragraph
    ("A short line", True),
    ("A short line.", False), ("A short line,", False), ("A short line;", False), ("A short line:", False),
    ("A short line <>", False),
    ("A short line!", True), ("A short line?", True),
])
def test_a_short_line_standing_alone_is_a_heading(line, heading):
    article = read(post("Title", line, "Text after it."))
    expected = f"<h2>{line}</h2>" if heading else f"<p>{line.replace('<>', '&lt;&gt;')}</p>"
    assert article.blocks[0] == expected


def test_the_last_block_and_a_line_before_a_picture_are_not_headings():
    article = read(post("Title", "A short line", "    Picture: Caption", "Closing words"))
    assert article.blocks == ["<p>A short line</p>", "<p>Picture: Caption</p>", "<p>Closing words</p>"]


def test_a_source_note():
    article = read(post("Title", "From the September 2012 issue of Communist Voice", "Text."))
    assert article.blocks[0] == '<p class="source-note">From the September 2012 issue of Communist Voice</p>'
    assert read(post("Title", "Taken from the September issue of X", "Text.")).blocks[0].startswith("<h2>")


@pytest.mark.parametrize("length, warned", [(150, False), (151, True)])
def test_a_title_over_150_characters_is_warned_about_at_its_line(length, warned):
    title = ("word " * 40)[:length - 1] + "z"
    article = read(post(title, "Text."))
    assert len(article.title) == length
    expected = [f"p.txt:4: the title is {length} characters long; is the blank line after it missing?"]
    assert article.warnings == (expected if warned else [])


def test_a_long_title_with_quotes_and_dashes_is_found_at_its_line():
    """The title is set typographically; its line is still found (it used to be reported at line 1)."""
    title = 'The "strike" goes on -- and on ' * 6
    article = read(post(title.strip(), "Text."))
    assert article.title.startswith("The “strike” goes on – and on")
    assert article.warnings == ["p.txt:4: the title is 179 characters long; is the blank line after it missing?"]


def test_the_first_to_and_date_lines_are_kept_and_to_may_lack_its_space():
    article = read("To:List\nAugust 30, 2012\nAugust 31, 2012\n\nTitle\n\nText.\n")
    assert (article.to, article.date, article.title) == ("List", "August 30, 2012", "August 31, 2012")


def test_a_long_title_is_found_on_its_own_line_not_on_the_header():
    title = "A title that runs on " * 8
    article = read("To: list\nAugust 30, 2012\n" + title + "\n\nText.\n")
    assert article.warnings == [f"p.txt:3: the title is {len(title.strip())} characters long; "
                                "is the blank line after it missing?"]


@pytest.mark.parametrize("word, warned", [("x" * 40, False), ("y" * 41, True),
                                          ("https://example.org/" + "a" * 40, False),
                                          ("(www.example.org/" + "a" * 40, False),
                                          ("mailto:" + "a" * 40, False),
                                          ("someone" + "a" * 40 + "@example.org", False)])
def test_a_run_over_40_characters_without_a_space_is_warned_about(word, warned):
    article = read(post("Title", f"Text with {word} in it."))
    expected = [f"p.txt:6: a 41-character run without a space ({word[:20]}...) may stick out of the column; "
                "break it or shorten it"]
    assert article.warnings == (expected if warned else [])


@pytest.mark.parametrize("text, expected", [
    ("To: list\nJanuary 1, 2020\n\n", "expected a title line after the `To:` and date lines"),
    ("To: list\n\nJanuary 1, 2020\n", "expected a title line after the `To:` and date lines"),
    ("To: list\nJanuary 1, 2020\n\nJust a title\n", "the post has a title but no text"),
    ("To: list\n\nTitle\n\nby Someone\n", "the post has a title but no text"),
])
def test_posts_without_text(text, expected):
    with pytest.raises(UserError) as caught:
        read(text)
    assert str(caught.value) == f"p.txt: {expected}"


def test_blocks_count_lines_from_the_top_with_several_blank_lines():
    article = read("To: x\n\n\n\nTitle\n\n\n" + "z" * 45 + "\n")
    assert article.warnings == [f"p.txt:8: a 45-character run without a space ({'z' * 20}...) may stick out "
                                "of the column; break it or shorten it"]
