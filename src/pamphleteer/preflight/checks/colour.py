"""PDF/X: the OutputIntent, the declared version, and colour spaces allowed by it."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from pamphleteer.preflight.registry import Context, check
from pamphleteer.preflight.report import Finding
from pamphleteer.preflight.rules import STANDARDS, standard_from_version

NAME = "output intent"
# Families each standard forbids (x-1a: CMYK, gray and spot colour only).
FORBIDDEN = {"x-1a": {"rgb", "lab", "other"}}


def pdfx_intents(ctx: Context) -> list:
    intents = ctx.doc.catalog.get("/OutputIntents")
    intents = intents.get_object() if intents is not None else []
    return [i.get_object() for i in intents if i.get_object().get("/S") == "/GTS_PDFX"]


def icc_header(profile) -> tuple[str, str] | None:
    """(device class, colour space) from an ICC profile stream: ('prtr', 'CMYK')."""
    data = profile.get_object().get_data()[:128]
    if len(data) < 40 or data[36:40] != b"acsp":
        return None
    return data[12:16].decode("latin-1").strip(), data[16:20].decode("latin-1").strip()


def _intent(intent, standard: str | None) -> Iterator[Finding]:
    condition = str(intent.get("/OutputConditionIdentifier", "")) or None
    if condition is None:
        yield Finding(NAME, "fail", "OutputIntent has no /OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    header = icc_header(profile) if profile is not None else None
    if profile is None:
        yield Finding(NAME, "fail", f"OutputIntent {condition!r} has no /DestOutputProfile")
    elif header is None:
        yield Finding(NAME, "fail", "DestOutputProfile is not an ICC profile (no 'acsp' signature)")
    elif header[0] != "prtr":
        yield Finding(NAME, "fail", f"DestOutputProfile class is {header[0]!r}, "
                      "expected an output (printer) profile 'prtr'")
    elif standard == "x-1a" and header[1] not in ("CMYK", "GRAY"):
        yield Finding(NAME, "fail", f"DestOutputProfile is {header[1]}, PDF/X-1a needs CMYK or gray")


def _version(ctx: Context) -> Iterator[Finding]:
    declared = ctx.doc.declared_version
    found = standard_from_version(declared)
    if declared is None:
        yield Finding(NAME, "fail", "no PDF/X version declared (GTS_PDFXVersion in XMP or Info)")
    elif ctx.rules.standard and found != ctx.rules.standard:
        yield Finding(NAME, "fail", f"declares {declared}, expected {STANDARDS[ctx.rules.standard]}")


@check(NAME, "print", "booklet")
def output_intent(ctx: Context) -> Iterator[Finding]:
    intents = pdfx_intents(ctx)
    required = ctx.rules.expect_output_intent if ctx.profile == "print" else bool(
        intents or ctx.doc.declared_version or ctx.rules.standard)
    if not required:
        yield Finding(NAME, "pass", "no PDF/X declared and no OutputIntent: nothing to keep")
        return
    problems = list(_version(ctx))
    if len(intents) != 1:
        problems.append(Finding(NAME, "fail", f"{len(intents)} /GTS_PDFX OutputIntents, expected exactly one"))
    else:
        problems += _intent(intents[0], ctx.standard)
    yield from problems
    if not problems:
        condition = intents[0].get("/OutputConditionIdentifier")
        yield Finding(NAME, "pass", f"{ctx.doc.declared_version}, OutputIntent {str(condition)!r}")


@check("colour", "print")
def colour(ctx: Context) -> Iterator[Finding]:
    forbidden = FORBIDDEN.get(ctx.standard or "", set())
    uses: dict[tuple[int, str], set[str]] = defaultdict(set)   # (page, where) -> how
    families: dict[tuple[int, str], set[str]] = defaultdict(set)
    for scan in ctx.doc.scans:
        for family, how, container in scan.colours:
            where = how.split(" ", 1)[1] if how.startswith("image ") else container or "page content"
            uses[scan.number, where].add(how.split(" ")[0])
            families[scan.number, where].add(family)
    bad = {key: f for key, f in families.items() if f & forbidden}
    label = STANDARDS.get(ctx.standard or "", "no PDF/X standard")
    for (page, where), fams in sorted(bad.items()):
        yield Finding("colour", "fail", f"{'/'.join(sorted(fams & forbidden)).upper()} colour "
                      f"({', '.join(sorted(uses[page, where]))}) not allowed in {label}",
                      page=page, obj=where)
    if not bad:
        if not families:
            yield Finding("colour", "pass", f"only CMYK, gray and spot colour ({label})")
        else:
            allowed = f"allowed by {label} with its OutputIntent" if ctx.standard else "no PDF/X to forbid it"
            yield Finding("colour", "pass", f"non-CMYK colour, {allowed}: {_summary(families)}")


def _summary(families: dict[tuple[int, str], set[str]], limit: int = 4) -> str:
    items = [f"p. {page} {where} ({'/'.join(sorted(fams)).upper()})"
             for (page, where), fams in sorted(families.items())]
    return "; ".join(items[:limit]) + (f"; {len(items) - limit} more" if len(items) > limit else "")
