"""The consensus rule of a self-governed group, as a pure function.

Who counts: the members who were members when the proposal was made and still are. Someone who
joins later does not hold up an earlier proposal; the answer of someone who has left no longer
counts. A proposal is adopted as soon as everyone who counts has said yes. Until the deadline
anyone may change their answer; at the deadline a no, or a missing answer, means not adopted.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from enum import StrEnum


class Outcome(StrEnum):
    OPEN = "open"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"


def outcome(*, counting: Set[int], answers: Mapping[int, bool], deadline_passed: bool) -> Outcome:
    """The state of a proposal given who counts, their answers (True = yes), and the clock."""
    if counting and all(answers.get(person) is True for person in counting):
        return Outcome.ADOPTED
    return Outcome.NOT_ADOPTED if deadline_passed else Outcome.OPEN


def tally(*, counting: Set[int], answers: Mapping[int, bool]) -> tuple[int, int, int]:
    """(yes, no, not answered yet) among the people who count."""
    yes = sum(1 for person in counting if answers.get(person) is True)
    no = sum(1 for person in counting if answers.get(person) is False)
    return yes, no, len(counting) - yes - no
