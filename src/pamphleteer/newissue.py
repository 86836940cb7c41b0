"""Turn the journal and its latest issue into the folder of the next issue.

`make_issue()` writes `issues/N/issue.yaml` with the next number and date,
the previous issue's recurring parts copied as they were written (price,
back page, any journal setting it overrides), its sections named, and a
checklist in comments; and the empty `articles/` and `pictures/` folders.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer import manifest, manifest_text, yamlfile
from pamphleteer.dates import frequency_months, next_date, read, step
from pamphleteer.errors import UserError, display_path
from pamphleteer.schema import Problems, check

NOT_RECURRING = ("issue", "date", "cover", "articles")  # top-level keys each issue writes anew


@dataclass
class NewIssue:
    """What `make_issue` made, for the editor to check."""

    number: int
    folder: Path
    date: str
    date_note: str
    previous: int | None = None
    copied: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


def make_issue(number: int | None = None, *, date: str | None = None, cwd: Path | None = None) -> NewIssue:
    """The folder of issue `number` (default: the one after the latest), made from the latest before it."""
    root = manifest.find_journal((cwd or Path.cwd()).resolve()).parent
    issues = _issues(root / "issues")
    earlier = [n for n in issues if number is None or n < number]
    if number is None:
        if not earlier:
            raise UserError("there is no issue yet to follow: give the number, as in `make new 1`")
        number = earlier[-1] + 1
    folder = root / "issues" / str(number)
    if folder.exists():
        raise UserError(f"issue {number} already exists; to start it again, move that folder away first",
                        folder)
    previous = earlier[-1] if earlier else None
    journal = _journal(root / "journal.yaml")  # read before any folder is made: a bad one stops here
    months = _frequency(journal, issues.get(previous))
    made = NewIssue(number, folder, *_date(date, [issues[n] for n in earlier[-2:]], previous, months),
                    previous=previous)
    parts = _recurring(issues[previous]) if previous else {}
    made.copied = list(parts)
    made.sections = _sections(issues[previous]) if previous else []
    folder.mkdir(parents=True)
    try:
        (folder / "articles").mkdir()
        (folder / "pictures").mkdir()
        (folder / "issue.yaml").write_text(_manifest(made, journal, parts), encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # made just now: a half-made issue would block every retry
        raise
    return made


def _journal(path: Path) -> dict:
    """The journal's settings, checked against the manifest's keys: every problem is raised at once."""
    problems = Problems()
    journal = manifest.as_mapping(yamlfile.read(path), path, problems)
    if not problems.errors:  # a journal.yaml that is not keys: nothing more to say about its keys
        check(journal, manifest.SCHEMA, problems)
    if problems.errors:
        raise UserError.many(problems.errors)
    return journal


def _issues(folder: Path) -> dict[int, Path]:
    """Each issue's manifest by number, in order."""
    found = {int(p.parent.name): p for p in folder.glob("*/issue.yaml") if p.parent.name.isdigit()}
    return dict(sorted(found.items()))


def _frequency(journal: dict, previous: Path | None) -> tuple[int, str] | None:
    """(months between issues, as written) from `frequency:`, the last issue's else the journal's; None if unwritten."""
    written = ((_read(previous) or {}).get("frequency") if previous else None) or journal.get("frequency")
    try:
        return (frequency_months(written), str(written)) if written else None
    except ValueError:
        return None  # the last issue's own check names it


def _date(given: str | None, manifests: list[Path], previous: int | None,
          frequency: tuple[int, str] | None) -> tuple[str, str]:
    """The new issue's date and how it was found: by `frequency:`, else the step between the last two issues."""
    if given:
        return given, "as given"
    dates = [str((_read(path) or {}).get("date", "")) for path in manifests]
    after = next_date(dates, frequency and frequency[0])
    if after:
        months = frequency[0] if frequency else step([read(text) for text in dates])
        how = (f"frequency: {frequency[1]}" if frequency else
               "the step between the last two issues" if len(dates) > 1 and read(dates[0]) else
               "no `frequency:` in journal.yaml")
        return after, f"{'a month' if months == 1 else f'{months} months'} after issue {previous}, {how}"
    if dates and dates[-1]:
        return dates[-1], f"the date of issue {previous}: change it"
    return "", "no earlier issue: write it"


