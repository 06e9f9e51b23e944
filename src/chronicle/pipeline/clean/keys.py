"""The key a line is matched by: the one normalization that lines and cue patterns share.

Both ``lexicon.py`` (keying the cue table's patterns) and ``shape.py`` (keying each line)
import it from here, so neither needs the other for it.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
_EDGE_SYMBOLS = " \t\"'«»‹›<>|•·*:;–—-_=~#→←↑↓▲▼►◄▶◀/\\()[]{}.,!?…"


def key_of(text: str) -> str:
    """NFKC, casefolded, curly quotes straightened, edge symbols stripped, spaces collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return _SPACE.sub(" ", folded).strip(_EDGE_SYMBOLS)
