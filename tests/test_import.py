"""`pamphleteer import`: mail posts, Word documents and web pages become Markdown articles of an issue."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, SEED, write
from pamphleteer import validate
from pamphleteer.errors import UserError
from pamphleteer.importers import describe, htmlmd, import_article
from pamphleteer.dates import iso_date
from pamphleteer.importers.draft import Draft
from pamphleteer.newissue import make_issue
from pamphleteer.readers.mailtext import read_mailtext
from pamphleteer.readers.markdown import read_markdown


NO_COVER = ("issues/48/issue.yaml: the issue has no cover: its front page shows the masthead alone; add `cover:` "
            "with a `title:`, a `picture:` and `headlines:` (see issues/47/issue.yaml)")


@pytest.fixture
def issue48(project):
    """The demo issue 47 and a new, empty issue 48 made from it."""
    shutil.rmtree(project / "issues" / "9")
    shutil.copytree(ROOT / "issues" / "47", project / "issues" / "47")
    make_issue(48)
    return project / "issues" / "48"


@pytest.fixture
def seed():
    if not SEED.is_file():
        pytest.skip("../shared/seed is not here")
    return SEED


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("<br>", " "))).split())


# mailing-list posts

def test_seed_imports_with_its_header_as_front_matter(issue48, seed):
    imported = import_article(seed, into="48")
    assert imported.article == issue48 / "articles" / "solidarity-with-the-militant-workers.md"
    text = imported.article.read_text()
    assert text.startswith('---\ntitle: "Solidarity with the militant workers of Kazakhstan!"\n'
                           'author: "Joseph Green"\naffiliation: "Detroit Workers’ Voice"\ndate: "2022-01-13"\n'
                           'to: "Detroit/Seattle Workers\' Voice mailing list"\n---\n\n')
    assert "\n\n## About Kazakhstan\n\n" in text
    assert "Picture:" not in text  # the post names a picture but has no file for it
    assert (imported.problems, imported.warnings) == ([], [NO_COVER])


def test_seed_text_survives_the_import_word_for_word(issue48, seed):
    """The Markdown reads back to the paragraphs and subheads the mail reader finds in the post."""
    imported = import_article(seed, into="48")
    post = read_mailtext(seed.read_text(), seed)
    article = read_markdown(imported.article.read_text(), imported.article)
    expected = [_plain(b) for b in post.blocks if not b.startswith("<p>Picture:")]  # the trailer is left out
    assert [_plain(b) for b in article.blocks] == expected
    assert [b[:4] for b in article.blocks if b.startswith("<h2>")] == ["<h2>"] * 3
    assert 'href="http://www.communistvoice.org/47cJanaozen.html"' in article.body


def test_seed_is_listed_with_its_picture_left_to_the_editor(issue48, seed):
    import_article(seed, into="48")
    manifest = (issue48 / "issue.yaml").read_text()
    assert ("articles:\n"
            "  - file: articles/solidarity-with-the-militant-workers.md\n"
            "    # The text names pictures with no file yet: save each in pictures/, put its name\n"
            "    # in place of FILE.png, and delete the `# ` in front of the lines below.\n"
            "    # pictures:\n"
            "    #   - file: pictures/FILE.png\n"
            "    #     caption: \"A scene from the protests\"\n") in manifest


def test_uncommented_as_told_the_picture_lines_are_a_picture_entry(issue48, seed):
    import_article(seed, into="48", section="Kazakhstan")
    shutil.copy(ROOT / "issues" / "47" / "pictures" / "protest.png", issue48 / "pictures" / "protest.png")
    manifest = issue48 / "issue.yaml"
    lines = manifest.read_text().splitlines(keepends=True)
    start = lines.index("    # pictures:\n")
    lines[start:start + 3] = [line.replace("# ", "", 1).replace("FILE.png", "protest.png")
                              for line in lines[start:start + 3]]
    manifest.write_text("".join(lines))
    checked = validate.check("48")
    assert [p.caption for p in checked.issue.articles[0].pictures] == ["A scene from the protests"]
    assert checked.articles[0].section == "Kazakhstan"


def test_seed_imports_into_a_manifest_that_builds(issue48, seed):
    from pamphleteer.build import build

    import_article(seed, into="48")
    report = build("48")
    assert report.pages["reader"] >= 4
    assert [a["title"] for a in report.articles] == ["Solidarity with the militant workers of Kazakhstan!"]
    assert report.warnings == [NO_COVER]


def test_a_picture_given_for_the_post_goes_where_its_line_was(issue48, seed, tmp_path):
    drawing = tmp_path / "protest.png"
    Image.new("RGB", (1200, 800), (90, 90, 90)).save(drawing, dpi=(300, 300))
    imported = import_article(seed, into="48", pictures=[drawing], section="Kazakhstan")
    assert imported.article.read_text().endswith("the mud. <>\n\nPicture: A scene from the protests\n")
    assert (issue48 / "pictures" / "solidarity-with-the-militant-workers-1.png").read_bytes() == drawing.read_bytes()
    assert ("  - file: articles/solidarity-with-the-militant-workers.md\n"
            "    pictures:\n"
            "      - file: pictures/solidarity-with-the-militant-workers-1.png\n"
            "        caption: \"A scene from the protests\"\n"
            "    section: \"Kazakhstan\"\n") in (issue48 / "issue.yaml").read_text()
    checked = validate.check("48")
    assert checked.articles[0].section == "Kazakhstan"
    assert any('<figure class="picture column">' in block for block in checked.articles[0].blocks)


def test_describe_tells_what_was_found(issue48, seed):
    lines = describe(import_article(seed, into="48"))
    assert lines == [
        f"imported {seed} (a mailing-list post) as issues/48/articles/solidarity-with-the-militant-workers.md",
        "  title:       Solidarity with the militant workers of Kazakhstan!",
        "  subtitle:    (none found)",
        "  author:      Joseph Green",
        "  affiliation: Detroit Workers’ Voice",
        "  date:        2022-01-13   (written 'January 13, 2022')",
        "  to:          Detroit/Seattle Workers' Voice mailing list",
        "  text:        17 paragraphs, 3 subheads, 0 footnotes",
        "  picture 1:   A scene from the protests  ->  no file yet (see the comment under the article in issue.yaml)",
        "  listed in issues/48/issue.yaml as articles[0]",
        "note: left out the last lines, which look like a web page's navigation or the list's boilerplate: "
        "\"Back to main page, how to order CV, write us! / January 14, 2022 / e-mail: mail@communistvoice.org\"; "
        "add them to the article's end to print them",
    ]


def test_a_second_import_is_listed_after_the_first(issue48, seed, project):
    import_article(seed, into="48")
    post = write(project / "post.txt", """
        To: Test list
        August 30, 2012

        A *second* post_with odd_characters

        by B. Poster

        # Not a heading, 1. not a list, [^x] not a footnote, &amp; not an entity. <>
        """)
    imported = import_article(post)  # the latest issue
    assert imported.index == 1
    text = imported.article.read_text()
    assert 'title: "A *second* post_with odd_characters"' in text
    assert text.endswith("\\# Not a heading, 1. not a list, \\[^x] not a footnote, \\&amp; not an entity. <>\n")
    article = read_markdown(text, imported.article)
    assert _plain(article.blocks[0]) == "# Not a heading, 1. not a list, [^x] not a footnote, &amp; not an entity. <>"
    assert validate.check("48").issue.articles[1].path == imported.article


# Word documents

def _docx(path: Path, *, title_style: bool = True) -> Path:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.core_properties.author = "Office PC"
    document.add_paragraph("The picket at Gate 4", style="Title" if title_style else None)
    document.add_paragraph("Ninety days on the line", style="Subtitle")
    document.add_paragraph("by Jane Doe, Local 600")
    document.add_paragraph("March 3, 2013")
    paragraph = document.add_paragraph("The strike began on a ")
    paragraph.add_run("cold").italic = True
    paragraph.add_run(" morning, and ")
    paragraph.add_run("nobody").bold = True
    paragraph.add_run(" expected it to last -- 5*3 weeks_later it goes on.")
    document.add_heading("What they want", level=1)
    document.add_paragraph("1. A sentence that starts with a number.")
    document.add_paragraph("Wages", style="List Bullet")
    document.add_paragraph("Safety", style="List Bullet")
    picture = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(picture, "PNG", dpi=(300, 300))
    document.add_picture(io.BytesIO(picture.getvalue()), width=Inches(3))
    document.add_paragraph("Strikers at the gate", style="Caption")
    document.add_paragraph("We are not going back.", style="Quote")
    document.add_paragraph("The end. <>")
    document.save(path)
    return path


WORD_MARKDOWN = """\
---
title: "The picket at Gate 4"
subtitle: "Ninety days on the line"
author: "Jane Doe"
affiliation: "Local 600"
date: "2013-03-03"
---

