"""What moved since the last build: an article starting on another page, a heading pushed to another page."""

from __future__ import annotations

from conftest import FIRST, write

from pamphleteer.cli import main
from pamphleteer.moves import compare, sentences

FLINT = {"title": "Forty-four days in Flint", "file": "flint.md", "page": 26,
         "headings": [{"text": "The sit-down", "page": 27}, {"text": "Notes", "page": 28}]}


def moved(**changes):
    return {**FLINT, **changes}


def test_an_article_that_starts_a_page_later_is_said_once_in_the_editors_words():
    after = moved(page=27, headings=[{"text": "The sit-down", "page": 28}, {"text": "Notes", "page": 29}])
    found = compare([FLINT], [after])
    # its headings moved with it, by as many pages: not named again
    assert found == {"articles": [{"title": "Forty-four days in Flint", "file": "flint.md", "page": 27,
                                   "was": 26}], "headings": []}
    assert sentences(found) == ["Forty-four days in Flint now starts on p. 27, was 26"]


def test_a_heading_pushed_to_the_next_page_is_named_with_its_article():
    after = moved(headings=[{"text": "The sit-down", "page": 27}, {"text": "Notes", "page": 29}])
    assert sentences(compare([FLINT], [after])) == ["“Notes” (Forty-four days in Flint) is now on p. 29, was 28"]


def test_a_heading_that_moved_further_than_its_article_is_named_too():
    after = moved(page=27, headings=[{"text": "The sit-down", "page": 28}, {"text": "Notes", "page": 30}])
    assert sentences(compare([FLINT], [after])) == [
        "Forty-four days in Flint now starts on p. 27, was 26",
        "“Notes” (Forty-four days in Flint) is now on p. 30, was 28"]


def test_a_heading_that_stayed_on_its_page_while_its_article_moved_is_not_named():
    after = moved(page=25, headings=[{"text": "The sit-down", "page": 27}, {"text": "Notes", "page": 29}])
    assert sentences(compare([FLINT], [after])) == [  # “The sit-down” stayed on p. 27
        "Forty-four days in Flint now starts on p. 25, was 26",
        "“Notes” (Forty-four days in Flint) is now on p. 29, was 28"]


def test_nothing_moved_without_a_previous_build_or_for_a_new_article():
    assert compare(None, [FLINT]) == {"articles": [], "headings": []}
    assert compare([FLINT], [FLINT, {"title": "New", "file": "new.md", "page": 30, "headings": []}]) \
        == {"articles": [], "headings": []}
    # a build.json written before headings were recorded: the articles are still compared
    assert sentences(compare([{"title": "Old title", "file": "flint.md", "page": 25}], [FLINT])) == [
        "Forty-four days in Flint now starts on p. 26, was 25"]


def test_two_headings_of_the_same_text_are_matched_in_order():
    before = moved(headings=[{"text": "Notes", "page": 27}, {"text": "Notes", "page": 28}])
    after = moved(headings=[{"text": "Notes", "page": 27}, {"text": "Notes", "page": 29}])
    assert [h["was"] for h in compare([before], [after])["headings"]] == [28]


PARAGRAPH = ("A paragraph of some length to fill the page, said again and again so that it runs over several "
             "lines of the column. ") * 3


def first_article(before: int) -> str:
    """The first article with `before` long paragraphs ahead of its one heading."""
    return FIRST + "\n" + "\n\n".join([PARAGRAPH] * before) + "\n\n## Where it went\n\nThe last paragraph.\n"


def test_the_build_says_which_article_moved_and_which_heading_was_pushed(small_issue, capsys):
    article = small_issue / "articles" / "first.md"
    article.write_text(first_article(2), encoding="utf-8")
    assert main(["build", "9"]) == 0
    first = capsys.readouterr().out
    assert "now starts on" not in first and "is now on p." not in first  # no build before it
    article.write_text(first_article(7), encoding="utf-8")  # five paragraphs more: about a page
    assert main(["build", "9"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said.count("A post from the list now starts on p. 5, was 4") == 1
    assert said.count("“Where it went” (The first article) is now on p. 4, was 3") == 1
    assert main(["build", "9"]) == 0  # built again unchanged: nothing moved
    assert "now starts on" not in capsys.readouterr().out
