"""Pamphleteer: a typesetting pipeline for small journals and pamphlets.

manifest (YAML) -> articles (HTML fragments) -> document (one HTML) ->
render (PDF, WeasyPrint) -> impose (booklet, pypdf) -> preflight (checks).
"""

__version__ = "0.1.0"
