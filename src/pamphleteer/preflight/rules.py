"""Preflight rules and profiles: what a file must satisfy, as declared tables."""

from __future__ import annotations

from dataclasses import dataclass

# The three editions Pamphleteer writes, and what each is checked for.
PROFILES = ("print", "reader", "booklet")

# PDF/X versions we understand: our short name -> prefix of the declared
# GTS_PDFXVersion value ("PDF/X-1a:2003", "PDF/X-4", ...).
STANDARDS = {
    "x-1a": "PDF/X-1a",
    "x-3": "PDF/X-3",
    "x-4": "PDF/X-4",
    "x-5g": "PDF/X-5g",
}


@dataclass(frozen=True)
class PreflightRules:
    """Thresholds; the defaults are what printers ask of a digest-size journal."""

    min_ppi_warn: float = 300
    min_ppi_error: float = 150
    min_bleed_pt: float = 9.0          # 3 mm
    saddle: bool = True                # page count a multiple of 4 (print)
    standard: str | None = None        # "x-4", "x-1a"; None: what the file declares
    expect_output_intent: bool = True  # print: a PDF/X OutputIntent is required
    # Font families the design asks for ("Charis SIL", "PT Sans"); any other
    # embedded family is reported as a font fallback. Empty: families are listed.
    expected_fonts: tuple[str, ...] = ()


def standard_from_version(version: str | None) -> str | None:
    """'PDF/X-1a:2003' -> 'x-1a'; None when no known version is declared."""
    if not version:
        return None
    # Longest prefix first, so "PDF/X-1a" is not read as something shorter.
    for name, prefix in sorted(STANDARDS.items(), key=lambda kv: -len(kv[1])):
        if version.strip().upper().startswith(prefix.upper()):
            return name
    return None
