"""Dates as people write them (`2012-09`, `September 2012`, `Sept. 3, 2012`) to dates and back.

The one place that knows month names: the manifests' issue dates, the
front matter's and mail posts' article dates, the importers and `new`
(which steps an issue's date on, written the way the last issue wrote it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
_WEEKDAY = r"(?:[A-Za-z]+,\s+)?"

# Each form a date is written in, and how that form writes a date again.
FORMS: list[tuple[re.Pattern, Callable[[int, int, int], str]]] = [
    (re.compile(r"(?P<y>\d{4})-(?P<n>\d{2})-(?P<d>\d{2})(?:[T ]\S*)?"),
     lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}"),
    (re.compile(r"(?P<y>\d{4})-(?P<n>\d{2})"), lambda y, m, d: f"{y:04d}-{m:02d}"),
    (re.compile(r"(?P<m>[A-Za-z]+)\s+(?P<y>\d{4})"), lambda y, m, d: f"{MONTH_NAMES[m - 1]} {y}"),
    (re.compile(_WEEKDAY + r"(?P<m>[A-Za-z]{3,})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"),
     lambda y, m, d: f"{MONTH_NAMES[m - 1]} {d}, {y}"),
    (re.compile(_WEEKDAY + r"(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]{3,})\.?,?\s+(?P<y>\d{4})"),
     lambda y, m, d: f"{d} {MONTH_NAMES[m - 1]} {y}"),
]


@dataclass(frozen=True)
class Date:
    year: int
    month: int
    day: int | None                      # None: the date names a month
    write: Callable[[int, int, int], str]  # writes a date in the form this one was read from


def read(text: str) -> Date | None:
    """The date `text` names, or None when it names none (`Winter 2012`, `March 32, 2012`)."""
    text = str(text).strip().rstrip(".")
    for pattern, write in FORMS:
        match = pattern.fullmatch(text)
        if match:
            return _date(match, write)
    return None


def _date(match: re.Match, write) -> Date | None:
    parts = match.groupdict()
    month = int(parts["n"]) if parts.get("n") else month_number(parts["m"])
    day = int(parts["d"]) if parts.get("d") else None
    if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return Date(int(parts["y"]), month, day, write)


def month_number(word: str) -> int | None:
    """`Sept`, `september` or `Sep` to 9; None for any other word."""
    word = word.lower()
    return next((n for n, name in enumerate(MONTH_NAMES, 1) if len(word) >= 3 and name.lower().startswith(word)),
                None)


def date_text(text: str) -> str:
    """`2012-09` to `September 2012`, `2012-08-20` to `August 20, 2012`; text that is no date as written."""
    date = read(text)
    if date is None:
        return text
    month = MONTH_NAMES[date.month - 1]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


def iso_date(text: str) -> str | None:
    """`January 13, 2022`, `13 Jan 2022`, `2022-01-13T10:00` to `2022-01-13`; None unless a day is named."""
    date = read(text)
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}" if date and date.day else None


def iso_datetime(text: str) -> str:
    """The date as a W3C date-time for PDF metadata (the first of the month when no day is named)."""
    date = read(text)
    if date is None:
        return "2000-01-01T00:00:00Z"
    return f"{date.year:04d}-{date.month:02d}-{date.day or 1:02d}T00:00:00Z"


FREQUENCIES = {  # how often a journal appears, in months between issues
    "monthly": 1, "bimonthly": 2, "every two months": 2, "quarterly": 3, "every three months": 3,
    "twice a year": 6, "half-yearly": 6, "semiannual": 6, "yearly": 12, "annual": 12,
}
_EVERY = re.compile(r"every (\d{1,2}) months?")


def frequency_months(text: str) -> int:
    """`monthly` to 1, `quarterly` to 3, `every 4 months` to 4; ValueError naming the known words otherwise."""
    word = " ".join(str(text).lower().split())
    every = _EVERY.fullmatch(word)
    if word in FREQUENCIES:
        return FREQUENCIES[word]
    if every and 1 <= int(every[1]) <= 12:
        return int(every[1])
    raise ValueError(f"found {text!r}, expected {', '.join(FREQUENCIES)} or `every N months` (N from 1 to 12)")


def next_date(dates: list[str], months: int | None = None) -> str | None:
    """The date after the last of `dates`: `months` on, else one step as between the last two (a month when unknown)."""
    parsed = [read(text) for text in dates]
    if not parsed or parsed[-1] is None:
        return None
    last = parsed[-1]
    months = last.year * 12 + last.month - 1 + (months or step(parsed))
    return last.write(months // 12, months % 12 + 1, min(last.day or 1, 28))


def step(parsed: list[Date | None]) -> int:
    """Months between the last two dates; one when that is not a step between 1 and 12."""
    if len(parsed) < 2 or parsed[-2] is None or parsed[-1] is None:
        return 1
    months = (parsed[-1].year - parsed[-2].year) * 12 + parsed[-1].month - parsed[-2].month
    return months if 0 < months <= 12 else 1