The strike began on a *cold* morning, and **nobody** expected it to last -- 5\\*3 weeks_later it goes on.

## What they want

1\\. A sentence that starts with a number.

- Wages
- Safety

Picture: Strikers at the gate

> We are not going back.

The end. <>
"""


def test_word_document(issue48, tmp_path):
    imported = import_article(_docx(tmp_path / "picket.docx"), into="48")
    assert imported.article.read_text() == WORD_MARKDOWN
    saved = issue48 / "pictures" / "the-picket-at-gate-4-1.png"
    assert Image.open(saved).size == (1200, 800)
    assert ("  - file: articles/the-picket-at-gate-4.md\n"
            "    pictures:\n"
            "      - file: pictures/the-picket-at-gate-4-1.png\n"
            "        caption: \"Strikers at the gate\"\n") in (issue48 / "issue.yaml").read_text()
    assert (imported.problems, imported.draft.notes) == ([], [])
    assert imported.warnings == [  # the editor writes what the picture shows
        "issues/48/issue.yaml:29:9: articles[0].pictures[0]: 'pictures/the-picket-at-gate-4-1.png' has no alt text, "
        "so its caption is read out in its place; add `alt:` (what it shows) under it", NO_COVER,
        "issues/48/issue.yaml:29: 'pictures/the-picket-at-gate-4-1.png' (articles/the-picket-at-gate-4.md) is coarse "
        "for print: its 1200 × 800 pixels are set 4.20 in (107 mm) wide, 286 ppi, under the 300 ppi printers ask for "
        "(`print: min_ppi_warn`). At 300 ppi it can be printed at most 4.00 in (102 mm) wide; the column takes it up "
        "to 4.20 in (107 mm): for 300 ppi there, find one at least 1260 pixels wide"]
    article = validate.check("48").articles[0]
    assert article.title == "The picket at Gate 4" and article.subtitle == "Ninety days on the line"
    assert "nobody</strong> expected it to last – 5*3 weeks_later" in article.body


def test_word_document_without_a_title_style(issue48, tmp_path):
    imported = import_article(_docx(tmp_path / "picket.docx", title_style=False), into="48")
    assert imported.draft.meta["title"] == "The picket at Gate 4"
    assert imported.draft.notes == ["the title is the document's first line (it had no heading styled as a title)"]


def test_word_footnotes_as_mammoth_writes_them():
    draft = Draft("a Word document")
    body = htmlmd.parse('<p>Text.<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup> More.</p>'
                        '<ol><li id="footnote-1"><p> A note, <em>cited</em>. <a href="#footnote-ref-1">↑</a>'
                        '</p></li></ol>').find("body")
    htmlmd.Converter(draft, lambda image: None).convert(body)
    assert draft.blocks == ["Text.[^1] More.", "[^1]: A note, *cited*."]


@pytest.mark.parametrize("start, first", [("a", 1), ("", 1), ("-2", 1), ("1e3", 1), ("9999999999", 1), ("3", 3),
                                          (" 0 ", 0)])
def test_a_list_with_a_bad_start_counts_from_one(start, first):
    draft = Draft("a web page")
    body = htmlmd.parse(f'<ol start="{start}"><li>One</li><li>Two</li></ol>').find("body")
    htmlmd.Converter(draft, lambda image: None).convert(body)
    assert draft.blocks == [f"{first}. One\n{first + 1}. Two"]


@pytest.mark.parametrize("html_text, markdown", [
    ('<p>Look!<a href="https://example.org/x">the report</a></p>', "Look\\![the report](https://example.org/x)"),
    ('<p>Look!<span><a href="https://example.org/x">it</a></span></p>', "Look\\![it](https://example.org/x)"),
    ("<p>Plain ![text] stays text. Wow!</p>", "Plain \\![text] stays text. Wow!"),
    ('<p>Look! <a href="https://example.org/x">it</a></p>', "Look! [it](https://example.org/x)"),
    ('<p>Look!<sup><a href="#n1">1</a></sup></p><ol><li id="n1">A note.</li></ol>', "Look\\![^1]"),
])
def test_an_exclamation_mark_before_a_link_does_not_make_a_picture(html_text, markdown):
    draft = Draft("a web page")
    htmlmd.Converter(draft, lambda image: None).convert(htmlmd.parse(html_text).find("body"))
    assert draft.blocks[0] == markdown
    assert "<img" not in read_markdown(f'---\ntitle: "T"\n---\n\n{draft.blocks[0]}\n', Path("a.md")).body


def test_a_file_that_is_not_a_docx(issue48):
    fake = issue48.parents[1] / "letter.docx"
    fake.write_text("not a zip")
    with pytest.raises(UserError) as caught:
        import_article(fake, into="48")
    assert str(caught.value).startswith("letter.docx: not a Word .docx file that can be read (")
    assert str(caught.value).endswith("open it in Word or LibreOffice and save it again as .docx")
    assert list((issue48 / "articles").iterdir()) == []


# web pages

PAGE = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Riders and drivers together | Transit Voice</title>
<meta name="author" content="Someone Else">
<meta property="article:published_time" content="2012-08-02T09:30:00Z">
<script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
<body>
<header class="site"><a href="/">Transit Voice</a><nav><a href="/a">Home</a> <a href="/b">About</a></nav></header>
<main><article>
<header><h1>Riders and drivers <em>together</em></h1>
<p class="byline">By Ruth Adeyemi, ATU Local 26</p><time datetime="2012-08-02">August 2, 2012</time></header>
<p>The contract expired in <b>June</b>. Nobody signed a new one &mdash; not the union,
   not the city.<sup><a href="#fn1" id="r1">1</a></sup></p>
<figure><img src="page_files/bus.jpg" alt="A bus"><figcaption>Five in the morning at the depot</figcaption></figure>
<h2>What the riders say</h2>
<blockquote><p>&ldquo;We wait forty minutes,&rdquo; said one rider.</p><p>Another nodded.</p></blockquote>
<p>See <a href="https://example.org/report">the report</a> and https://example.org/raw_data.</p>
<ol><li>First demand</li><li>Second <i>demand</i></li></ol>
<table><tr><th>Route</th><th>Wait</th></tr><tr><td>10</td><td>40 min</td></tr></table>
<img src="https://cdn.example.org/photo.jpg" alt="Remote photo">
<img src="pixel.gif" width="1" height="1">
<ol class="notes"><li id="fn1">As the union's lawyer said. <a href="#r1">↩</a></li></ol>
<footer>Share this: <a href="#">Twitter</a></footer>
</article></main>
<footer>(c) Transit Voice</footer>
</body></html>
"""

