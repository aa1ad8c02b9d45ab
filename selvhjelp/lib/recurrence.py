"""Meeting times from a weekly rule, in Europe/Oslo local time.

The rule is expanded in local wall-clock time and only then given its zone, so a meeting at
18:00 stays at 18:00 across the changes to and from summer time.
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


def occurrences(rule: WeeklyRule, *, after: datetime, before: datetime) -> list[datetime]:
    """The starts (aware, Europe/Oslo) of the rule's meetings with after <= start < before."""
    local_start = datetime.combine(rule.start_date, rule.start_time)
    window_start = after.astimezone(OSLO).replace(tzinfo=None) - timedelta(days=1)
    window_end = before.astimezone(OSLO).replace(tzinfo=None) + timedelta(days=1)
    # A rule that starts after the window has none of its meetings in it; asked anyway, dateutil
    # would look for the first one past the year 9999 for a rule that starts at its end.
    if not rule.weekdays or local_start > window_end:
        return []
    naive = rrule(
        WEEKLY,
        dtstart=local_start,
        interval=rule.interval,
        byweekday=[weekday(day) for day in sorted(rule.weekdays)],
        wkst=0,
    )
    starts = []
    for moment in naive.between(window_start, window_end, inc=True):
        aware = moment.replace(tzinfo=OSLO)
        if after <= aware < before:
            starts.append(aware)
    return starts


def as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
