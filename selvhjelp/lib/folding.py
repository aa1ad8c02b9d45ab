"""Letters folded for search, so a person can type a place the way their keyboard allows.

"grunerlokka" finds Grünerløkka, "tromso" finds Tromsø and "aasane" finds Åsane: the search
text holds every word also in its folded form, and the query is folded the same way. Folding
takes accents off (ü → u, é → e, š → s), writes the Norwegian and Sami letters that have no
accent to take off in plain letters (ø → o, æ → ae, đ → d, ŋ → n, ŧ → t), and reads the old
spelling "aa" as å (so both become "a").
"""

from __future__ import annotations

import re
import unicodedata

_PLAIN = str.maketrans(
    {"ø": "o", "æ": "ae", "đ": "d", "ð": "d", "ŋ": "n", "ŧ": "t", "þ": "th", "ß": "ss", "ł": "l"}
)
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(word: str) -> str:
    """The word in lower-case plain letters, as search compares it."""
    lowered = word.lower().translate(_PLAIN)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("aa", "a")


def searchable(text: str) -> str:
    """The text followed by the folded form of each of its words that folding changes (once)."""
    present = {word.lower() for word in _WORD.findall(text)}
    extra: list[str] = []
    for word in _WORD.findall(text):
        folded = fold(word)
        if folded not in present:
            present.add(folded)
            extra.append(folded)
    return " ".join([text, *extra]) if extra else text
