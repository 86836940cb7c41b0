"""The website (`make site`): pages, links, the Atom feed, and screenshots in headless Chromium.

The screenshots are written to output/test-screenshots/ (phone 390 px and
desktop 1280 px wide) for a person to look at; the tests check that they
are made, are the width asked for and are not blank.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from pamphleteer.errors import UserError
from pamphleteer.site import build_site

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "output" / "test-screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
PAGES = ["index.html", "47/index.html", "47/zhanaozen.html"]


@pytest.fixture(scope="module")
def site(demo, tmp_path_factory) -> Path:
    """The site of a copy of the journal whose issue 47 is the session's demo build."""
    root = tmp_path_factory.mktemp("journal")
    for name in ("journal.yaml", "templates", "styles", "issues/47"):  # the demo issue alone: the others unbuilt
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    shutil.copytree(demo["out"], root / "output" / "47")
    return build_site(root)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.scripts = [], set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.scripts += tag == "script"
        self.ids.update([attrs["id"]] if "id" in attrs else [])
        self.links += [(tag, name, attrs[name]) for name in ("href", "src") if attrs.get(name)]


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_site_has_an_index_issue_pages_articles_files_and_a_feed(site):
    names = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    assert {"index.html", "feed.atom", "style.css", "47/index.html", "47/lantern-47.pdf", "47/lantern-47.epub",
            "47/cover-thumbnail.jpg", "47/zhanaozen.html", "47/articles/lantern-47-zhanaozen.pdf",
            "47/pictures/derrick.png"} <= names
    assert len([name for name in names if name.startswith("47/articles/")]) == 7


def test_every_local_link_resolves_and_nothing_comes_from_outside(site):
    checked = 0
    for page in site.rglob("*.html"):
        parsed = _parse(page)
        assert parsed.scripts == 0, page
        for tag, attribute, url in parsed.links:
            parts = urlsplit(url)
            if attribute == "src" or tag == "link":
                assert not parts.scheme and not parts.netloc, f"{page}: {url} is fetched from outside the site"
            if parts.scheme or parts.netloc:
                continue  # a link in an article to another site, or mail
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file() and target.is_relative_to(site.resolve()), f"{page}: {url} does not resolve"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in _parse(target).ids, f"{page}: {url}: no such id"
            checked += 1
    assert checked > 100


def test_the_index_lists_each_article_with_author_and_pdf(site, demo):
    index = (site / "index.html").read_text()
    assert '<time datetime="2012-09-01">September 2012</time>' in index
    for article in demo["articles"]:
        name = article.id.removeprefix("art-")
        assert f'href="47/{name}.html"' in index and f'href="47/articles/lantern-47-{name}.pdf"' in index
    assert "Marta Kowalczyk" in index
    assert re.search(r'<a href="47/lantern-47\.epub">EPUB</a> <span class="size">\(\d+ kB\)</span>', index)


def test_the_feed_is_atom_with_one_entry_per_issue(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "feed.atom").getroot()
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == \
        ["Workers’ Lantern 47: Solidarity with the oil workers of Kazakhstan"]
    assert entries[0].find("a:link[@rel='alternate']", ns).get("href") == "47/index.html"
    assert feed.find("a:updated", ns).text == "2012-09-01T00:00:00Z"


def test_article_pages_have_notes_with_back_links_and_alt_text(site):
    page = (site / "47" / "zhanaozen.html").read_text()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1"/>' in page
    assert page.count('role="doc-noteref"') == page.count('role="doc-backlink"') == 3
    assert 'alt="A tall derrick and a beam pump' in page
    assert "epub:type" not in page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_screenshots_in_headless_chromium(site, page, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{page.replace('/', '-').removesuffix('.html')}-{width}.png"
    shot.unlink(missing_ok=True)
    size = WIDTHS[width]
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={shot}", f"--window-size={size[0]},{size[1]}", (site / page).as_uri()],
                   capture_output=True, timeout=120, check=True)
    with Image.open(shot) as image:
        assert image.size == size
        assert len(image.convert("RGB").getcolors(1 << 20) or []) > 50  # text and pictures, not a blank page


def test_a_failed_site_build_keeps_the_previous_site(site):
    root = site.parent.parent
    before = (site / "index.html").read_bytes()
    template = root / "templates" / "site-index.html.j2"
    good = template.read_text()
    template.write_text(good.replace("{% for entry in entries %}", "{% for entry in %}"))
    try:
        with pytest.raises(UserError) as failure:
            build_site(root)
    finally:
        template.write_text(good)
    assert re.match(r".*templates/site-index\.html\.j2:\d+: template: ", str(failure.value))
    assert (site / "index.html").read_bytes() == before
    assert not list((root / "output").glob(".site-*"))
