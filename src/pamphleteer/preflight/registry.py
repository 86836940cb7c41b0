"""The check registry: each check is a small function from a Context to Findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from pamphleteer.pdffile import MALFORMED
from pamphleteer.preflight.document import Document
from pamphleteer.preflight.report import Finding
from pamphleteer.preflight.rules import PreflightRules


@dataclass
class Context:
    """What every check gets: the document, the rules, the profile and the standard."""

    doc: Document
    rules: PreflightRules
    profile: str
    standard: str | None  # rules.standard, else the declared one ("x-4", ...)


CheckFunction = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    profiles: frozenset[str]
    run: CheckFunction


CHECKS: dict[str, Check] = {}


def check(name: str, *profiles: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under name for the given profiles (report order = registration order)."""
    def decorate(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = Check(name, frozenset(profiles), function)
        return function
    return decorate


def run_check(item: Check, context: Context) -> list[Finding]:
    """The check's findings, one per distinct problem; a check that finds nothing passes.

    A check that trips over a malformed object fails with the error: the file
    cannot be vouched for, and the other checks still run.
    """
    try:
        findings = merge_pages(list(item.run(context)))
    except MALFORMED as error:
        return [Finding(item.name, "fail", f"could not check: {type(error).__name__}: {error}")]
    return findings or [Finding(item.name, "pass", "no problems found")]


def merge_pages(findings: list[Finding]) -> list[Finding]:
    """One finding for the same problem on several pages: the first page, the rest listed."""
    pages: dict[tuple, list[int]] = {}
    for f in findings:
        pages.setdefault((f.check, f.status, f.message, f.obj), []).append(f.page)
    merged = []
    for (name, status, message, obj), numbers in pages.items():
        known = sorted({n for n in numbers if n is not None})
        if len(known) > 1:
            message = f"{message} (pages {page_ranges(known)})"
        merged.append(Finding(name, status, message, known[0] if known else None, obj, tuple(known)))
    return merged


def page_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> '1-3, 7'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
