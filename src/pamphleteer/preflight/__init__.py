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

__all__ = ["Finding", "PreflightReport", "PreflightRules", "preflight", "recognise"]


def recognise(doc: Document) -> tuple[str, str]:
    """(profile, why) from the first page's boxes and the pages: press sheets, print pages or reader pages.

    Imposed sheets hold spreads: their trim is wider than tall (a journal's pages are taller than wide),
    on a sheet as large or larger. Print pages have a trim inside a larger page (the bleed). The rest are
    read on screen.
    """
    if not doc.pages:
        return "print", "no pages"
    page = doc.pages[0]
    media = pdffile.page_box(page, "/MediaBox")
    trim = pdffile.page_box(page, "/TrimBox") or media
    count = f"{len(doc.pages)} pages of {trim.width / 72:.4g} × {trim.height / 72:.4g} in"
    if trim.width > trim.height:
        return "booklet", f"imposed sheets: {count}, each a spread"
    if media.width > trim.width + 1 or media.height > trim.height + 1:
        return "print", f"print pages: {count}, with bleed around the trim"
    return "reader", f"reader pages: {count}, no bleed"


def preflight(pdf: Path, *, profile: str | None = "print",
              rules: PreflightRules | None = None) -> PreflightReport:
    """Run every check registered for profile on pdf and report the findings; profile None: as `recognise` says."""
    rules = rules or PreflightRules()
    if profile is None:
        with pdffile.logged_warnings() as warnings:
            profile = recognise(Document(pdffile.open_pdf(Path(pdf)), warnings))[0]
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
