"""Typed settings: every validator's message, `pamphleteer settings`, defaults, and editions as rows."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MANIFEST, ROOT, write
from pamphleteer import editions, manifest
from pamphleteer.cli import main
from pamphleteer.errors import UserError
from pamphleteer.schema import Field, Problems, check, fields_of, missing
from pamphleteer.settings import Issue
from pamphleteer.yamlfile import parse

M = "issues/9/issue.yaml"
END = MANIFEST.count("\n") + 1  # the first line after the small issue's manifest

# (setting, YAML added to the small issue's manifest, the exact error)
VALIDATORS = [
    ("slug", 'slug: "x/y"',
     f"{M}:{END}:1: slug: 'x/y' cannot be part of a file name; expected lowercase letters, digits, - or _ "
     "(up to 40), such as `lantern`"),
    ("trim", "trim: 1x1in",
     f"{M}:{END}:1: trim: '1x1in' is 25.4 × 25.4 mm; each side of a page must be between 4 and 20 in "
     "(101.6 to 508 mm)"),
    ("trim", "trim: 5.5x8.5cm",
     f"{M}:{END}:1: trim: '5.5x8.5cm' is 55 × 85 mm; each side of a page must be between 4 and 20 in "
     "(101.6 to 508 mm)"),
    ("trim", "trim: quarto",
     f"{M}:{END}:1: trim: 'quarto' is not a size (write WxH and a unit, e.g. 5.5x8.5in or 148x210mm)"),
    ("editions", "editions: [reader, braille]",
     f"{M}:{END}:1: editions: found 'braille', expected editions among reader, print, epub, web"),
    ("issn", 'issn: "2049-363X"',
     f"{M}:{END}:1: issn: '2049-363X' has a wrong check digit; copy the ISSN again from its registration"),
    ("issn", 'issn: "20493630"',
     f"{M}:{END}:1: issn: found '20493630', expected an ISSN such as 2049-3630 (eight digits, the last may be X)"),
    ("ragged_right", "ragged_right: left",
     f"{M}:{END}:1: ragged_right: found 'left', expected one of none, columns, all"),
    ("frequency", "frequency: fortnightly",
     f"{M}:{END}:1: frequency: found 'fortnightly', expected monthly, bimonthly, every two months, quarterly, "
     "every three months, twice a year, half-yearly, semiannual, yearly, annual or `every N months` (N from 1 "
     "to 12)"),
    ("print.binding", "print:\n  binding: sadle",
     f"{M}:{END + 1}:3: print.binding: found 'sadle', expected one of saddle, perfect, none; did you mean "
     "`saddle`?"),
    ("print.bleed", "print:\n  bleed: 1mm",
     f"{M}:{END + 1}:3: print.bleed: '1mm' is less than the 9 pt (3 mm) printers ask for"),
    ("print.bleed", "print:\n  bleed: wide",
     f"{M}:{END + 1}:3: print.bleed: 'wide' is not a length (write a number and a unit: mm, cm, in or pt)"),
    ("print.standard", "print:\n  standard: x-5",
     f"{M}:{END + 1}:3: print.standard: found 'x-5', expected one of x-4, x-1a, x-3; did you mean `x-4`?"),
    ("print.colour", "print:\n  colour: spot",
     f"{M}:{END + 1}:3: print.colour: found 'spot', expected one of rgb, cmyk, grayscale"),
    ("print.min_ppi_warn", "print:\n  min_ppi_warn: 0",
     f"{M}:{END + 1}:3: print.min_ppi_warn: found 0, expected a whole number above 0"),
    ("print.min_ppi_error", "print:\n  min_ppi_error: -5",
     f"{M}:{END + 1}:3: print.min_ppi_error: found -5, expected a whole number above 0"),
    ("print.binding_side", "print:\n  binding_side: top",
     f"{M}:{END + 1}:3: print.binding_side: found 'top', expected one of left, right"),
    ("print.sheet", "print:\n  sheet: a7",
     f"{M}:{END + 1}:3: print.sheet: sheet 'a7' is neither a known name (digest, letter, legal, tabloid, a5, "
     "a4, a3, sra3) nor a size such as 11x17in or 320x450mm"),
    ("print.last", "print:\n  last: -1",
     f"{M}:{END + 1}:3: print.last: found -1, expected a whole number, 0 or more"),
    ("print.signature", "print:\n  signature: 10",
     f"{M}:{END + 1}:3: print.signature: found 10, expected a multiple of 4 such as 16"),
    ("print.creep", "print:\n  creep: thin",
     f"{M}:{END + 1}:3: print.creep: 'thin' is not a length (write a number and a unit: mm, cm, in or pt)"),
    ("print.duplex", "print:\n  duplex: both",
     f"{M}:{END + 1}:3: print.duplex: found 'both', expected one of long, short"),
    ("print.profile", "print:\n  profile: print/none.icc",
     f"{M}:{END + 1}:3: print.profile: 'print/none.icc' is not a file inside the journal's folder"),
    ("fonts.body", "fonts:\n  body: Nonexistent Serif",
     f"{M}:{END + 1}:3: fonts.body: 'Nonexistent Serif' is not an installed font; name one that `fc-list : family` "
     "shows, or install it"),
    ("reader.max_ppi", "reader:\n  max_ppi: 0",
     f"{M}:{END + 1}:3: reader.max_ppi: found 0, expected a whole number above 0"),
    ("articles[].pictures[].width", None,
     f"{M}:9:9: articles[1].pictures[0].width: found 'half', expected one of column, full"),
    ("articles[].encoding", None,
     f"{M}:5:5: articles[0].encoding: 'rot13' is not an encoding for text; expected a name such as utf-8 "
     "or cp1252"),
    ("articles[].encoding", None,
     f"{M}:5:5: articles[0].encoding: found unknown encoding 'klingon', expected a name such as utf-8 or "
     "cp1252"),
    ("articles[].columns", None,
     f"{M}:5:5: articles[0].columns: found 3, expected one of 1, 2"),
]
IN_PLACE = {  # rows whose YAML goes inside an article entry: the text put in after its `- file:` line
    "width": ("        caption: \"A drawn square\"\n", "        caption: \"A drawn square\"\n        width: half\n"),
    "rot13": ("  - file: articles/first.md\n", "  - file: articles/first.md\n    encoding: rot13\n"),
    "klingon": ("  - file: articles/first.md\n", "  - file: articles/first.md\n    encoding: klingon\n"),
    "found 3": ("  - file: articles/first.md\n", "  - file: articles/first.md\n    columns: 3\n"),
}


def _validated(schema: dict, prefix: str = "") -> list[str]:
    """Every setting with a validator or a list of choices, as `print.bleed` or `articles[].encoding`."""
    found = []
    for key, spec in schema.items():
        if isinstance(spec.kind, dict):
            found += _validated(spec.kind, f"{prefix}{key}.")
        elif isinstance(spec.kind, list) and isinstance(spec.kind[0], dict):
            found += _validated(spec.kind[0], f"{prefix}{key}[].")
        elif spec.parse or spec.choices:
            found.append(prefix + key)
    return found


FILE_CHECKED = {"print.profile", "fonts.body"}  # checked against the journal's folder or the system on loading


def test_every_validator_has_a_row():
    assert set(_validated(fields_of(Issue))) | FILE_CHECKED == {row[0] for row in VALIDATORS}


@pytest.mark.parametrize("setting, added, expected", VALIDATORS, ids=[f"{r[0]}-{i}" for i, r in enumerate(VALIDATORS)])
def test_a_bad_value_is_named_at_its_line(small_issue, setting, added, expected):
    if added is None:
        old, new = next(change for word, change in IN_PLACE.items() if word in expected)
        text = MANIFEST.replace(old, new)
    else:
        text = MANIFEST + added + "\n"
    (small_issue / "issue.yaml").write_text(text)
    with pytest.raises(UserError) as caught:
        manifest.load("9")
    assert str(caught.value) == expected


@pytest.mark.parametrize("word, hint", [(w, f"; write true or false ('{w}' is text in YAML 1.2)")
                                        for w in ("yes", "no", "on", "off", "y", "n", "Yes", "OFF")]
                         + [("nope", "")])
def test_a_yaml_11_boolean_word_is_answered_with_true_or_false(small_issue, word, hint):
    (small_issue / "issue.yaml").write_text(MANIFEST + f"print:\n  marks: {word}\n")
    with pytest.raises(UserError) as caught:
        manifest.load("9")
    assert str(caught.value) == f"{M}:{END + 1}:3: print.marks: found text '{word}', expected true or false{hint}"


def test_a_key_from_the_journal_is_named_in_journal_yaml_when_the_issue_adds_to_its_section(small_issue, project):
    write(project / "journal.yaml", 'name: "The Bare Journal"\nslug: bare\nprint:\n  profile: print/none.icc\n')
    (small_issue / "issue.yaml").write_text(MANIFEST + "print:\n  binding: perfect\n")
    with pytest.raises(UserError) as caught:
        manifest.load("9")
    assert str(caught.value) == ("journal.yaml:4:3: print.profile: 'print/none.icc' is not a file inside the "
                                 "journal's folder")


def test_a_schema_reports_a_nested_sections_missing_keys_and_hints_only_from_required_ones():
    """No section of the settings has a required key of its own yet, nor a list of mappings without one.

    (scripts/mutate.py's one survivor in schema.py is Field's frozen=True: no code assigns to a Field, so it
    guards the schemas fields_of() caches and changes nothing a test can see.)
    """
    schema = {"print": Field({"sheet": Field(str, required=True)}), "notes": Field([{"text": Field(str)}]),
              "pictures": Field([{"file": Field(str, required=True)}])}
    data = parse("print:\n  bleed: 1\nnotes:\n  - a word\npictures:\n  - square.png\n", Path("f.yaml"))
    problems = Problems()
    check(data, schema, problems)
    missing(data, schema, problems)
    assert [str(error) for error in problems.errors] == [
        "f.yaml:2:3: print.bleed: unknown key; known keys: sheet",
        "f.yaml:2:3: print.sheet: missing; expected text",
        "f.yaml:4:5: notes[0]: found text 'a word', expected a mapping of keys",
        "f.yaml:6:5: pictures[0]: found text 'square.png', expected a mapping of keys; write `- file: square.png`",
    ]


def test_settings_lists_every_setting_with_its_origin(small_issue, capsys):
    (small_issue / "issue.yaml").write_text(MANIFEST + "print:\n  bleed: 0.25in\n")
    assert main(["settings", "9"]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()}
    journal_lines = (ROOT / "journal.yaml").read_text().splitlines()
    slug_line = next(n for n, line in enumerate(journal_lines, 1) if line.startswith("slug:"))
    assert rows["slug"] == ["lantern", f"journal.yaml:{slug_line}"]
    assert rows["print.bleed"] == ["0.25in", f"{M}:{END + 1}"]
    assert rows["print.standard"] == ["x-4", "default"]
    assert rows["date"] == ["2012-10", f"{M}:2"]
    assert rows["articles[1].pictures[0].caption"][-1] == f"{M}:8"
    assert rows["editions"] == ["[reader,", "print,", "epub,", "web]", "default"]
    assert len(rows) == len(manifest.load("9").effective())


def test_make_settings_is_the_command(small_issue):
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^settings: .*\n\t\$\(PY\) -m pamphleteer settings \$\(N\)$", makefile, re.M)


def test_a_journal_with_only_a_name_and_a_slug_builds_on_the_defaults(small_issue, project):
    write(project / "journal.yaml", 'name: "The Bare Journal"\nslug: bare\n')
    issue = manifest.load("9")
    assert (issue.trim_inches, issue.fonts.body, issue.print.bleed, issue.editions) == \
        ((5.5, 8.5), "Charis SIL", "0.5in", ["reader", "print", "epub", "web"])
    assert main(["build", "9", "--quiet"]) == 0
    made = sorted(path.name for path in (project / "output" / "9").iterdir() if not path.name.startswith("."))
    assert made == ["articles", "bare-9-booklet.pdf", "bare-9-jobticket.txt", "bare-9-print.pdf", "bare-9-web",
                    "bare-9.epub", "bare-9.pdf", "build.json"]  # .cache: the spacing pass's choices


def test_an_edition_is_one_row(small_issue, project, monkeypatch):
    row = editions.Edition("screen", "-screen.pdf", "reader.css", bleed=False, links=False)
    monkeypatch.setitem(editions.EDITIONS, "screen", row)
    (small_issue / "issue.yaml").write_text(MANIFEST + "editions: [screen]\n")
    assert main(["build", "9", "--quiet"]) == 0
    made = sorted(path.name for path in (project / "output" / "9").iterdir() if path.is_file())
    assert made == ["build.json", "lantern-9-screen.pdf"]
    assert subprocess.run(["pdfinfo", project / "output" / "9" / "lantern-9-screen.pdf"],
                          capture_output=True).returncode == 0


def _pages(pdf: Path, folder: Path) -> list[bytes]:
    """Each page as a gray image, for comparing two files page by page."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(folder / "p")], check=True)
    return [path.read_bytes() for path in sorted(folder.glob("p-*.pgm"))]


