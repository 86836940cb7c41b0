"""Every mistake an editor can make, as a table: the files written, the command, its exit status, its exact message.

One small issue is built once; each row then breaks it, runs the command
line in-process, checks the status, stderr word for word and that no output
file changed, and puts the issue back as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest

from conftest import COVER, MANIFEST, POST, ROOT
from pamphleteer.cli import main
from pamphleteer.manifest import SCHEMA

FIRST = """\
---
title: "The first article"
author: "A. Writer"
---
Text of the first article.
"""


def manifest(old: str, new: str) -> dict:
    """The manifest with one piece of text replaced."""
    assert old in MANIFEST
    return {"issues/9/issue.yaml": MANIFEST.replace(old, new)}


def first(old: str, new: str) -> dict:
    assert old in FIRST
    return {"issues/9/articles/first.md": FIRST.replace(old, new)}


PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def png(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels, with 16 bytes of pixel data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16))
            + chunk(b"IEND", b""))


OUTSIDE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="90" '
               b'height="90"><rect width="50" height="50"/><image xlink:href="file:///etc/hostname" width="9" '
               b'height="9"/></svg>')
M = "issues/9/issue.yaml"
A = "issues/9/articles/first.md"
P = "issues/9/articles/post.txt"

# (id, files to write: path -> text or bytes, command, exit status, the exact stderr)
CASES = [
    # the manifest: keys and values
    ("unknown key with a suggestion", manifest('caption: "A', 'captoin: "A'), "build",
     2, f"{M}:8:9: articles[1].pictures[0].captoin: unknown key; did you mean `caption`?"),
    ("unknown top-level key", manifest("issue: 9\n", "issue: 9\nsubtitle: x\n"), "build",
     2, f"{M}:2:1: subtitle: unknown key; known keys: " + ", ".join(SCHEMA)),
    ("duplicate key, both lines", manifest('date: "2012-10"\n', 'date: "2012-10"\ndate: "2012-11"\n'), "build",
     2, f"{M}:3:1: date: given twice, on line 2 and on line 3; keep one"),
    ("leading zero", manifest("issue: 9", "issue: 09"), "build",
     2, f"{M}:1:1: issue: found text '09', expected a whole number; a leading zero makes YAML 1.1 read it "
        "as an octal number and YAML 1.2 as text: write 9"),
    ("a word for a number", manifest("issue: 9", "issue: nine"), "build",
     2, f"{M}:1:1: issue: found text 'nine', expected a whole number"),
    ("a number for text", manifest('date: "2012-10"', "date: 2012"), "build",
     2, f"{M}:2:1: date: found a whole number 2012, expected text (put it in quotes)"),
    ("a file name too long", manifest("articles/post.txt", "x" * 300 + "articles/post.txt"), "check",
     2, f"{M}:5:5: articles[1].file: '{'x' * 300}articles/post.txt' cannot be opened (File name too long)"),
    ("front matter that is not keys", {A: '---\n"A. Writer"\n---\nText.\n'}, "check",
     2, f"{A}:2: the front matter must be keys with values, one a line, such as `title: \"...\"`"),
    ("a manifest that is a list", {M: "- 1\n- 2\n"}, "check",
     2, f"{M}:1:1: found a list, expected a mapping of keys such as `issue: 48` and `articles:`, one a line"),
    ("a manifest that is a word", {M: "hello\n"}, "check",
     2, f"{M}:1:1: found the text 'hello', expected a mapping of keys such as `issue: 48` and `articles:`, one a line"),
    ("missing date", manifest('date: "2012-10"\n', ""), "build",
     2, f'{M}:1:1: date: missing; expected text such as "2012-09" or "September 2012"'),
    ("missing articles", {M: 'issue: 9\ndate: "2012-10"\n'}, "build",
     2, f"{M}:1:1: articles: missing; expected a list"),
    ("no articles yet", {M: 'issue: 9\ndate: "2012-10"\narticles: []\n'}, "build",
     2, f"{M}:3:1: articles: the issue has no articles yet; add one with "
        "`make import FILE=path/to/the/file N=9`"),
    ("yes for true", {M: MANIFEST + "print:\n  marks: yes\n"}, "build",
     2, f"{M}:11:3: print.marks: found text 'yes', expected true or false; write true or false "
        "('yes' is text in YAML 1.2)"),
    ("a choice misspelt", manifest('caption: "A drawn square"', 'caption: "A drawn square"\n        width: ful'),
     "build", 2, f"{M}:9:9: articles[1].pictures[0].width: found 'ful', expected one of column, full; "
                 "did you mean `full`?"),
    ("a list where text is meant", {M: MANIFEST + "cover:\n  title: [draft]\n"}, "build",
     2, f"{M}:11:3: cover.title: found a list, expected text (a value starting with [ or {{ is read as a list "
        "or mapping: put it in quotes)"),
    ("a word where keys are meant", {M: MANIFEST + "print: saddle\n"}, "build",
     2, f"{M}:10:1: print: found text 'saddle', expected a mapping of keys such as `binding:`, `bleed:`, "
        "`standard:` on indented lines below it"),
    ("unknown encoding", manifest("- file: articles/first.md", "- file: articles/first.md\n    encoding: latin-9x"),
     "build", 2, f"{M}:5:5: articles[0].encoding: found unknown encoding 'latin-9x', expected a name such as "
                 "utf-8 or cp1252"),
    ("a file name without `file:`", manifest("- file: articles/first.md", "- articles/first.md"), "build",
     2, f"{M}:4:5: articles[0]: found text 'articles/first.md', expected a mapping of keys; "
        "write `- file: articles/first.md`"),
    ("two problems at once", manifest("issue: 9", "issue: nine\nnumber: 9"), "build",
     2, f"{M}:1:1: issue: found text 'nine', expected a whole number\n"
        f"{M}:2:1: number: unknown key; did you mean `issue`?"),
    ("a date written as a number", manifest('date: "2012-10"', "date: 2012.10"), "build",
     2, f"{M}:2:1: date: found a number 2012.1, expected text (put it in quotes)"),
    ("a date left empty", manifest('date: "2012-10"', "date:"), "build",
     2, f'{M}:2:1: date: found nothing, expected text such as "2012-09" or "September 2012"'),
    ("a word where a list is meant", {M: MANIFEST + "styles: extra.css\n"}, "build",
     2, f"{M}:10:1: styles: found text 'extra.css', expected a list"),
    ("braces where text is meant", {M: MANIFEST + "cover:\n  title: {Draft}\n"}, "build",
     2, f"{M}:11:3: cover.title: found a mapping, expected text (a value starting with [ or {{ is read as a list "
        "or mapping: put it in quotes)"),
    ("a word where one of some numbers is meant",
     manifest("- file: articles/first.md", "- file: articles/first.md\n    columns: two"), "build",
     2, f"{M}:5:5: articles[0].columns: found text 'two', expected one of 1, 2"),
    ("`file:` misspelt in an article entry", manifest("- file: articles/first.md", "- files: articles/first.md"),
     "build", 2, f"{M}:4:5: articles[0].files: unknown key; did you mean `file`?\n"
                 f"{M}:4:5: articles[0].file: missing; expected an article file, relative to the issue folder"),
    # the manifest: YAML syntax
    ("colon in a value", manifest('caption: "A drawn square"', "caption: Strikers: day 3"), "build",
     2, f"{M}:8:26: not valid YAML: mapping values are not allowed here; a value with `: ` in it must be in quotes"),
    ("tab indentation", manifest("  - file: articles/post.txt", "\t- file: articles/post.txt"), "build",
     2, f"{M}:5:1: not valid YAML: found character '\\t' that cannot start any token; indent with spaces, not tabs"),
    ("quote never closed", manifest('tall"\n', 'tall\n'), "build",
     2, f"{M}:9:14: not valid YAML: a quote opened here is not closed (on line 10: found unexpected end of stream); "
        'end the value with the same quote, writing \\" for a quote inside "..."'),
    ("a control character pasted from Word", manifest('caption: "A drawn square"', 'caption: "A drawn\fsquare"'),
     "build", 2, f"{M}:8:26: an invisible control character U+000C (form feed) found, as text pasted from Word or "
                 "a PDF often carries; delete it"),
    ("a noncharacter", manifest("issue: 9", "issue: 9 \ufffe"), "check",
     2, f"{M}:1:10: an invisible control character U+FFFE (noncharacter) found, as text pasted from Word or a PDF "
        "often carries; delete it"),
    ("an escaped control character", first('title: "The first article"', 'title: "The first\\aarticle"'), "check",
     2, f"{A}:2:8: an invisible control character U+0007 (bell) found, as text pasted from Word or a PDF often "
        "carries; delete it"),
    ("a list as a key", {M: MANIFEST + "? [a, b]\n: 1\n"}, "check",
     2, f"{M}:10:3: a list is used as a key; a key is a word followed by `: ` (put text starting with [ or {{ in "
        "quotes)"),
    ("a mapping as a key", {M: MANIFEST + "cover: {{a: 1}: 1}\n"}, "check",
     2, f"{M}:10:9: a mapping is used as a key; a key is a word followed by `: ` (put text starting with [ or {{ in "
        "quotes)"),
    ("a number of 4,301 digits", manifest("issue: 9", "issue: " + "9" * 4301), "check",
     2, f"{M}:1:8: a number of 4301 digits; expected at most 4300 (put it in quotes if it is text)"),
    ("brackets 500 deep", {M: MANIFEST + "price: " + "[" * 500 + "]" * 500 + "\n"}, "check",
     2, f"{M}:10:39: lists or mappings nested more than 32 deep; is a [ or {{ meant to be text (in quotes)?"),
    ("a tag that does not fit", manifest("issue: 9", "issue: !!int abc"), "check",
     2, f"{M}:1:8: found 'abc' marked as a whole number (!!int), which it is not; remove the tag"),
    ("a bool tag on a word", manifest("issue: 9", "issue: 9\nprice: !!bool maybe"), "check",
     2, f"{M}:2:8: found 'maybe' marked as true or false (!!bool), which it is not; remove the tag"),
    ("a timestamp tag", manifest('date: "2012-10"', "date: !!timestamp abc"), "check",
     2, f"{M}:2:7: the YAML tag !!timestamp is not allowed here; write the value without it"),
    ("an escaped lone surrogate", first('author: "A. Writer"', 'author: "A. Writer"\npull_quote: "\\ud800"'),
     "build", 2, f"{A}:4:13: an escape gives half of a surrogate pair (\\ud800 to \\udfff), which is not a "
                 "character; write the character itself"),
    ("a [ never closed in front matter", first('author: "A. Writer"', 'author: [A. Writer\nlang: en'), "check",
     2, f"{A}:3:9: not valid YAML: a [ opened here is not closed (on line 4: expected ',' or ']', but got ':'); "
        "if the value is text, put it in quotes"),
    ("quotes inside quotes", manifest('caption: "A drawn square"', 'caption: "A "drawn" square"'), "build",
     2, f"{M}:8:22: not valid YAML: expected <block end>, but found '<scalar>'; text follows a closing quote or "
        'bracket: put the whole value in quotes, writing \\" for a quote inside "..."'),
    # the manifest: files
    ("article missing", manifest("articles/first.md", "articles/frist.md"), "build",
     2, f"{M}:4:5: articles[0].file: 'articles/frist.md' does not exist (paths are relative to 9/)"),
    ("article outside the issue", manifest("articles/first.md", "../../journal.yaml"), "build",
     2, f"{M}:4:5: articles[0].file: '../../journal.yaml' lies outside the issue folder"),
    ("a folder for a file", manifest("articles/first.md", "articles"), "build",
     2, f"{M}:4:5: articles[0].file: 'articles' is a folder; expected a file in it"),
    ("article named twice", manifest("  - file: articles/post.txt", "  - file: articles/first.md\n"
                                                                     "  - file: articles/post.txt"), "build",
     2, f"{M}:5:5: articles[1].file: 'articles/first.md' is already listed as articles[0]"),
    ("a Word file listed as an article", {**manifest("articles/first.md", "articles/first.docx"),
                                          "issues/9/articles/first.docx": b"PK\x03\x04"}, "build",
     2, f"{M}:4:5: articles[0].file: 'articles/first.docx' cannot be read as an article (known: .markdown, .md, "
        ".txt); turn it into Markdown with `make import FILE=issues/9/articles/first.docx N=9`"),
    ("picture missing", manifest("pictures/square.png", "pictures/round.png"), "build",
     2, f"{M}:7:9: articles[1].pictures[0].file: 'pictures/round.png' does not exist (paths are relative to 9/)"),
    ("picture that is not a picture", {"issues/9/pictures/square.png": "this is text\n"}, "build",
     2, f"{M}:7:9: articles[1].pictures[0].file: 'pictures/square.png' is not a picture; expected PNG, JPEG, "
        "GIF, TIFF, WebP or SVG (save it again in one of these)"),
    ("picture cut short", {"issues/9/pictures/square.png": PNG_HEAD}, "build",
     2, f"{M}:7:9: articles[1].pictures[0].file: 'pictures/square.png' is a damaged picture (Truncated File "
        "Read); save it again"),
    ("a picture header claiming 20000 x 20000", {"issues/9/pictures/square.png": png(20000, 20000)}, "build",
     2, f"{M}:7:9: articles[1].pictures[0].file: 'pictures/square.png' is a damaged picture (its header claims "
        "more than 64 million pixels: a damaged file, or too large to print; scale it down); save it again"),
    ("a cover picture header claiming 10000 x 10000", {**{M: MANIFEST + "cover:\n  picture: pictures/big.png\n"},
                                                      "issues/9/pictures/big.png": png(10000, 10000)}, "check",
     2, f"{M}:11:3: cover.picture: 'pictures/big.png' is a damaged picture (its header claims more than 64 million "
        "pixels: a damaged file, or too large to print; scale it down); save it again"),
    ("a picture header that lies", {"issues/9/pictures/square.png": png(3000, 2000)}, "check",
     2, f"{M}:7:9: articles[1].pictures[0].file: 'pictures/square.png' is a damaged picture (its data ends before "
        "its 3000 × 2000 pixels do); save it again"),
    ("a Markdown picture that is an article", first("Text of", "![p](first.md) Text of"), "check",
     2, f"{A}:5: picture 'first.md' is not a picture; expected PNG, JPEG, GIF, TIFF, WebP or SVG"),
    ("a Markdown picture header that lies", {**first("Text of", "![p](../pictures/lying.png) Text of"),
                                             "issues/9/pictures/lying.png": png(3000, 2000)}, "check",
     2, f"{A}:5: picture '../pictures/lying.png' cannot be used: its data ends before its 3000 × 2000 pixels do"),
    ("an SVG drawing refers outside the issue", {**manifest("pictures/square.png", "pictures/drawing.svg"),
                                                 "issues/9/pictures/drawing.svg": OUTSIDE_SVG}, "build",
     2, "issues/9/pictures/drawing.svg: not drawn: the drawing refers to 'file:///etc/hostname', outside the issue; "
        "only what is in the issue folder can be drawn: embed it in the SVG or remove the reference"),
    ("a Markdown SVG refers outside the issue", {**first("Text of", "![d](../pictures/drawing.svg) Text of"),
                                                 "issues/9/pictures/drawing.svg": OUTSIDE_SVG}, "build",
     2, f"{A}:5: picture '../pictures/drawing.svg' cannot be used: the drawing refers to 'file:///etc/hostname', "
        "outside the issue; only what is in the issue folder can be drawn: embed it in the SVG or remove the "
        "reference"),
    ("an emoji as an entity", first("Text of", "Text &#x1F600; of"), "check",
     2, f"{A}:5: '\U0001F600' (U+1F600 GRINNING FACE) not in the font Charis SIL: it would print in another font "
        "or as a box; replace it or choose a font that has it (fonts: in journal.yaml)"),
    ("an emoji as a YAML escape", first('author: "A. Writer"', 'author: "A. Writer \\U0001F600"'), "check",
     2, f"{A}:3: '\U0001F600' (U+1F600 GRINNING FACE) not in the font Charis SIL: it would print in another font "
        "or as a box; replace it or choose a font that has it (fonts: in journal.yaml)"),
    # journal.yaml
    ("journal key misspelt", {"journal.yaml": "tagline: x\n"}, "build", 2, None),  # filled in below
    ("journal trim unknown", {"journal.yaml": "trim: huge\n"}, "build", 2, None),
    # front matter, lines counted from the top of the article file
    ("front matter key misspelt", first("author:", "auhtor:"), "build",
     2, f"{A}:3:1: auhtor: unknown key; did you mean `author`?"),
    ("front matter number for text", first('author: "A. Writer"', "author: 42"), "build",
     2, f"{A}:3:1: author: found a whole number 42, expected text (put it in quotes)"),
    ("front matter without a title", first('title: "The first article"\n', ""), "build",
     2, f"{A}:2:1: title: missing; expected text"),
    ("front matter key twice", first('author: "A. Writer"\n', 'author: "A. Writer"\nauthor: "B."\n'), "build",
     2, f"{A}:4:1: author: given twice, on line 3 and on line 4; keep one"),
    ("front matter colon in a value", first('title: "The first article"', "title: Strike: day 3"), "build",
     2, f"{A}:2:14: not valid YAML: mapping values are not allowed here; a value with `: ` in it must be in quotes"),
    ("front matter anchor and alias", first('author: "A. Writer"', 'author: &who "A. Writer"\naffiliation: *who'),
     "build", 2, f"{A}:3:9: YAML anchors and aliases (&name, *name) are not allowed here; write the value out"),
    ("manifest alias alone", manifest('caption: "A drawn square"', "caption: *square"), "build",
     2, f"{M}:8:18: YAML anchors and aliases (&name, *name) are not allowed here; write the value out"),
    ("no front matter", {A: "Just text.\n"}, "build",
     2, f"{A}:1: expected front matter between `---` lines at the top (title: ...)"),
    ("front matter but no text", {A: '---\ntitle: "T"\n---\n\n'}, "build",
     2, f"{A}:4: the article has front matter but no text"),
    ("empty article", {A: "\n  \n"}, "build", 2, f"{A}: the article is empty"),
    # encodings
    ("Windows-1252 text", {A: FIRST.replace("Text of", "Caf\u00e9 \u201ctext\u201d of").encode("cp1252")}, "build",
     2, f"{A}:5:4: not UTF-8: byte 0xe9 cannot be decoded (it looks like Windows-1252, where it would be 'é': "
        "save the file as UTF-8, or add `encoding: cp1252` to its entry in issue.yaml)"),
    ("UTF-16 text", {A: FIRST.encode("utf-16")}, "build",
     2, f"{A}:1:1: not UTF-8: byte 0xff cannot be decoded (the file is UTF-16, as Windows Notepad saves "
        '"Unicode": save it as UTF-8)'),
    ("a replacement character", first("Text of", "Text \ufffd of"), "build",
     2, f"{A}:5:6: U+FFFD (the replacement character) found: the text was damaged by a wrong conversion before "
        "it got here; take it again from the original"),
    ("bytes the named encoding lacks", {**manifest("- file: articles/first.md", "- file: articles/first.md\n"
                                                   "    encoding: cp1252"), A: FIRST.encode() + b"\x81\n"}, "build",
     2, f"{A}:6:1: not cp1252: byte 0x81 cannot be decoded"),
    # the mail post and the fonts
    ("mail post without a title", {P: "To: Test list\nAugust 30, 2012\n\n"}, "build",
     2, f"{P}: expected a title line after the `To:` and date lines"),
    ("picture line without a picture", {P: POST.replace("A drawn square", "A drawn square") + "\nMore.\n\n"
                                        "    Picture: A second drawing\n"}, "build",
     2, f"{P}:14: 'Picture: A second drawing' has no picture in the manifest: add it to this article's "
        "`pictures:` in issue.yaml"),
    ("a character the fonts lack", first("Text of", "Text \u2603 of"), "build",
     2, f"{A}:5: '\u2603' (U+2603 SNOWMAN) not in the font Charis SIL: it would print in another font or as a "
        "box; replace it or choose a font that has it (fonts: in journal.yaml)"),
    ("errors in two articles at once", {**first("author:", "auhtor:"), P: "To: x\nAugust 30, 2012\n\n"}, "build",
     2, f"{A}:3:1: auhtor: unknown key; did you mean `author`?\n"
        f"{P}: expected a title line after the `To:` and date lines"),
    # warnings made fatal
    ("--strict: an article without an author", first('author: "A. Writer"\n', ""), "check --strict",
     2, f"--strict: warnings count as errors:\n{A}:2: no author; add `author:` to the front matter"),
    ("--strict: a picture without a caption",
     {M: MANIFEST.replace('        caption: "A drawn square"\n', "") + COVER}, "check --strict",
     2, f"--strict: warnings count as errors:\n{M}:7:9: articles[1].pictures[0]: "
        "'pictures/square.png' has no caption; add `caption:` under it"),
    ("--strict: raw HTML in Markdown", first("Text of", '<font color="red">Text</font> of'), "check --strict",
     2, f"--strict: warnings count as errors:\n{A}:5: HTML <font> left out; write it as Markdown (kept: the tags "
        "sup, sub, br, em, strong, small, abbr, span)"),
    # the command line
    ("--out naming a file", {}, "build --out issues/9/issue.yaml",
     2, "issues/9/issue.yaml: the output folder is a file; expected a folder: choose another with --out"),
    ("--out below a file", {}, "build --out issues/9/issue.yaml/out",
     2, "issues/9/issue.yaml/out: the output folder is a file (issues/9/issue.yaml is a file); expected a folder: "
        "choose another with --out"),
    ("no such issue", {}, "build 404",
     2, "issues/404/issue.yaml: no issue '404': its manifest would be here"),
]
JOURNAL_CASES = {  # the journal's messages name the journal's own keys, filled in from the copied journal.yaml
    "journal key misspelt": ("tagline:", "tagine:", "journal.yaml:{line}:1: tagine: unknown key; did you mean "
                                                    "`tagline`?"),
    "journal trim unknown": ("trim: digest", "trim: huge", "journal.yaml:{line}:1: trim: 'huge' is not a size "
                                                           "(write WxH and a unit, e.g. 5.5x8.5in or 148x210mm)"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Issue 9, built once: the outputs every row must leave alone."""
    root = tmp_path_factory.mktemp("errors")
    for name in ("journal.yaml", "templates", "styles"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    folder = root / "issues" / "9"
    for path, text in {M: MANIFEST + COVER, A: FIRST, P: POST}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    from PIL import Image
    (folder / "pictures").mkdir()
    Image.new("RGB", (1500, 1000), (120, 40, 30)).save(folder / "pictures" / "square.png", dpi=(300, 300))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main(["build", "9", "--quiet"]) == 0
    return root


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in [root / "journal.yaml", *(root / "issues").rglob("*")] if p.is_file()}


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def scratch(built, monkeypatch):
    """The built project as the working directory, put back as it was after the test."""
    before = _snapshot(built)
    monkeypatch.chdir(built)
    yield built
    for path in [p for p in (built / "issues").rglob("*") if p.is_file() and p not in before]:
        path.unlink()
    for path, data in before.items():
        path.write_bytes(data)


