"""Turn a list of findings into the preflight report: verdict, JSON and a text table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

Status = Literal["pass", "warn", "fail"]


@dataclass(frozen=True)
class Finding:
    """One result of one check: where (page is 1-based, obj names a resource) and what."""

    check: str
    status: Status
    message: str
    page: int | None = None
    obj: str | None = None
    pages: tuple[int, ...] = ()  # every page it was found on, when several (the message lists them too)

    @property
    def where(self) -> str:
        parts = [f"p. {self.page}" if self.page is not None else "", self.obj or ""]
        return " ".join(part for part in parts if part) or "document"


@dataclass
class PreflightReport:
    """Every finding of one preflight run, in the order of the check registry."""

    path: Path
    profile: str
    standard: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.status == "fail" for f in self.findings)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "fail"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "warn"]

    def by_check(self, check: str) -> list[Finding]:
        return [f for f in self.findings if f.check == check]

    def as_dict(self) -> dict:
        """JSON-ready summary for build.json."""
        return {
            "file": str(self.path),
            "profile": self.profile,
            "standard": self.standard,
            "ok": self.ok,
            "counts": {s: sum(f.status == s for f in self.findings)
                       for s in ("pass", "warn", "fail")},
            "findings": [{key: value for key, value in asdict(f).items() if key != "pages"} for f in self.findings],
        }

    def table(self) -> str:
        """A short text table: check, result, where, message."""
        rows = [("check", "result", "where", "message")]
        rows += [(f.check, f.status.upper(), f.where, f.message) for f in self.findings]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[3]])
                 for row in rows]
        failed = list(dict.fromkeys(f.check for f in self.failures))
        verdict = "ok" if self.ok else "failed: " + ", ".join(failed)
        return "\n".join([*lines, f"{self.path.name} ({self.profile}): {verdict}"]) + "\n"
