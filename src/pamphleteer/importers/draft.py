"""A `Draft`: what an importer found in a source, before it becomes a Markdown article with front matter.

Importers fill a Draft (metadata as plain text, Markdown blocks, pictures
with their captions, notes for the editor); `markdown()` writes it in the
form the Markdown reader reads, pictures as `Picture: caption` lines where
they stood in the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer.dates import iso_date
from pamphleteer.manifest_text import quoted
from pamphleteer.readers.markdown import FRONT_MATTER



@dataclass
class DraftPicture:
    """A picture the source holds (`data`) or names (`source`), or only mentions (neither)."""

    caption: str = ""
    credit: str = ""
    data: bytes | None = None
    source: Path | None = None
    suffix: str = ".png"
    file: str = ""  # relative to the issue folder, once saved there
    placed: bool = True  # stood at a place in the text (else the build spreads it through the text)


@dataclass
class Draft:
    kind: str  # what the source was, in the editor's words: "a mailing-list post"
    meta: dict[str, str] = field(default_factory=dict)
    blocks: list = field(default_factory=list)  # Markdown text, or a DraftPicture where one stood
    notes: list[str] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)  # meta values as the source wrote them, when changed

    @property
    def pictures(self) -> list[DraftPicture]:
        return [block for block in self.blocks if isinstance(block, DraftPicture)]

    def picture(self, picture: DraftPicture) -> None:
        self.blocks.append(picture)

    def set_date(self, text: str) -> None:
        """The date as YYYY-MM-DD when it can be read, as written otherwise."""
        text = " ".join(text.split())
        self.meta["date"] = iso_date(text) or text
        if self.meta["date"] != text:
            self.written["date"] = text


def markdown(draft: Draft) -> str:
    """Front matter, then the blocks; a picture that has no file leaves no line."""
    front = [f"{key}: {quoted(draft.meta[key])}" for key in FRONT_MATTER if draft.meta.get(key)]
    body = [f"Picture: {block.caption}".rstrip() if isinstance(block, DraftPicture) else block
            for block in draft.blocks if not isinstance(block, DraftPicture) or (block.file and block.placed)]
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"
