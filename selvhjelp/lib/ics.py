"""Calendar files (RFC 5545) for meeting series: one VEVENT with an RRULE per series, EXDATE for
cancelled meetings and RECURRENCE-ID overrides for moved ones, in Europe/Oslo time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vRecur

from selvhjelp.lib.recurrence import OSLO, WeeklyRule


@dataclass(frozen=True)
class Occurrence:
    original_start: datetime
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    moved: bool


@dataclass(frozen=True)
class SeriesFeed:
    uid: str
    summary: str
    rule: WeeklyRule
    length: timedelta
    url: str
    exceptions: tuple[Occurrence, ...]


def _ical(calendar: Calendar) -> bytes:
    # icalendar leaves to_ical() unannotated (Any to mypy); here its bytes get their type.
    ical: bytes = calendar.to_ical()
    return ical


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//selvhjelp//gruppemøter//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    # Calendar apps fetch again after this long.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def series_calendar(feeds: Iterable[SeriesFeed], *, name: str, stamp: datetime) -> bytes:
    calendar = _calendar(name)
    for feed in feeds:
        first = datetime.combine(feed.rule.start_date, feed.rule.start_time, tzinfo=OSLO)
        master = Event()
        master.add("uid", feed.uid)
        master.add("dtstamp", stamp)
        master.add("summary", feed.summary)
        master.add("dtstart", first)
        master.add("duration", feed.length)
        master.add("rrule", vRecur.from_ical(feed.rule.ical()))
        master.add("url", feed.url)
        cancelled = [o.original_start.astimezone(OSLO) for o in feed.exceptions if o.cancelled]
        if cancelled:
            master.add("exdate", cancelled)
        calendar.add_component(master)
        for moved in (o for o in feed.exceptions if o.moved and not o.cancelled):
            override = Event()
            override.add("uid", feed.uid)
            override.add("dtstamp", stamp)
            override.add("summary", feed.summary)
            override.add("recurrence-id", moved.original_start.astimezone(OSLO))
            override.add("dtstart", moved.starts_at.astimezone(OSLO))
            override.add("dtend", moved.ends_at.astimezone(OSLO))
            override.add("url", feed.url)
            calendar.add_component(override)
    calendar.add_missing_timezones()
    return _ical(calendar)


def single_meeting(
    *, uid: str, summary: str, starts_at: datetime, ends_at: datetime, url: str, stamp: datetime
) -> bytes:
    calendar = _calendar(summary)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", starts_at.astimezone(OSLO))
    event.add("dtend", ends_at.astimezone(OSLO))
    event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return _ical(calendar)
