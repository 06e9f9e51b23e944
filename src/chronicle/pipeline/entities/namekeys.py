"""The lookup key of a name, shared by the gazetteer and the world's places."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose into a base letter plus a combining mark.
_FOLD = str.maketrans({"đ": "d", "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "œ": "oe"})
_POSSESSIVE = re.compile(r"['’`]s\b")
_DROP = re.compile(r"[.'’‘`]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)  # the same tokens are looked up over and over
def normalize(text: str) -> str:
    """Fold a name to its lookup key: lower case, no diacritics or punctuation, no "the"."""
    text = _POSSESSIVE.sub("", text.replace("&", " and "))
    if not text.isascii():  # most names are plain ASCII: no need to decompose them
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    text = _NON_WORD.sub(" ", _DROP.sub("", text.lower().translate(_FOLD))).strip()
    return text[4:] if text.startswith("the ") else text