PAGE_MARKDOWN = """\
---
title: "Riders and drivers together"
author: "Ruth Adeyemi"
affiliation: "ATU Local 26"
date: "2012-08-02"
---

The contract expired in **June**. Nobody signed a new one — not the union, not the city.[^1]

Picture: Five in the morning at the depot

## What the riders say

> “We wait forty minutes,” said one rider.
>
> Another nodded.

See [the report](https://example.org/report) and https://example.org/raw_data.

1. First demand
2. Second *demand*

| Route | Wait |
|---|---|
| 10 | 40 min |

[^1]: As the union's lawyer said.
"""


def test_web_page(issue48, tmp_path):
    (tmp_path / "page_files").mkdir()
    Image.new("RGB", (800, 500), (20, 90, 160)).save(tmp_path / "page_files" / "bus.jpg", dpi=(300, 300))
    page = tmp_path / "riders.html"
    page.write_text(PAGE)
    imported = import_article(page, into="48")
    assert imported.article.read_text() == PAGE_MARKDOWN
    assert [p.caption for p in imported.draft.pictures] == ["Five in the morning at the depot", "Remote photo"]
    assert imported.draft.notes == ["the picture https://cdn.example.org/photo.jpg is not saved beside the page: "
                                    "save it, then add it to the article's `pictures:` in issue.yaml"]
    assert (issue48 / "pictures" / "riders-and-drivers-together-1.jpg").read_bytes() == \
        (tmp_path / "page_files" / "bus.jpg").read_bytes()
    article = validate.check("48").articles[0]
    assert '<span class="footnote">As the union’s lawyer said.</span>' in article.body
    assert '<a href="https://example.org/raw_data">' in article.body


