from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from selvhjelp.lib.recurrence import OSLO, WeeklyRule, occurrences


def _between(rule: WeeklyRule, start: date, end: date) -> list[datetime]:
    return occurrences(
        rule,
        after=datetime.combine(start, time.min, tzinfo=OSLO),
        before=datetime.combine(end, time.min, tzinfo=OSLO),
    )


def test_a_weekly_18_00_meeting_stays_at_18_00_across_both_summer_time_changes() -> None:
    rule = WeeklyRule(start_date=date(2027, 3, 1), start_time=time(18), weekdays=(0,))
    starts = _between(rule, date(2027, 3, 1), date(2027, 11, 30))
    assert {start.astimezone(OSLO).time() for start in starts} == {time(18)}
    offsets = {start.utcoffset() for start in starts}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    assert len(starts) == 40  # every Monday from 1 March to 29 November 2027


def test_every_other_week_on_chosen_weekdays() -> None:
    rule = WeeklyRule(start_date=date(2027, 1, 4), start_time=time(10), weekdays=(0, 3), interval=2)
    starts = _between(rule, date(2027, 1, 1), date(2027, 2, 1))
    assert [start.date() for start in starts] == [
        date(2027, 1, 4),
        date(2027, 1, 7),
        date(2027, 1, 18),
        date(2027, 1, 21),
    ]


def test_nothing_before_the_first_date() -> None:
    rule = WeeklyRule(start_date=date(2027, 6, 7), start_time=time(18), weekdays=(0,))
    assert _between(rule, date(2027, 5, 1), date(2027, 6, 7)) == []


def test_a_rule_that_starts_at_the_end_of_the_calendar_has_no_meetings_and_no_error() -> None:
    """31 December 9999 is a Friday; its first Saturday would be in the year 10000."""
    rule = WeeklyRule(start_date=date(9999, 12, 31), start_time=time(18), weekdays=(5,))
    assert _between(rule, date(2027, 3, 1), date(2027, 5, 24)) == []


@given(
    weekdays=st.sets(st.integers(min_value=0, max_value=6), min_size=1),
    hour=st.integers(min_value=0, max_value=23),
    interval=st.integers(min_value=1, max_value=4),
    offset=st.integers(min_value=0, max_value=700),
)
def test_every_start_is_on_a_chosen_weekday_at_the_chosen_local_time(
    weekdays, hour, interval, offset
) -> None:
    first = date(2026, 1, 5) + timedelta(days=offset)
    rule = WeeklyRule(
        start_date=first, start_time=time(hour), weekdays=tuple(weekdays), interval=interval
    )
    starts = _between(rule, first, first + timedelta(weeks=12))
    assert starts == sorted(starts)
    for start in starts:
        local = start.astimezone(UTC).astimezone(OSLO)  # the wall clock at that instant
        assert local.weekday() in weekdays
        # On the night clocks go forward, 02:xx does not exist and is shown as 03:xx.
        wall = datetime.combine(local.date(), time(hour), tzinfo=OSLO)
        exists = wall.astimezone(UTC).astimezone(OSLO).hour == hour
        assert local.hour == (hour if exists else hour + 1)