@pytest.mark.parametrize("articles", [1, 2], ids=["tail on a left-hand page", "tail on a right-hand page"])
def test_a_wrong_padding_guess_lays_out_only_the_tail(small_issue, project, tmp_path, articles):
    """Print alone has no reader to guess its padding from: the tail is laid out again, the pages come out
    as when the guess was right."""
    entries = MANIFEST.split("  - file: articles/post.txt")[0] if articles == 1 else MANIFEST
    (small_issue / "issue.yaml").write_text(entries)
    assert main(["build", "9", "--quiet", "--out", str(tmp_path / "both")]) == 0
    (small_issue / "issue.yaml").write_text(entries + "editions: [print]\n")
    assert main(["build", "9", "--quiet", "--out", str(tmp_path / "alone")]) == 0
    guessed, spliced = (_pages(tmp_path / kind / "lantern-9-print.pdf", tmp_path / f"{kind}-png")
                        for kind in ("both", "alone"))
    assert len(spliced) % 4 == 0 and len(spliced) == len(guessed)
    assert [i for i, (a, b) in enumerate(zip(guessed, spliced), 1) if a != b] == []


def test_no_stage_looks_a_setting_up_in_a_dict():
    source = "\n".join(path.read_text() for path in (ROOT / "src").rglob("*.py"))
    assert not re.search(r"settings\.get\(|settings\[|_Defaults", source)