def test_a_missing_picture_is_commented_inside_the_pictures_list(issue48, tmp_path):
    (tmp_path / "page_files").mkdir()
    Image.new("RGB", (800, 500), (20, 90, 160)).save(tmp_path / "page_files" / "bus.jpg", dpi=(300, 300))
    (tmp_path / "riders.html").write_text(PAGE)
    import_article(tmp_path / "riders.html", into="48", section="Transit")
    manifest = issue48 / "issue.yaml"
    text = manifest.read_text()
    assert ("    pictures:\n"
            "      - file: pictures/riders-and-drivers-together-1.jpg\n"
            "        caption: \"Five in the morning at the depot\"\n"
            "    # The text names pictures with no file yet: save each in pictures/, put its name\n"
            "    # in place of FILE.png, and delete the `# ` in front of the lines below.\n"
            "    #   - file: pictures/FILE.png\n"
            "    #     caption: \"Remote photo\"\n"
            "    section: \"Transit\"\n") in text
    shutil.copy(tmp_path / "page_files" / "bus.jpg", issue48 / "pictures" / "photo.jpg")
    manifest.write_text(text.replace("    #   - file: pictures/FILE.png\n", "      - file: pictures/photo.jpg\n")
                        .replace('    #     caption: "Remote photo"', '        caption: "Remote photo"'))
    entry = validate.check("48").issue.articles[0]
    assert [p.caption for p in entry.pictures] == ["Five in the morning at the depot", "Remote photo"]
    assert entry.section == "Transit"