def _read(path: Path):
    try:
        return yamlfile.read(path)
    except UserError:
        return None


def _recurring(previous: Path) -> dict[str, str]:
    """The previous manifest's top-level parts that every issue repeats, as written."""
    text = yamlfile.read_text(previous)
    yamlfile.parse(text, previous)  # a broken previous manifest is reported, not copied
    return {key: part for key, part in manifest_text.top_level_parts(text).items() if key not in NOT_RECURRING}


def _sections(previous: Path) -> list[str]:
    """The sections of the previous issue, in order: from its entries or its articles' front matter."""
    from pamphleteer.readers.markdown import split_front_matter

    data = _read(previous) or {}
    found = []
    for entry in data.get("articles") or []:
        section = entry.get("section") if isinstance(entry, dict) else None
        path = previous.parent / str(entry.get("file", "")) if isinstance(entry, dict) else None
        if not section and path and path.suffix == ".md" and path.is_file():
            try:
                section = split_front_matter(yamlfile.read_text(path), path)[0].get("section")
            except UserError:
                section = None
        if section and section not in found:
            found.append(section)
    return found


def _manifest(made: NewIssue, journal: dict, parts: dict[str, str]) -> str:
    """The new issue.yaml: checklist, number, date, cover to write, no articles yet, parts copied."""
    n = made.number
    source = f" from issue {made.previous}" if made.previous else ""
    slug = journal.get("slug", "journal")
    lines = [
        f"# {journal.get('name', 'The journal')}, issue {n}: made by `make new {n}`{source}.",
        "#",
        "# To do, in order:",
        f"#   1. Check the date below ({made.date_note}).",
        "#   2. Add the articles, one command each (a mail post, a Word .docx or a web page):",
        f"#        make import FILE=path/to/the/file N={n}",
        "#      or put a Markdown file in articles/ and list it under `articles:` below.",
        "#   3. Give every picture a caption (and a credit) under its article.",
        "#   4. Write the cover: uncomment it below, put its picture in pictures/.",
        f"#   5. Read the parts copied{source or ''} below and change what is not the same this time.",
        f"#   6. make check {n}   (fix what it says, then)   make issue {n}",
        f"#      and read output/{n}/{slug}-{n}.pdf page by page.",
    ]
    if made.sections:
        lines += ["#", f"# Sections in issue {made.previous}: {', '.join(made.sections)}.",
                  "# Give an article its section with `section: \"...\"` under its entry, or in its front matter."]
    lines += [f"issue: {n}", f"date: {manifest_text.quoted(made.date)}", "",
              "# cover:", '#   title: "The cover\'s headline"', "#   picture: pictures/FILE.png",
              '#   caption: "What the picture shows"', "#   headlines:", '#     - "An article\'s title"', "",
              "articles: []", ""]
    copied = "\n".join(parts[key] for key in parts)
    if copied:
        lines += [f"# Copied from issue {made.previous}:", copied]
    return "\n".join(lines).rstrip("\n") + "\n"


def describe(made: NewIssue) -> list[str]:
    """What was made, a line each, for the editor."""
    where = display_path(made.folder)
    lines = [f"made {where}/ for issue {made.number}" + (f", from issue {made.previous}" if made.previous else ""),
             f"  date: {made.date or '(none)'}   ({made.date_note})"]
    if made.copied:
        lines.append(f"  copied from issue {made.previous}: {', '.join(made.copied)}")
    if made.sections:
        lines.append(f"  sections last time: {', '.join(made.sections)}")
    lines += [f"  next: read the checklist at the top of {where}/issue.yaml, then add articles with",
              f"        make import FILE=path/to/the/file N={made.number}"]
    return lines
