"""Turn a finished PDF into a preflight report: what a printer would check.

    report = preflight(Path("issue-47-print.pdf"), profile="print")
    report.ok, report.warnings, report.as_dict(), report.table()

Profiles: "print" (PDF/X, bleed, marks, no annotations, saddle page count),
"reader" (fonts, glyphs, structure, pictures as warnings; links allowed),
"booklet" (imposed sheets: fonts, structure, pictures, OutputIntent when the
file declares PDF/X, page boxes checked for containment only).

Each check is a small function in `checks/`, registered by name and profile;
they share one scan of the content streams (`content.py`). The stage never
prints or exits; a missing, non-PDF, damaged or encrypted file raises
UserError (from `pamphleteer.pdffile`, which opens it).
"""

from __future__ import annotations

from pathlib import Path

from pamphleteer import pdffile
from pamphleteer.errors import UserError
from pamphleteer.preflight import checks  # noqa: F401 - registers the checks
from pamphleteer.preflight.document import Document
from pamphleteer.preflight.registry import CHECKS, Context, run_check
from pamphleteer.preflight.report import Finding, PreflightReport
from pamphleteer.preflight.rules import PROFILES, STANDARDS, PreflightRules, standard_from_version

__all__ = ["Finding", "PreflightReport", "PreflightRules", "preflight"]


def preflight(pdf: Path, *, profile: str = "print",
              rules: PreflightRules | None = None) -> PreflightReport:
    """Run every check registered for profile on pdf and report the findings."""
    rules = rules or PreflightRules()
    if profile not in PROFILES:
        raise UserError(f"unknown preflight profile {profile!r}, expected one of {', '.join(PROFILES)}")
    if rules.standard is not None and rules.standard not in STANDARDS:
        raise UserError(f"unknown PDF/X standard {rules.standard!r}, expected one of {', '.join(STANDARDS)}")
    with pdffile.logged_warnings() as warnings:
        doc = Document(pdffile.open_pdf(Path(pdf)), warnings)
        standard = rules.standard or standard_from_version(doc.declared_version)
        context = Context(doc, rules, profile, standard)
        findings = [finding for item in CHECKS.values() if profile in item.profiles
                    for finding in run_check(item, context)]
    return PreflightReport(Path(pdf), profile, standard, findings)
