"""`pamphleteer check`, the warnings gathered for the editor, --strict, and how progress is shown."""

from __future__ import annotations

import io
import re
import subprocess
import sys

from conftest import ROOT, write
from pamphleteer.cli import main
from pamphleteer.progress import NORMAL, QUIET, VERBOSE, Progress
from pamphleteer.validate import check


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pamphleteer", *args], cwd=cwd, capture_output=True, text=True)


def test_check_47_renders_nothing_and_says_how_long_it_took():
    """How long it takes is measured in bench/, not asserted here (a loaded machine is slow)."""
    before = sorted((ROOT / "output").rglob("*")) if (ROOT / "output").exists() else []
    result = run("check", "47", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"issue 47: 7 articles and 5 pictures are in order \(1 warning; checked in \d+\.\d\d s\)\n",
                        result.stdout)
    assert result.stderr.startswith("warning: issues/47/articles/mailing-list-post.txt:54: left out the last lines")
    assert result.stderr.count("\n") == 1  # the demo post's trailer, not printed
    after = sorted((ROOT / "output").rglob("*")) if (ROOT / "output").exists() else []
    assert after == before


def test_check_verbose_lists_the_articles_quiet_prints_nothing(small_issue, project, capsys):
    assert main(["check", "9", "--verbose"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("issue 9: 2 articles and 1 picture are in order (0 warnings; checked in ")
    assert err.splitlines() == ["  first.md: The first article (A. Writer), 1 block, 0 pictures",
                                "  post.txt: A post from the list (B. Poster), 2 blocks, 1 picture"]
    assert main(["check", "9", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_warnings_are_gathered_and_strict_makes_them_fatal(small_issue, project, capsys):
    write(small_issue / "articles" / "first.md", """
        ---
        title: "No author here"
        ---
        Text.
        """)
    write(small_issue / "articles" / "post.txt", """
        To: Test list
        August 30, 2012

        A post from the list

        The only paragraph, with a separator line. <>

        ==================================================

            Picture: A drawn square
        """)
    (small_issue / "issue.yaml").write_text((small_issue / "issue.yaml").read_text()
                                            .replace('        caption: "A drawn square"\n', ""))
    expected = ["issues/9/issue.yaml:7:9: articles[1].pictures[0]: 'pictures/square.png' has no caption; "
                "add `caption:` under it",
                "issues/9/articles/first.md:2: no author; add `author:` to the front matter",
                "issues/9/articles/post.txt:8: a 50-character run without a space (====================...) may "
                "stick out of the column; break it or shorten it",
                "issues/9/articles/post.txt: no author; add a `by Name, Affiliation` line under the title"]
    assert check("9").warnings == expected
    assert main(["check", "9"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"warning: {w}" for w in expected]
    assert "(4 warnings;" in out
    assert main(["check", "9", "--strict"]) == 2
    assert capsys.readouterr().err.splitlines() == ["--strict: warnings count as errors:", *expected]


def test_a_strict_build_keeps_the_last_good_outputs(small_issue, project, capsys):
    assert main(["build", "9", "--quiet"]) == 0
    out = project / "output" / "9"
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (small_issue / "issue.yaml").write_text((small_issue / "issue.yaml").read_text()
                                            .replace('        caption: "A drawn square"\n', ""))
    capsys.readouterr()
    assert main(["build", "9", "--strict"]) == 2
    stages, *errors = capsys.readouterr().err.splitlines()[1:]  # stopped before rendering: no reader stage
    assert (stages.split()[0], errors) == ("articles", [
        "--strict: warnings count as errors:",
        "issues/9/issue.yaml:7:9: articles[1].pictures[0]: 'pictures/square.png' has no caption; "
        "add `caption:` under it"])
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_build_progress_is_plain_lines_when_not_a_terminal(small_issue, project):
    (small_issue / "issue.yaml").write_text((small_issue / "issue.yaml").read_text()
                                            .replace('        caption: "A drawn square"\n', ""))
    result = run("build", "9", cwd=project)
    assert result.returncode == 0, result.stderr
    *stages, warning = result.stderr.splitlines()
    assert [line.split()[0] for line in stages] == ["manifest", "articles", "reader", "article_pdfs", "print",
                                                       "booklet", "epub", "web", "preflight"]
    assert all(re.fullmatch(r"\w+ +\d+\.\d\d s", line) for line in stages)
    assert warning == ("warning: issues/9/issue.yaml:7:9: articles[1].pictures[0]: 'pictures/square.png' "
                       "has no caption; add `caption:` under it")  # without --strict a warning is only told
    assert "\r" not in result.stderr and "\033" not in result.stderr
    first, *files = result.stdout.splitlines()
    assert re.fullmatch(r"built issue 9 in \d+\.\d s; 1 warning", first)
    assert [line.split(maxsplit=1) for line in files] == [
        ["output/9/lantern-9.pdf", "the reader's edition, 5 pages"],
        ["output/9/lantern-9-print.pdf", "the print edition, 8 pages (3 pages added before the back cover)"],
        ["output/9/lantern-9-booklet.pdf", "the booklet for the press: 2 sheets, printed on both sides"],
        ["output/9/lantern-9-jobticket.txt", "the job ticket: what to tell the print shop"],
        ["output/9/articles/", "a PDF of each article, its pages as in the issue (2)"],
        ["output/9/lantern-9.epub", "the EPUB, for e-readers and phones"],
        ["output/9/lantern-9-web/", "the articles as web pages, for `make site`"],
        ["output/9/build.json", "what was built: pages, where each article starts, warnings, checks"]]
    assert "booklet_sides" not in result.stdout


def test_progress_on_a_terminal_replaces_the_running_stage():
    stream = io.StringIO()
    progress = Progress(NORMAL, stream=stream, out=io.StringIO(), live=True)
    progress.begin("reader")
    progress("reader      1.20 s")
    progress.warn("a warning")
    assert stream.getvalue() == "reader    …\r\033[Kreader      1.20 s\n\033[33mwarning:\033[0m a warning\n"


def test_progress_levels():
    for level, expected in ((QUIET, ""), (NORMAL, "stage\nwarning: w\n"), (VERBOSE, "stage\n  detail\nwarning: w\n")):
        stream = io.StringIO()
        progress = Progress(level, stream=stream, out=io.StringIO(), live=False)
        progress.begin("stage")
        progress("stage")
        progress.detail("detail")
        progress.warn("w")
        assert stream.getvalue() == expected


TRAILING_POST = """
    To: Test list
    August 30, 2012

    A post from the list

    by B. Poster, Test Group

    The only paragraph of the post. <>

        Picture: A drawn square

    Back to main page, how to order, write us!

     August 30, 2012
    e-mail: editor@example.org
    """


def test_a_posts_trailer_is_left_out_with_a_warning_quoting_it_unless_kept(small_issue, project):
    write(small_issue / "articles" / "post.txt", TRAILING_POST)
    checked = check("9")
    assert checked.warnings == [
        "issues/9/articles/post.txt:12: left out the last lines, which look like a web page's navigation or the "
        "list's boilerplate: \"Back to main page, how to order, write us! / August 30, 2012 / "
        "e-mail: editor@example.org\"; to print them, add `keep_trailer: true` under this article in issue.yaml"]
    assert checked.articles[1].coda == ""
    manifest = small_issue / "issue.yaml"
    manifest.write_text(manifest.read_text().replace("  - file: articles/post.txt\n",
                                                     "  - file: articles/post.txt\n    keep_trailer: true\n"))
    kept = check("9")
    assert kept.warnings == []
    assert kept.articles[1].coda.startswith("Back to main page, how to order, write us!<br>August 30, 2012<br>")


def test_an_article_file_the_manifest_does_not_list_is_named(small_issue, project):
    write(small_issue / "articles" / "forgotten.md", "---\ntitle: \"Forgotten\"\n---\nText.\n")
    for scratch in (".first.md.swp", "first.md~", ".#first.md", "#first.md#"):  # editors' files are nobody's article
        (small_issue / "articles" / scratch).write_text("x")
    assert check("9").warnings == [
        "issues/9/articles/forgotten.md: not listed under `articles:` in issues/9/issue.yaml, so it is not printed; "
        "add `- file: articles/forgotten.md` where it belongs, or move it out of articles/"]


def test_an_issue_without_a_cover_is_warned_about(small_issue, project):
    manifest = small_issue / "issue.yaml"
    manifest.write_text(manifest.read_text().replace('cover:\n  title: "Issue nine"\n', ""))
    assert check("9").warnings == [
        "issues/9/issue.yaml: the issue has no cover: its front page shows the masthead alone; add `cover:` with "
        "a `title:`, a `picture:` and `headlines:` (see issues/47/issue.yaml)"]
