"""Interactive content a print file must not carry: annotations, forms, attachments."""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from pamphleteer.preflight.registry import Context, check
from pamphleteer.preflight.report import Finding

NAME = "annotations"


@check(NAME, "print")
def annotations(ctx: Context) -> Iterator[Finding]:
    failed = False
    for number, page in enumerate(ctx.doc.pages, 1):
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else []
        if annots:
            failed = True
            kinds = Counter(str(a.get_object().get("/Subtype", "?")).lstrip("/") for a in annots)
            yield Finding(NAME, "fail", f"{len(annots)} annotation(s): "
                          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())), page=number)
    catalog = ctx.doc.catalog
    if "/AcroForm" in catalog:
        failed = True
        yield Finding(NAME, "fail", "interactive form (/AcroForm) in the catalog", obj="/AcroForm")
    names = catalog.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        failed = True
        yield Finding(NAME, "fail", "embedded files (/EmbeddedFiles) in the name tree", obj="/EmbeddedFiles")
    if not failed:
        yield Finding(NAME, "pass", "no annotations, forms or attachments")
