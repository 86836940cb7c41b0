"""The `Article` every reader returns: an article's metadata and its body as HTML blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer.settings import Picture


@dataclass
class Article:
    """One article, ready for the templates."""

    path: Path
    title: str
    blocks: list[str]
    subtitle: str = ""
    author: str = ""
    affiliation: str = ""
    date: str = ""
    source: str = ""
    to: str = ""
    lang: str = ""
    section: str = ""
    coda: str = ""           # the post's trailer (navigation, list boilerplate) as HTML, when kept
    trailer: list[str] = field(default_factory=list)  # the trailer's lines as written
    trailer_line: int = 0    # its first line in the file
    pull_quote: str = ""
    columns: str = "1"
    id: str = ""
    pictures: list[Picture] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.blocks)
