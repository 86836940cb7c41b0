"""Loading journal.yaml + issue.yaml: inheritance, positions and every error at once."""

from __future__ import annotations

import pytest

from conftest import ROOT, write
from pamphleteer import manifest
from pamphleteer.errors import UserError


def test_demo_issue_loads_with_the_journal_inherited(monkeypatch):
    monkeypatch.chdir(ROOT)
    issue = manifest.load("47")
    assert issue.number == 47
    assert issue.slug == "lantern"
    assert issue.name == "Workers' Lantern"
    assert issue.trim_inches == (5.5, 8.5)
    assert len(issue.articles) >= 5
    assert all(entry.path.is_file() for entry in issue.articles)
    assert issue.back_page.contact.email


def test_issue_overrides_journal_keys_deeply(small_issue):
    manifest_path = small_issue / "issue.yaml"
    manifest_path.write_text(manifest_path.read_text() + "back_page:\n  contact:\n    email: other@example.org\n")
    issue = manifest.load("9")
    assert issue.back_page.contact.email == "other@example.org"
    assert issue.back_page.contact.web == "https://example.org/lantern"


def test_a_folder_or_a_manifest_path_is_accepted(small_issue):
    assert manifest.load(str(small_issue)).number == 9
    assert manifest.load(str(small_issue / "issue.yaml")).number == 9


def test_dates_and_yaml11_words_stay_text(small_issue):
    write(small_issue / "issue.yaml", """
        issue: 9
        date: 2012-10-01
        price: no
        articles:
          - file: articles/first.md
        """)
    issue = manifest.load("9")
    assert issue.date == "2012-10-01"
    assert issue.price == "no"


def _errors(spec="9") -> str:
    with pytest.raises(UserError) as caught:
        manifest.load(spec)
    return str(caught.value)


@pytest.mark.parametrize("yaml_text, expected", [
    ("issue: 9\ndate: \"x\"\narticles:\n  - file: articles/gone.md\n",
     "issues/9/issue.yaml:4:5: articles[0].file: 'articles/gone.md' does not exist (paths are relative to 9/)"),
    ("issue: 9\ndate: \"x\"\narticles:\n  - file: ../../journal.yaml\n",
     "issues/9/issue.yaml:4:5: articles[0].file: '../../journal.yaml' lies outside the issue folder"),
    ("issue: 9\ndate: \"x\"\narticles:\n  - flie: articles/first.md\n",
     "issues/9/issue.yaml:4:5: articles[0].flie: unknown key; did you mean `file`?"),
    ("issue: 9\nissue: 10\ndate: \"x\"\narticles: []\n",
     "issues/9/issue.yaml:2:1: issue: given twice, on line 1 and on line 2; keep one"),
    ("issue: nine\ndate: \"x\"\narticles: []\n",
     "issues/9/issue.yaml:1:1: issue: found text 'nine', expected a whole number"),
    ("issue: true\ndate: \"x\"\narticles: []\n",  # a bool is an int to Python, never a number here
     "issues/9/issue.yaml:1:1: issue: found true or false True, expected a whole number"),
    ("issue: 9\ndate: \"x\"\nreader:\n  max_ppi: false\narticles: []\n",
     "issues/9/issue.yaml:4:3: reader.max_ppi: found true or false False, expected"),
    ("issue: 9\ndate: \"x\"\narticles: [\n",
     "issues/9/issue.yaml:4:1: not valid YAML"),
    ("issue: 9\narticles: []\n",
     "issues/9/issue.yaml:1:1: date: missing"),
    ("issue: 9\ndate: \"x\"\narticles:\n  - file: articles/first.md\n  - file: articles/first.md\n",
     "issues/9/issue.yaml:5:5: articles[1].file: 'articles/first.md' is already listed as articles[0]"),
])
def test_manifest_errors_name_file_line_and_key(small_issue, yaml_text, expected):
    (small_issue / "issue.yaml").write_text(yaml_text)
    assert expected in _errors()


def test_every_problem_is_reported_at_once(small_issue):
    (small_issue / "issue.yaml").write_text(
        "issue: 9\ndate: 5\ncolour: red\narticles:\n  - file: articles/gone.md\n")
    lines = _errors().splitlines()
    assert any(":2:1: date: found a whole number 5, expected text (put it in quotes)" in line for line in lines)
    assert any(":3:1: colour: unknown key" in line for line in lines)
    assert len(lines) == 2  # files are checked only once the structure is right


def test_unknown_issue_number_is_a_user_error(project):
    assert _errors("123") == "issues/123/issue.yaml: no issue '123': its manifest would be here"