def test_web_page_title_from_the_head_when_the_body_has_none(issue48, tmp_path):
    page = tmp_path / "bare.html"
    page.write_bytes(b'<html><head><meta charset="windows-1252"><title>Bare page | Site</title></head><body>'
                     b"<p>A paragraph \x96 the body of the page, and not a title, since it ends with a full stop.</p>"
                     b"</body></html>")
    imported = import_article(page, into="48")
    assert imported.draft.meta == {"title": "Bare page | Site"}
    assert "A paragraph – the body of the page" in imported.article.read_text()
    assert imported.draft.notes == ["the title is the page's <title>, which may carry the site's name too: check it"]


def test_web_page_pictures_outside_its_folder_or_not_pictures_are_skipped(issue48, tmp_path):
    """A saved page is untrusted: only picture files in its own folder are copied, the rest are named in notes."""
    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True)
    Image.new("RGB", (800, 500), (20, 90, 160)).save(folder / "page_files" / "bus.jpg")
    Image.new("RGB", (800, 500), (200, 90, 10)).save(tmp_path / "outside.png")
    (tmp_path / "secret.txt").write_text("the password is swordfish")
    (folder / "page_files" / "fake.jpg").write_text("not a picture at all")
    (folder / "page_files" / "link.png").symlink_to(tmp_path / "outside.png")
    sources = [
        "page_files/bus.jpg", str(tmp_path / "secret.txt"), (tmp_path / "secret.txt").as_uri(),
        "../secret.txt", "page_files/../../outside.png", "page_files/link.png", "page_files/fake.jpg",
        "data:image/png;base64,iVBORw0KGgoA=A", "data:image/png;base64,bm90IGEgcGljdHVyZQ==",
    ]
    images = "".join(f'<p><img src="{src}" alt="Picture {n}"></p>' for n, src in enumerate(sources))
    page = folder / "page.html"
    page.write_text(f"<html><body><h1>Pictures</h1><p>A paragraph of text.</p>{images}</body></html>")
    imported = import_article(page, into="48")
    assert [p.name for p in (issue48 / "pictures").iterdir()] == ["pictures-1.jpg"]
    assert [p.caption for p in imported.draft.pictures] == ["Picture 0"]
    assert imported.draft.notes == [
        f"picture {tmp_path / 'secret.txt'} skipped: outside the page's folder",
        f"picture {(tmp_path / 'secret.txt').as_uri()} skipped: outside the page's folder",
        "picture ../secret.txt skipped: outside the page's folder",
        "picture page_files/../../outside.png skipped: outside the page's folder",
        "picture page_files/link.png skipped: outside the page's folder",
        "picture page_files/fake.jpg skipped: not a picture",
        "picture data:image/png;base64,iVBORw0KGgoA=A skipped: its data is not valid base64",
        "picture data:image/png;base64,bm90IGEgcGljdHVyZQ== skipped: not a picture",
    ]
    assert "swordfish" not in imported.article.read_text()


