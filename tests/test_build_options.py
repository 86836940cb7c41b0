"""Build settings from journal.yaml: checked when the manifest loads, and honoured by the build."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import write
from pamphleteer import manifest
from pamphleteer.articles import read_articles
from pamphleteer.build import build
from pamphleteer.errors import UserError


def _journal(project, old: str, new: str):
    path = project / "journal.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


def _error(spec="9") -> str:
    with pytest.raises(UserError) as caught:
        manifest.load(spec)
    return str(caught.value)


@pytest.mark.parametrize("old, new, expected", [
    ("  bleed: 0.5in", "  bleed: 2mm", "journal.yaml:14:3: print.bleed: '2mm' is less than the 9 pt (3 mm)"),
    ("  bleed: 0.5in", "  bleed: wide", "journal.yaml:14:3: print.bleed: 'wide' is not a length"),
    ("  binding: saddle", "  binding: saddle\n  sheet: tabloidd", "journal.yaml:14:3: print.sheet: sheet 'tabloidd'"),
    ("  binding: saddle", "  binding: saddle\n  creep: \"1\"", "journal.yaml:14:3: print.creep: '1' is not a length"),
    ("lang: en", "lang: en\npadding_pages: [notes, poster]",
     "journal.yaml:7:24: padding_pages[1]: no template templates/padding-poster.html.j2"),
    ("lang: en", "lang: en\nstyles: [styles/gone.css, ../../etc/passwd]",
     "journal.yaml:7:10: styles[0]: 'styles/gone.css' is not a file inside the journal's folder"),
    ('tagline: "A journal', 'tagline: "☭ A journal', "journal.yaml:4:1: tagline: '☭' (U+262D HAMMER AND SICKLE) "
                                                    "not in the fonts Charis SIL and PT Sans"),
])
def test_print_settings_and_printed_text_are_checked_on_load(small_issue, project, old, new, expected):
    _journal(project, old, new)
    assert expected in _error()


def test_a_manifest_caption_outside_the_fonts_names_its_line(small_issue):
    path = small_issue / "issue.yaml"
    path.write_text(path.read_text().replace('caption: "A drawn square"', 'caption: "A drawn ☭"'))
    assert _error().startswith("issues/9/issue.yaml:8:9: articles[1].pictures[0].caption: '☭'")


def test_a_sans_set_affiliation_outside_the_sans_font_is_an_error(small_issue):
    write(small_issue / "articles" / "first.md", '---\ntitle: T\nauthor: A\naffiliation: "Union ₸"\n---\nText.\n')
    with pytest.raises(UserError, match=r"first.md:4: '₸' \(U\+20B8 TENGE SIGN\) not in the font PT Sans"):
        read_articles(manifest.load("9"))


def test_optional_journal_keys_may_be_left_out(small_issue, project):
    _journal(project, "lang: en\n", "")
    _journal(project, 'tagline: "A journal of the working-class movement"\n', "")
    report = build("9")
    # cover, contents, the two short articles a page each, back page; print padded to 8 with two padding pages
    assert report.pages == {"reader": 5, "print": 8, "booklet_sides": 4}
    assert [article["page"] for article in report.articles] == [3, 4]
    reader = PdfReader(project / "output" / "9" / "lantern-9.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "working-class movement" not in reader.pages[0].extract_text()


def test_a_template_slip_is_a_user_error_with_its_line(small_issue, project):
    path = project / "templates" / "cover.html.j2"
    path.write_text(path.read_text().replace("{% endif %}", "{% endiff %}", 1))
    with pytest.raises(UserError) as caught:
        build("9")
    assert "templates/cover.html.j2:" in str(caught.value) and "endiff" in str(caught.value)


def test_binding_none_makes_no_booklet(small_issue, project):
    _journal(project, "  binding: saddle", "  binding: none")
    report = build("9")
    assert sorted(name for name in report.files if "/" not in name) == \
        ["lantern-9-print.pdf", "lantern-9.epub", "lantern-9.pdf"]
    assert report.pages["print"] == report.pages["reader"]


def test_cover_apart_is_reproducible_preflighted_and_never_left_stale(small_issue, project):
    _journal(project, "  binding: saddle", "  binding: saddle\n  cover_apart: true")
    out = project / "output" / "9"
    first = build("9")
    cover = (out / "lantern-9-cover.pdf").read_bytes()
    second = build("9")
    assert first.files == second.files and (out / "lantern-9-cover.pdf").read_bytes() == cover
    assert second.preflight["cover"]["ok"]
    _journal(project, "\n  cover_apart: true", "")
    build("9")
    assert not (out / "lantern-9-cover.pdf").exists()


def test_a_cmyk_picture_can_be_downsampled_for_the_reader(small_issue, project):
    Image.new("CMYK", (4000, 2640), (0, 80, 80, 10)).save(small_issue / "pictures/square.jpg", dpi=(300, 300))
    path = small_issue / "issue.yaml"
    path.write_text(path.read_text().replace("square.png", "square.jpg"))
    build("9")
    out = project / "output" / "9"
    # the reader's pictures are capped at 200 ppi at the size they are set: 200 × 4.2 in (the column) = 840
    # pixels, made 850 so that its height is whole (4000 : 2640 is 50 : 33), 561; the print edition keeps every
    # pixel and the CMYK
    assert _pictures(out / "lantern-9.pdf") == [(850, 561, "/DeviceRGB")]
    assert _pictures(out / "lantern-9-print.pdf") == [(4000, 2640, "/DeviceCMYK")]


def _pictures(path) -> list[tuple[int, int, str]]:
    """(width, height, colour space) of every picture in the PDF's page resources, each object once."""
    found = {}
    for page in PdfReader(path).pages:
        for ref in page["/Resources"].get("/XObject", {}).values():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Image":
                space = obj["/ColorSpace"]
                found[ref.idnum] = (obj["/Width"], obj["/Height"], space if isinstance(space, str) else str(space[0]))
    return list(found.values())


def test_a_caption_with_an_abbreviation_still_finds_its_picture(small_issue, project):
    for name, colour in (("a.png", (200, 0, 0)), ("b.png", (0, 0, 200))):
        Image.new("RGB", (1500, 1000), colour).save(small_issue / "pictures" / name, dpi=(300, 300))
    write(small_issue / "articles" / "post.txt", """
        To: Test list
        August 30, 2012

        A post

        by B. Poster, Test Group

        First paragraph. <>

            Picture: The second, blue

        Second paragraph.

            Picture: A UAW picket, red
        """)
    path = small_issue / "issue.yaml"
    path.write_text(path.read_text().replace(
        '      - file: pictures/square.png\n        caption: "A drawn square"\n',
        '      - file: pictures/a.png\n        caption: "A UAW picket, red"\n'
        '      - file: pictures/b.png\n        caption: "The second, blue"\n'))
    article = read_articles(manifest.load("9"))[1]
    figures = [b for b in article.blocks if b.startswith("<figure")]
    assert 'src="pictures/b.png"' in figures[0] and 'src="pictures/a.png"' in figures[1]


def test_bracketed_text_in_an_attribute_is_left_alone(small_issue):
    write(small_issue / "articles" / "first.md",
          '---\ntitle: T\nauthor: A\n---\nSee [the report](https://example.org/r "report [2012]") [sic].\n')
    body = read_articles(manifest.load("9"))[0].body
    assert 'title="report [2012]"' in body and '<span class="insert">[sic]</span>' in body
