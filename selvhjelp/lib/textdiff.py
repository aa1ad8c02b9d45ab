"""What changed between two wordings, word by word, for a person to read.

A member who signed one version of a declaration is asked to sign a new one; they should not
have to compare two texts of several paragraphs by eye. `word_changes` gives the new text as
runs of unchanged, removed and added words (whitespace kept with the word before it), so a
page can mark what was taken out and what was put in. Line breaks are kept as words of their
own, so paragraphs stay paragraphs.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

Op = Literal["same", "removed", "added"]

_WORDS = re.compile(r"\n|[^\S\n]*\S+[^\S\n]*|[^\S\n]+")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.replace("\r\n", "\n"))


def word_changes(old: str, new: str) -> list[tuple[Op, str]]:
    """The runs that turn `old` into `new`; joining the runs that are not removed gives `new`,
    and joining those that are not added gives `old`."""
    before, after = _words(old), _words(new)
    runs: list[tuple[Op, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("same", "".join(after[b0:b1])))
            continue
        if a1 > a0:
            runs.append(("removed", "".join(before[a0:a1])))
        if b1 > b0:
            runs.append(("added", "".join(after[b0:b1])))
    return runs


def has_changes(runs: list[tuple[Op, str]]) -> bool:
    return any(op != "same" for op, _text in runs)
