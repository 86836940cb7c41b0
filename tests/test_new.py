"""`pamphleteer new`: the next issue's folder from the journal and the latest issue."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, write
from pamphleteer import manifest
from pamphleteer.cli import main
from pamphleteer.errors import UserError
from pamphleteer.dates import frequency_months
from pamphleteer.newissue import make_issue, next_date


@pytest.fixture
def with_demo(project):
    """The project with the demo issue 47 beside the empty issue 9."""
    shutil.rmtree(project / "issues" / "9")
    shutil.copytree(ROOT / "issues" / "47", project / "issues" / "47")
    return project


def test_new_issue_from_the_demo(with_demo):
    made = make_issue(48)
    folder = with_demo / "issues" / "48"
    assert made.folder == folder and (folder / "articles").is_dir() and (folder / "pictures").is_dir()
    assert (made.previous, made.date, made.date_note) == (47, "2012-11", "2 months after issue 47, frequency: bimonthly")
    assert made.copied == ["price", "back_page"]
    assert made.sections == ["Kazakhstan", "Detroit", "History", "Books", "Letters"]
    text = (folder / "issue.yaml").read_text()
    assert "issue: 48\ndate: \"2012-11\"\n" in text
    assert "articles: []\n" in text
    assert "#        make import FILE=path/to/the/file N=48\n" in text
    assert "#   6. make check 48   (fix what it says, then)   make issue 48\n" in text
    assert "# Sections in issue 47: Kazakhstan, Detroit, History, Books, Letters.\n" in text
    previous = (with_demo / "issues" / "47" / "issue.yaml").read_text()
    back_page = previous[previous.index("back_page:"):]
    assert text.endswith(back_page)  # copied as written: folded text, quotes and all
    assert 'price: "$1.00"\n' in text


def test_the_new_manifest_loads_and_asks_for_articles(with_demo):
    make_issue(48)
    with pytest.raises(UserError) as caught:
        manifest.load("48")
    line = (with_demo / "issues/48/issue.yaml").read_text().splitlines().index("articles: []") + 1
    assert str(caught.value) == (f"issues/48/issue.yaml:{line}:1: articles: the issue has no articles yet; "
                                 "add one with `make import FILE=path/to/the/file N=48`")


def test_without_a_number_the_next_one_is_made(with_demo):
    assert make_issue().number == 48
    assert make_issue().number == 49
    assert make_issue().date == "2013-03"  # the demo journal's frequency: bimonthly


def test_an_existing_issue_is_not_overwritten(with_demo):
    before = (with_demo / "issues/47/issue.yaml").read_bytes()
    with pytest.raises(UserError, match="issue 47 already exists; to start it again, move that folder away first"):
        make_issue(47)
    assert (with_demo / "issues/47/issue.yaml").read_bytes() == before


def test_the_first_issue_needs_its_number(project):
    shutil.rmtree(project / "issues" / "9")
    with pytest.raises(UserError, match=r"give the number, as in `make new 1`"):
        make_issue()
    made = make_issue(1, date="2013-01")
    assert (made.date, made.previous, made.copied) == ("2013-01", None, [])
    assert "issue: 1\ndate: \"2013-01\"\n" in (project / "issues/1/issue.yaml").read_text()


def test_a_broken_previous_manifest_is_reported_not_copied(with_demo):
    (with_demo / "issues/47/issue.yaml").write_text("issue: 47\ndate: \"2012-09\"\nprice: [\n")
    with pytest.raises(UserError, match="issues/47/issue.yaml:4:1: not valid YAML"):
        make_issue(48)
    assert not (with_demo / "issues/48").exists()


def test_a_broken_journal_makes_no_half_issue(with_demo):
    """The journal is read before any folder is made: once it is fixed, the same command works."""
    journal = with_demo / "journal.yaml"
    good = journal.read_text()
    journal.write_text(good + "tagline: [\n")
    with pytest.raises(UserError, match="journal.yaml:.*not valid YAML"):
        make_issue(48)
    assert not (with_demo / "issues/48").exists()
    for text, found in (("- a list, not settings\n", "a list"), ("hello\n", "the text 'hello'")):
        journal.write_text(text)
        with pytest.raises(UserError) as caught:
            make_issue(48)
        assert str(caught.value) == (f"journal.yaml:1:1: found {found}, expected a mapping of keys such as "
                                     "`issue: 48` and `articles:`, one a line")  # as `make check` says it
        assert not (with_demo / "issues/48").exists()
    journal.write_text(good)
    assert make_issue(48).number == 48


def test_a_failure_while_writing_removes_the_half_made_folder(with_demo, monkeypatch):
    from pamphleteer import newissue

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(newissue, "_manifest", broken)
    with pytest.raises(OSError, match="disk full"):
        make_issue(48)
    assert not (with_demo / "issues/48").exists()


def test_sections_come_from_entries_too(small_issue, project):
    write(small_issue / "issue.yaml", """
        issue: 9
        date: "September 2012"
        articles:
          - file: articles/first.md
            section: "News"
          - file: articles/post.txt
            section: "Letters"
        """)
    made = make_issue(10)
    assert (made.sections, made.date) == (["News", "Letters"], "November 2012")  # the journal is bimonthly


@pytest.mark.parametrize("dates, expected", [
    (["2012-09"], "2012-10"),
    (["2012-12"], "2013-01"),
    (["2012-07", "2012-09"], "2012-11"),          # every two months
    (["2011-09", "2012-09"], "2013-09"),          # yearly
    (["2012-09-15"], "2012-10-15"),
    (["2012-01-31"], "2012-02-28"),               # a day every month has
    (["September 2012"], "October 2012"),
    (["december 2012"], "January 2013"),
    (["2012-09", "2012-09"], "2012-10"),          # no step between them: a month
    (["Winter 2012"], None),
    (["Septembre 2012"], None),
    ([""], None),
])
def test_next_date(dates, expected):
    assert next_date(dates) == expected


def test_new_on_the_command_line(with_demo):
    result = subprocess.run([sys.executable, "-m", "pamphleteer", "new", "48"], cwd=with_demo,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "made issues/48/ for issue 48, from issue 47",
        "  date: 2012-11   (2 months after issue 47, frequency: bimonthly)",
        "  copied from issue 47: price, back_page",
    ]
    again = subprocess.run([sys.executable, "-m", "pamphleteer", "new", "48"], cwd=with_demo,
                           capture_output=True, text=True)
    assert (again.returncode, again.stderr) == (
        2, "issues/48: issue 48 already exists; to start it again, move that folder away first\n")


def test_new_without_a_journal(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "1"]) == 2
    assert capsys.readouterr().err == (".: no journal.yaml in this folder or above it; run the command from the "
                                       "journal's folder (the one with journal.yaml and issues/)\n")


@pytest.mark.parametrize("frequency, dates, expected", [
    (None, ["2012-07", "2012-09"], ("2012-11", "2 months after issue 47, the step between the last two issues")),
    (None, ["2012-09"], ("2012-10", "a month after issue 47, no `frequency:` in journal.yaml")),
    ("quarterly", ["2012-08", "2012-09"], ("2012-12", "3 months after issue 47, frequency: quarterly")),
    ("every 4 months", ["September 2012"], ("January 2013", "4 months after issue 47, frequency: every 4 months")),
])
def test_new_steps_the_date_by_the_frequency_else_the_last_step(project, frequency, dates, expected):
    shutil.rmtree(project / "issues" / "9")
    journal = project / "journal.yaml"
    text = re.sub(r"(?m)^frequency:.*\n", "", journal.read_text())
    journal.write_text(text + (f'frequency: "{frequency}"\n' if frequency else ""))
    for number, date in zip((47 - len(dates) + 1, 47)[-len(dates):], dates):
        write(project / "issues" / str(number) / "issue.yaml", f'issue: {number}\ndate: "{date}"\narticles: []\n')
    made = make_issue(48)
    assert (made.date, made.date_note) == expected


@pytest.mark.parametrize("written, months", [("monthly", 1), ("Bimonthly", 2), ("quarterly", 3),
                                             ("twice a year", 6), ("yearly", 12), ("every 5 months", 5)])
def test_frequency_words(written, months):
    assert frequency_months(written) == months


def test_an_unknown_frequency_is_named():
    with pytest.raises(ValueError, match=r"found 'fortnightly', expected monthly, bimonthly, .* or `every N months`"):
        frequency_months("fortnightly")