def _journal_case(root: Path, name: str) -> tuple[dict, str]:
    old, new, message = JOURNAL_CASES[name]
    text = (root / "journal.yaml").read_text()
    line = text[:text.index(old)].count("\n") + 1
    return {"journal.yaml": text.replace(old, new, 1)}, message.format(line=line)


def test_the_table_is_long_enough():
    assert len(CASES) >= 30
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("files, command, status, expected", [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_bad_input(scratch, capsys, request, files, command, status, expected):
    name = request.node.callspec.id
    if name in JOURNAL_CASES:
        files, expected = _journal_case(scratch, name)
    outputs = scratch / "output" / "9"
    before = _hashes(outputs)
    for path, content in files.items():
        target = scratch / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    words = command.split()
    code = main([*(words if len(words) > 1 and words[1].isdigit() else [words[0], "9", *words[1:]]), "--quiet"])
    err = capsys.readouterr().err
    assert (code, err) == (status, expected + "\n")
    assert _hashes(outputs) == before
    assert "Traceback" not in err


def test_yaml_11_words_are_text_where_text_is_meant(scratch, capsys):
    """`lang: no` is Norwegian, not false: the loader keeps YAML 1.1 booleans as text, and dates as text."""
    (scratch / M).write_text(MANIFEST.replace("issue: 9\n", "issue: 9\nlang: no\nprice: off\n"))
    (scratch / A).write_text(FIRST.replace('author: "A. Writer"', "author: A. Writer\ndate: 2012-08-20\nlang: no"))
    assert main(["check", "9"]) == 0, capsys.readouterr().err
    from pamphleteer.validate import check
    checked = check("9")
    assert checked.issue.lang == "no" and checked.issue.price == "off"
    assert (checked.articles[0].date, checked.articles[0].lang) == ("August 20, 2012", "no")  # text, in the journal's style


def test_utf8_with_a_byte_order_mark_is_read(scratch, capsys):
    (scratch / A).write_bytes(b"\xef\xbb\xbf" + FIRST.replace("Text of", "Caf\u00e9 text of").encode())
    (scratch / M).write_bytes(b"\xef\xbb\xbf" + MANIFEST.encode())
    assert main(["check", "9"]) == 0, capsys.readouterr().err


def test_windows_line_ends_are_read(scratch, capsys):
    (scratch / A).write_bytes(FIRST.replace("\n", "\r\n").encode())
    (scratch / M).write_bytes(MANIFEST.replace("\n", "\r\n").encode())
    (scratch / P).write_bytes(POST.replace("\n", "\r").encode())  # an old Mac's
    assert main(["check", "9"]) == 0, capsys.readouterr().err
    from pamphleteer.validate import check
    assert [a.title for a in check("9").articles] == ["The first article", "A post from the list"]


def test_windows_1252_accepted_when_the_entry_says_so(scratch, capsys):
    (scratch / A).write_bytes(FIRST.replace("Text of", "Caf\u00e9 \u201ctext\u201d of").encode("cp1252"))
    (scratch / M).write_text(MANIFEST.replace("- file: articles/first.md",
                                              "- file: articles/first.md\n    encoding: cp1252"))
    from pamphleteer.validate import check
    assert "Café “text” of" in check("9").articles[0].body


def test_a_billion_laughs_in_front_matter_is_refused_at_once(scratch, capsys):
    """Aliases nested nine deep would expand to 9**9 values: refused at the first anchor, before any expanding."""
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh"):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    (scratch / A).write_text("---\n" + FIRST.split("---\n")[1] + "\n".join(levels) + "\n---\nText.\n")
    start = time.perf_counter()
    code = main(["check", "9", "--quiet"])
    assert time.perf_counter() - start < 1
    assert (code, capsys.readouterr().err) == (2, f"{A}:4:4: YAML anchors and aliases (&name, *name) are not "
                                                  "allowed here; write the value out\n")
