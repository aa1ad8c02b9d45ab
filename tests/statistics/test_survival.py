"""The Kaplan–Meier estimate against a small example worked by hand."""

from __future__ import annotations

import pytest

from selvhjelp.lib.survival import Follow, at_risk_at, kaplan_meier, surviving_at

# Six groups: three ended (after 30, 60 and 60 days), three still meeting (45, 90, 120 days).
EXAMPLE = [
    Follow(30, ended=True),
    Follow(45, ended=False),
    Follow(60, ended=True),
    Follow(60, ended=True),
    Follow(90, ended=False),
    Follow(120, ended=False),
]


def test_the_curve_steps_down_only_where_groups_ended() -> None:
    steps = kaplan_meier(EXAMPLE)
    # Day 30: 6 at risk, 1 ended: 5/6. Day 60: 4 at risk (45 is censored), 2 ended: 5/6 * 2/4.
    assert [(s.days, s.at_risk, s.ended) for s in steps] == [(0, 6, 0), (30, 6, 1), (60, 4, 2)]
    assert steps[1].surviving == pytest.approx(5 / 6)
    assert steps[2].surviving == pytest.approx(5 / 12)


def test_groups_still_meeting_are_censored_not_counted_as_ended() -> None:
    steps = kaplan_meier(EXAMPLE)
    # A naive share of "still going at 90 days" would be 2/6; censoring gives 5/12.
    assert surviving_at(steps, 90) == pytest.approx(5 / 12)
    assert surviving_at(steps, 45) == pytest.approx(5 / 6)
    assert at_risk_at(EXAMPLE, 90) == 2


def test_no_group_ended_means_everyone_is_still_going() -> None:
    steps = kaplan_meier([Follow(10, ended=False), Follow(400, ended=False)])
    assert surviving_at(steps, 365) == 1.0


def test_a_group_censored_on_the_day_another_ended_is_still_at_risk_that_day() -> None:
    steps = kaplan_meier([Follow(30, ended=True), Follow(30, ended=False), Follow(50, ended=True)])
    # Day 30: all three at risk, one ended: 2/3 (the censored one is not an event).
    assert (steps[1].at_risk, steps[1].surviving) == (3, pytest.approx(2 / 3))
    assert steps[2].surviving == pytest.approx(0)
