"""Articles as the templates get them: end signs, dates in the journal's style."""

from __future__ import annotations

import pytest

from conftest import write
from pamphleteer.articles import _end_sign
from pamphleteer.validate import check

MARK = '<span class="end-mark drawn"></span>'


@pytest.mark.parametrize("blocks, expected", [
    (["<p>a</p>", "<p>b</p>"], ["<p>a</p>", "<p>b &lt;&gt;</p>"]),
    (["<p>a &lt;&gt;</p>", "<p>b &lt;&gt;</p>"], ["<p>a &lt;&gt;</p>", "<p>b &lt;&gt;</p>"]),  # typed: one sign
    (["<p>a</p>", '<figure class="picture column"><img src="x.png"></figure>'],
     ["<p>a &lt;&gt;</p>", '<figure class="picture column"><img src="x.png"></figure>']),
    (["<p>a</p>", '<p class="source-note">From the May issue</p>'],
     ["<p>a &lt;&gt;</p>", '<p class="source-note">From the May issue</p>']),
    (["<ul>\n<li>one</li>\n<li>two</li>\n</ul>"], ["<ul>\n<li>one</li>\n<li>two &lt;&gt;</li>\n</ul>"]),
    (["<ul>\n<li><p>one</p>\n</li>\n</ul>"], ["<ul>\n<li><p>one &lt;&gt;</p>\n</li>\n</ul>"]),
    (["<h2>A head alone</h2>"], ["<h2>A head alone</h2>"]),
])
def test_the_end_sign_follows_the_last_paragraph(blocks, expected):
    assert _end_sign(blocks) == expected


def test_every_article_ends_with_one_end_sign_and_typed_signs_stay(small_issue, project):
    first, post = check("9").articles
    assert first.blocks[-1].endswith(f'about Жаңаөзен.<span class="footnote">A note.</span>{MARK}</p>')
    assert sum(block.count(MARK) for block in first.blocks) == 1
    assert post.blocks[0] == f"<p>The only paragraph of the post.{MARK}</p>"
    assert sum(block.count(MARK) for block in post.blocks) == 1


@pytest.mark.parametrize("written, printed", [
    ("2012-08-20", "August 20, 2012"),
    ("2012-08", "August 2012"),
    ("20 Aug 2012", "August 20, 2012"),
    ("Summer 2012", "Summer 2012"),  # no date: as written
])
def test_front_matter_dates_print_in_the_journals_style(small_issue, project, written, printed):
    write(small_issue / "articles" / "first.md", f"""
        ---
        title: "Dated"
        author: "A. Writer"
        date: "{written}"
        ---
        Text.
        """)
    assert check("9").articles[0].date == printed