def _imports(path: Path, modules: dict) -> set[str]:
    """The pamphleteer modules a module imports, at its top or inside its functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pamphleteer"):
            for alias in node.names:  # `from package import module` needs the module, not the package's names
                found.add(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("pamphleteer"))
    return found


def test_no_import_cycle():
    package = ROOT / "src" / "pamphleteer"
    modules = {".".join(("pamphleteer", *path.relative_to(package).with_suffix("").parts)).removesuffix(".__init__"):
               path for path in package.rglob("*.py")}
    graph = {name: {m for m in _imports(path, modules) if m in modules and m != name}
             for name, path in modules.items()}

    def cycle_from(start, seen=()):
        for target in graph[start]:
            if target in seen:
                return [*seen[seen.index(target):], target]
            found = cycle_from(target, (*seen, target))
            if found:
                return found
        return None

    cycles = [c for name in graph if (c := cycle_from(name, (name,)))]
    assert cycles == []


def test_a_text_file_too_large_to_be_an_article_is_named(small_issue):
    from pamphleteer.yamlfile import TEXT_LIMIT
    (small_issue / "articles" / "first.md").write_text("---\ntitle: x\n---\n" + "word " * (TEXT_LIMIT // 5 + 1))
    with pytest.raises(UserError) as caught:
        from pamphleteer.validate import check
        check("9")
    assert str(caught.value).endswith("issues/9/articles/first.md: is 4.0 MiB; an article or manifest is read up to "
                                      "4 MiB (is this the right file?)")
