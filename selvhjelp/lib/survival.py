"""How long groups keep going: the Kaplan–Meier estimate, with groups still meeting censored.

Each group is followed from its first meeting. A group that ended gives an *event* at its age
when it ended; a group still meeting (running or paused) is *censored* at its age today: it is
known to have lasted at least that long, and it is not counted as ended. At each age where groups
ended, the share still going is multiplied by (1 - ended / at risk), where "at risk" is every
group followed at least that long. A group censored at the same age as an event still counts as
at risk at that age (the usual convention). Ages are whole days.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Follow:
    days: int  # from the first meeting to the end, or to today
    ended: bool


@dataclass(frozen=True)
class Step:
    """The estimate just after `days`: the share still going, and how many were at risk."""

    days: int
    surviving: float
    at_risk: int
    ended: int


def kaplan_meier(follows: list[Follow]) -> list[Step]:
    """The steps of the survival curve, one per age at which at least one group ended,
    starting with 1.0 at day 0."""
    events = Counter(f.days for f in follows if f.ended)
    followed = sorted(f.days for f in follows)
    steps = [Step(days=0, surviving=1.0, at_risk=len(follows), ended=0)]
    surviving = 1.0
    for day in sorted(events):
        at_risk = len(followed) - bisect_left(followed, day)
        surviving *= 1 - events[day] / at_risk
        steps.append(Step(days=day, surviving=surviving, at_risk=at_risk, ended=events[day]))
    return steps


def surviving_at(steps: list[Step], days: int) -> float:
    """The share still going `days` after the first meeting (the last step at or before)."""
    return [step for step in steps if step.days <= days][-1].surviving


def at_risk_at(follows: list[Follow], days: int) -> int:
    """How many groups were followed at least `days`: the estimate there rests on them."""
    return sum(1 for f in follows if f.days >= days)