# what cannot be imported

@pytest.mark.parametrize("name, content, expected", [
    ("old.doc", b"\xd0\xcf", "old.doc: cannot import '.doc' files; open it in Word or LibreOffice and save it "
                             "as .docx"),
    ("notes.pdf", b"%PDF", "notes.pdf: cannot import '.pdf' files; copy its text into a .txt file in the "
                           "mailing-list form, or ask the author for the .docx"),
    ("data.csv", b"a,b", "data.csv: cannot import '.csv' files; known: .docx, .htm, .html, .txt"),
    ("empty.html", b"<html><body><nav>Menu</nav></body></html>",
     "empty.html: found no text in a web page; is it the right file?"),
    ("cp1252.txt", "To: x\nJanuary 1, 2020\n\nCaf\u00e9\n\nText.\n".encode("cp1252"),
     "cp1252.txt:4:4: not UTF-8: byte 0xe9 cannot be decoded (it looks like Windows-1252, where it would be 'é': "
     "save the file as UTF-8, or add `encoding: cp1252` to its entry in issue.yaml)"),
])
def test_what_cannot_be_imported(issue48, project, name, content, expected):
    (project / name).write_bytes(content)
    with pytest.raises(UserError) as caught:
        import_article(project / name, into="48")
    assert str(caught.value) == expected
    assert list((issue48 / "articles").iterdir()) == []


def test_an_encoding_can_be_given(issue48, project):
    (project / "cp1252.txt").write_bytes("To: x\nJanuary 1, 2020\n\nCaf\u00e9\n\nText.\n".encode("cp1252"))
    imported = import_article(project / "cp1252.txt", into="48", encoding="cp1252")
    assert 'title: "Café"' in imported.article.read_text(encoding="utf-8")


def test_no_such_issue(issue48, seed):
    with pytest.raises(UserError) as caught:
        import_article(seed, into="50")
    assert str(caught.value) == ("issues/50/issue.yaml: no issue '50': its manifest would be here; "
                                 "make the issue first with `make new 50`")


def test_importing_twice_is_refused(issue48, seed):
    import_article(seed, into="48")
    manifest = (issue48 / "issue.yaml").read_text()
    with pytest.raises(UserError) as caught:
        import_article(seed, into="48")
    assert str(caught.value) == (f"{seed}: issues/48/articles/solidarity-with-the-militant-workers.md already "
                                 "exists; delete it to import again, or give another name with --name")
    assert (issue48 / "issue.yaml").read_text() == manifest


def test_a_manifest_in_flow_form_is_left_alone(issue48, seed):
    (issue48 / "issue.yaml").write_text('issue: 48\ndate: "2012-10"\narticles: [{file: articles/a.md}]\n')
    with pytest.raises(UserError) as caught:
        import_article(seed, into="48")
    assert str(caught.value) == ("issues/48/issue.yaml:3:11: articles: expected a list written one `- file:` "
                                 "item per line, so the new article can be added to it")
    assert list((issue48 / "articles").iterdir()) == []


@pytest.mark.parametrize("text, expected", [
    ("January 13, 2022", "2022-01-13"), ("13 Jan 2022", "2022-01-13"), ("Thursday, 13 January 2022", "2022-01-13"),
    ("Sept. 3, 2012", "2012-09-03"), ("2012-08-02T09:30:00Z", "2012-08-02"), ("Winter 2012", None),
    ("March 32, 2012", None),
])
def test_dates_are_written_as_iso(text, expected):
    assert iso_date(text) == expected


def test_import_on_the_command_line(issue48, seed, project):
    result = subprocess.run([sys.executable, "-m", "pamphleteer", "import", str(seed), "--into", "48"],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "  title:       Solidarity with the militant workers of Kazakhstan!"
    assert result.stderr == f"warning: {NO_COVER}\n"
