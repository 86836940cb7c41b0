"""Turn the journal's font families into the set of characters they can set.

WeasyPrint silently falls back to another installed font for a character
its fonts lack; the build checks every article's text here first, so a
missing glyph is an error naming the file, line and character instead.
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache

from fontTools.ttLib import TTCollection, TTFont

from pamphleteer.errors import UserError

IGNORED = {"\n", "\r", "\t", "\u00ad", "\u200b", "\u2009", "\u202f", "\u00a0", "\ufeff"}


@cache
def font_files(family: str) -> tuple[str, ...]:
    """The installed font files of `family`, found through fontconfig."""
    try:
        listing = subprocess.run(["fc-list", f"{family}:", "file"], capture_output=True, text=True,
                                 check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise UserError(f"cannot ask fontconfig for the font '{family}': {error}") from None
    files = tuple(sorted(line.split(":")[0].strip() for line in listing.splitlines() if line.strip()))
    if not files:
        raise UserError(f"the font '{family}' named in journal.yaml is not installed (run make setup)")
    return files


@cache
def coverage(family: str) -> frozenset[int]:
    """Code points present in every style (roman, italic, bold...) of `family`."""
    maps = []
    for path in font_files(family):
        fonts = TTCollection(path).fonts if path.endswith((".ttc", ".otc")) else [TTFont(path, lazy=True)]
        maps.extend(set(font.getBestCmap() or {}) for font in fonts)
    return frozenset(set.intersection(*maps)) if maps else frozenset()


def missing(text: str, families: list[str]) -> list[str]:
    """Characters of `text` that none of `families` has, in order of first use."""
    covered = [coverage(family) for family in families]
    return [c for c in dict.fromkeys(text) if c not in IGNORED and not any(ord(c) in each for each in covered)]


def describe(character: str) -> str:
    return f"'{character}' (U+{ord(character):04X} {unicodedata.name(character, 'unnamed')})"
