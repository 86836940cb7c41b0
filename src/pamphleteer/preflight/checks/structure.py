"""Structure: pypdf reads every object and every content stream without complaint.

pypdf in non-strict mode repairs broken xref tables, offsets and streams and
only logs a warning; each such warning is a failure here. This is not
`qpdf --check` (which decodes every stream, images included): it is fast and
catches what makes other readers repair the file too.
"""

from __future__ import annotations

from typing import Iterator

from pamphleteer.preflight.registry import Context, check
from pamphleteer.preflight.report import Finding

NAME = "structure"


@check(NAME, "print", "reader", "booklet")
def structure(ctx: Context) -> Iterator[Finding]:
    doc = ctx.doc
    _ = doc.scans  # decode every page's content (and its forms) before judging
    objects = doc.resolve_every_object()
    for page, error in doc.scan_errors:
        yield Finding(NAME, "fail", f"content stream unreadable: {error}", page=page)
    for message in dict.fromkeys(doc.warnings):  # once each, in order
        yield Finding(NAME, "fail", f"pypdf: {message}")
    if not doc.scan_errors and not doc.warnings:
        yield Finding(NAME, "pass", f"{objects} objects and {len(doc.pages)} pages read cleanly")
