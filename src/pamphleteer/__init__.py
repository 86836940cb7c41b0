"""Pamphleteer: a typesetting pipeline for small journals and pamphlets.

manifest (YAML) -> articles (HTML fragments) -> document (one HTML) ->
render (PDF, WeasyPrint) -> impose (booklet) -> preflight (checks).
impose and preflight open and write PDFs through pdffile, the one module
that imports pypdf; both measure with geometry (rectangles, matrices).
"""

__version__ = "0.1.0"
