"""The consensus rule of a self-governed group, and what is kept of the answers, as pure functions.

Who counts: the members who were members when the proposal was made and still are. Someone who
joins later does not hold up an earlier proposal; the answer of someone who has left no longer
counts. A proposal is adopted as soon as everyone who counts has said yes. Until the deadline
anyone may change their answer; at the deadline a no, or a missing answer, means not adopted.

Secrecy. In a group of 5–8 a count that moves when one person answers names that person, so while
a proposal is open the members see only how many have answered, never how many said yes or no.
At closing everyone sees the outcome and how many answered, the per-member answers are deleted,
and only the numbers in `final_count` are kept on the proposal.

The final split (how many yes, how many no) is kept and shown only where it cannot tell anyone
another member's answer: when everyone said yes (which the outcome says anyway), or when at least
`SPLIT_MIN` said yes and at least `SPLIT_MIN` said no. A member knows their own answer; "4 yes,
1 no" tells the one who said no that every other answer was yes, and "1 yes, 4 no" tells the one
who said yes that everyone else said no. From two of each, whatever one answered, the others'
answers are still mixed. A no stops a proposal as surely as four do, so little is lost when the
split is withheld; the page then says only how many answered.

What the rule itself gives away, and is accepted: "adopted" means everyone said yes; a proposal
that stays open although everyone has answered has at least one no; in a group of two, one's own
yes and "not adopted" name the other's no. Members who compare their answers learn more than the
numbers say; no count can prevent that.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from enum import StrEnum
from typing import NamedTuple

# The smallest number of yes and of no for the final split to be shown (see above).
SPLIT_MIN = 2


class Outcome(StrEnum):
    OPEN = "open"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"


class Count(NamedTuple):
    """What is kept of the answers once a proposal has closed: numbers, never people."""

    counted: int  # the people who counted at closing
    answered: int  # how many of them answered
    yes: int | None  # the split, or None where it could tell someone another's answer
    no: int | None


def outcome(*, counting: Set[int], answers: Mapping[int, bool], deadline_passed: bool) -> Outcome:
    """The state of a proposal given who counts, their answers (True = yes), and the clock."""
    if counting and all(answers.get(person) is True for person in counting):
        return Outcome.ADOPTED
    return Outcome.NOT_ADOPTED if deadline_passed else Outcome.OPEN


def tally(*, counting: Set[int], answers: Mapping[int, bool]) -> tuple[int, int, int]:
    """(yes, no, not answered) among the people who count. Never shown while open."""
    yes = sum(1 for person in counting if answers.get(person) is True)
    no = sum(1 for person in counting if answers.get(person) is False)
    return yes, no, len(counting) - yes - no


def answered(*, counting: Set[int], voters: Set[int]) -> int:
    """How many of the people who count have answered: all that is shown while open."""
    return len(counting & voters)


def split_shown(*, counted: int, yes: int, no: int) -> bool:
    """Whether the final yes and no may be kept and shown: it tells no member another's answer."""
    everyone_yes = counted > 0 and yes == counted
    return everyone_yes or (yes >= SPLIT_MIN and no >= SPLIT_MIN)


def final_count(*, counting: Set[int], answers: Mapping[int, bool]) -> Count:
    """The numbers to keep when the proposal closes, after which the answers are deleted."""
    yes, no, _waiting = tally(counting=counting, answers=answers)
    shown = split_shown(counted=len(counting), yes=yes, no=no)
    return Count(
        counted=len(counting),
        answered=yes + no,
        yes=yes if shown else None,
        no=no if shown else None,
    )
