"""Meeting times from a weekly rule, in Europe/Oslo local time.

The rule is expanded in local wall-clock time and only then given its zone, so a meeting at
18:00 stays at 18:00 across the changes to and from summer time.

The rule's first meeting is its first date that falls on one of its weekdays, not the date it was
given: a calendar file whose DTSTART is not one of the rule's own dates counts that date as an
extra meeting (RFC 5545, 3.8.5.3), and clients differ on it. `first_meeting` is what DTSTART says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, weekday

OSLO = ZoneInfo("Europe/Oslo")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class WeeklyRule:
    start_date: date
    start_time: time
    weekdays: tuple[int, ...]  # 0 = Monday
    interval: int = 1  # 1 = every week, 2 = every other week

    def ical(self) -> str:
        days = ",".join(ICAL_DAYS[day] for day in sorted(self.weekdays))
        return f"FREQ=WEEKLY;INTERVAL={self.interval};BYDAY={days};WKST=MO"


def _naive(rule: WeeklyRule) -> rrule:
    return rrule(
        WEEKLY,
        dtstart=datetime.combine(rule.start_date, rule.start_time),
        interval=rule.interval,
        byweekday=[weekday(day) for day in sorted(rule.weekdays)],
        wkst=0,
    )


def first_meeting(rule: WeeklyRule) -> date | None:
    """The date of the rule's first meeting: its first date on one of its weekdays."""
    if not rule.weekdays:
        return None
    first: datetime | None = _naive(rule).after(
        datetime.combine(rule.start_date, rule.start_time), inc=True
    )
    return first.date() if first is not None else None


def is_meeting_of(rule: WeeklyRule, start: datetime) -> bool:
    """Whether an (aware) start is one of the rule's own meetings."""
    local = start.astimezone(OSLO).replace(tzinfo=None)
    if not rule.weekdays or local < datetime.combine(rule.start_date, rule.start_time):
        return False
    found: datetime | None = _naive(rule).after(local, inc=True)
    return found == local


def occurrences(rule: WeeklyRule, *, after: datetime, before: datetime) -> list[datetime]:
    """The starts (aware, Europe/Oslo) of the rule's meetings with after <= start < before."""
    local_start = datetime.combine(rule.start_date, rule.start_time)
    window_start = after.astimezone(OSLO).replace(tzinfo=None) - timedelta(days=1)
    window_end = before.astimezone(OSLO).replace(tzinfo=None) + timedelta(days=1)
    # A rule that starts after the window has none of its meetings in it; asked anyway, dateutil
    # would look for the first one past the year 9999 for a rule that starts at its end.
    if not rule.weekdays or local_start > window_end:
        return []
    starts = []
    for moment in _naive(rule).between(window_start, window_end, inc=True):
        aware = moment.replace(tzinfo=OSLO)
        if after <= aware < before:
            starts.append(aware)
    return starts


def as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
