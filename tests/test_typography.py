"""Typographic faults a reader or typesetter would see, checked on the demo issue and the seed.

Text is read back from the PDFs with its position on the page (pypdf), so a
missing glyph, text off the page, an empty page, a heading stranded at the
foot of a page or switched-off hyphenation fails a test.
"""

from __future__ import annotations

import html
import re
import shutil

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import SEED, write
from pamphleteer.build import build
from pamphleteer.document import plain
from pamphleteer.readers.mailtext import read_mailtext
from pamphleteer.readers.markdown import render_blocks


def positioned(path) -> list[list[tuple[float, float, str]]]:
    """Per page, each piece of text with the x, y of its origin."""
    pages = []
    for page in PdfReader(path).pages:
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                pieces.append((x, y, text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(pieces)
    return pages


def lines(pieces) -> list[tuple[float, str]]:
    """Pieces joined into lines, top to bottom, by their baseline."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in pieces:
        rows.setdefault(round(y), []).append((x, text))
    return [(y, " ".join(t for _, t in sorted(row))) for y, row in sorted(rows.items(), reverse=True)]


def source_letters(article) -> set[str]:
    return {c for c in article.path.read_text(encoding="utf-8") if c.isalpha() and not c.isascii()}


@pytest.fixture(scope="module")
def demo_pages(demo):
    return positioned(demo["reader"])


def test_every_letter_of_every_article_reaches_the_page(demo):
    text = "".join(page.extract_text() for page in PdfReader(demo["reader"]).pages)
    for article in demo["articles"]:
        missing = source_letters(article) - set(text)
        assert not missing, f"{article.path.name}: {sorted(missing)} lost"


def test_no_text_outside_the_page(demo_pages, demo):
    width, height = 396, 612
    for number, pieces in enumerate(demo_pages, 1):
        for x, y, text in pieces:
            assert 0 <= x <= width and 0 <= y <= height, (number, text)
    media = PdfReader(demo["print"]).pages[0].trimbox
    for number, pieces in enumerate(positioned(demo["print"]), 1):
        for x, y, text in pieces:
            assert float(media.left) <= x <= float(media.right) and float(media.bottom) <= y <= float(media.top), \
                (number, text)


def test_no_page_is_left_empty(demo_pages, demo):
    for number, pieces in enumerate(demo_pages, 1):
        assert pieces, f"reader page {number} is empty"
    for number, pieces in enumerate(positioned(demo["print"]), 1):
        assert pieces, f"print page {number} is empty"


def _headings(articles) -> list[str]:
    return [" ".join(plain(h).split()) for a in articles for h in re.findall(r"<h2>(.*?)</h2>", a.body)]


def test_no_heading_is_the_last_line_of_a_page(demo_pages, demo):
    headings = _headings(demo["articles"])
    assert len(headings) > 10
    found = 0
    for number, pieces in enumerate(demo_pages, 1):
        body = [(y, text) for y, text in lines(pieces) if 45 < y < 565]  # between folio and running head
        texts = [" ".join(t.split()) for _, t in body]
        for heading in headings:
            for index, text in enumerate(texts):
                if text and heading.startswith(text):
                    found += 1
                    after = texts[index + 1:]
                    assert any(not heading.endswith(t) for t in after), f"page {number}: {heading!r} is last"
    assert found >= len(headings)


def hyphenated_lines(pages) -> list[list[bool]]:
    """Per page, whether each body line ends in a hyphen that breaks a word."""
    result = []
    for pieces in pages:
        result.append([bool(re.search(r"[a-zа-яё][-\u2010]$", text)) for _, text in lines(pieces)])
    return result


def test_hyphenation_is_in_effect_and_measured(demo_pages):
    per_page = hyphenated_lines(demo_pages)
    total = sum(sum(page) for page in per_page)
    longest = max(max((len(run) for run in "".join("h" if h else " " for h in page).split()), default=0)
                  for page in per_page)
    print(f"hyphenated lines: {total}; longest run of consecutive hyphenated lines: {longest}")
    assert total >= 20
    assert longest <= 2  # WeasyPrint cannot cap runs (no hyphenate-limit-lines): the CSS zone keeps them short


@pytest.fixture(scope="module")
def seed_issue(tmp_path_factory):
    if not SEED.is_file():
        pytest.skip("../shared/seed is not here")
    root = tmp_path_factory.mktemp("seedproject")
    from conftest import ROOT
    for name in ("journal.yaml", "templates", "styles"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    folder = root / "issues" / "1"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(SEED, folder / "articles" / "seed.txt")
    shutil.copy(ROOT / "issues/47/pictures/protest.png", folder / "protest.png")
    write(folder / "issue.yaml", """
        issue: 1
        date: "2022-01"
        articles:
          - file: articles/seed.txt
            pictures:
              - file: protest.png
                caption: "A scene from the protests"
                alt: "A raised fist above a crowd"
                credit: "Drawing for the test"
        """)
    report = build(str(folder), root / "out")
    return report, root / "out" / "lantern-1.pdf"


def test_seed_is_set_as_an_article(seed_issue):
    report, pdf = seed_issue
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "Solidarity with the militant workers of Kazakhstan!" in text
    assert "by Joseph Green, Detroit Workers’ Voice" in text
    assert "About Kazakhstan" in text
    assert "“shoot to kill”" in text                       # quotes kept typographic
    assert "[which is]" in text                             # editorial inserts kept
    assert "<>" not in text                                 # end marks drawn, not printed as <>
    assert "A scene from the protests" in text              # the Picture: line became a captioned picture
    assert report.articles[0]["page"] == 3
    assert "Back to main page" not in text                  # the post's trailer is left out, and said so
    assert [w.split(": ", 1)[1][:32] for w in report.warnings if "seed.txt" in w] == ["left out the last lines, which l"]


def test_seed_letters_all_reach_the_page(seed_issue):
    _, pdf = seed_issue
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    source = html.unescape(SEED.read_text(encoding="utf-8"))
    letters = {c for c in source if c.isalnum()}
    assert letters - set(text) == set()


def test_a_full_page_picture_stands_alone_without_running_heads(small_issue, project):
    manifest_path = small_issue / "issue.yaml"
    manifest_path.write_text(manifest_path.read_text().replace('caption: "A drawn square"',
                                                               'caption: "A drawn square"\n        width: full'))
    Image.new("RGB", (1500, 2000), (120, 40, 30)).save(small_issue / "pictures/square.png", dpi=(300, 300))
    build("9")
    pages = positioned(project / "output/9/lantern-9.pdf")
    alone = [n for n, pieces in enumerate(pages, 1) if [t for _, _, t in pieces] == ["A drawn square"]]
    assert len(alone) == 1, [[t for _, _, t in p] for p in pages]
    assert PdfReader(project / "output/9/lantern-9.pdf").pages[alone[0] - 1]["/Resources"]["/XObject"]


@pytest.mark.parametrize("text, expected", [
    ('"Thank you.\n\n"My husband worked.\n\n"They are workers."',
     ["<p>“Thank you.</p>", "<p>“My husband worked.</p>", "<p>“They are workers.”</p>"]),
    ('He said: "we stay.\n\n"We go."', ["<p>He said: “we stay.</p>", "<p>“We go.”</p>"]),
    ('"*Stay* here.\n\nThe *end*" of it.', ["<p>“<em>Stay</em> here.</p>", "<p>The <em>end</em>” of it.</p>"]),
    ('Type `"` for a quote.', ['<p>Type <code>&quot;</code> for a quote.</p>']),  # code stays as typed
])
def test_a_quotation_over_several_paragraphs_is_set_typographically(text, expected):
    assert render_blocks(text) == expected


def test_a_mail_posts_quoted_letter_has_no_straight_quotes(tmp_path):
    post = read_mailtext('To: List\nAugust 30, 2012\n\nTitle\n\n"Thank you for the letters.\n\n'
                         '"People ask me. They are workers."\n', tmp_path / "p.txt")
    assert post.blocks == ["<p>“Thank you for the letters.</p>", "<p>“People ask me. They are workers.”</p>"]


def _running_head(pieces) -> str:
    """The line above the text block (the running head sits above y = 565), or ''."""
    return " ".join(text for y, text in lines(pieces) if y > 565)


def test_no_running_head_on_an_articles_opening_page(demo_pages, demo):
    starts = {article["page"]: article["title"] for article in demo["report"].articles}
    assert len(starts) == 7 and any(page % 2 == 0 for page in starts)  # openers on both hands
    for page, title in starts.items():
        assert _running_head(demo_pages[page - 1]) == "", f"p. {page}, where {title!r} opens"
        following = _running_head(demo_pages[page])
        assert following in (title, "Workers’ Lantern · No. 47 · September 2012"), f"p. {page + 1}: {following!r}"
