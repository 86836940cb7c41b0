"""Shared fixtures: the repository, a throwaway project, the seed article, the demo build."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_4db3432b77fc76d5.txt"

# issue 9, the small issue most tests break one way or another
MANIFEST = """\
issue: 9
date: "2012-10"
articles:
  - file: articles/first.md
  - file: articles/post.txt
    pictures:
      - file: pictures/square.png
        caption: "A drawn square"
        alt: "A dark red rectangle, wider than it is tall"
"""
COVER = 'cover:\n  title: "Issue nine"\n'  # without one, every check warns
FIRST = """\
---
title: "The first article"
author: "A. Writer"
---
Text of the first article, about Жаңаөзен.[^1]

[^1]: A note.
"""
POST = """\
To: Test list
August 30, 2012

A post from the list

by B. Poster, Test Group

The only paragraph of the post. <>

    Picture: A drawn square
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the journal's settings, templates and styles with an empty issue 9."""
    for name in ("journal.yaml", "templates", "styles"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "issues" / "9" / "articles").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def small_issue(project) -> Path:
    """Issue 9: two short articles, one Markdown, one mailing-list post, with a picture."""
    folder = project / "issues" / "9"
    write(folder / "articles" / "first.md", FIRST)
    write(folder / "articles" / "post.txt", POST)
    from PIL import Image
    (folder / "pictures").mkdir()
    Image.new("RGB", (1500, 1000), (120, 40, 30)).save(folder / "pictures" / "square.png", dpi=(300, 300))
    write(folder / "issue.yaml", MANIFEST + COVER)
    return folder


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """Issue 47 built once for the whole session into a temporary folder."""
    out = tmp_path_factory.mktemp("out47")
    cwd = os.getcwd()
    os.chdir(ROOT)
    from pamphleteer import manifest
    from pamphleteer.articles import read_articles
    from pamphleteer.build import build
    try:
        report = build("47", out)
        articles = read_articles(manifest.load("47"))
    finally:
        os.chdir(cwd)
    names = {kind: out / f"lantern-47{suffix}.pdf" for kind, suffix in
             (("reader", ""), ("print", "-print"), ("booklet", "-booklet"))}
    return {"out": out, "report": report, "articles": articles, **names}
