"""Calendar files (RFC 5545) for meeting series, in Europe/Oslo time.

One series is one VEVENT with an RRULE, and its meetings as they stand in the database:

- DTSTART is the rule's first real meeting (never a date the rule does not have).
- A cancelled meeting, and a date of the rule that has no meeting (the group was taking a break,
  or the series started before meetings were made), is an EXDATE, up to the last meeting made.
- A moved meeting is an override with the series' UID and its RECURRENCE-ID; the single-meeting
  download is the same override, so a client that has both shows the meeting once.
- A series whose group has paused or ended closes its rule with UNTIL at its last meeting.
- A meeting that is not one of the rule's dates (made by an earlier rule) is an event of its own.

Nothing here reads the clock: DTSTAMP and LAST-MODIFIED come from when the data last changed and
SEQUENCE from how often, so fetching twice gives the same bytes and calendar apps can tell that
nothing changed.

The time zone is written as Europe/Oslo's yearly rule (RRULE-based STANDARD and DAYLIGHT parts),
which every client reads, rather than a list of transitions that ends in 2037.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from selvhjelp.lib.recurrence import OSLO, WeeklyRule, first_meeting, is_meeting_of, occurrences

# Before all time the feed can hold; the zone's rule is the EU's since 1996.
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Occurrence:
    """One meeting as the database holds it."""

    original_start: datetime
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    moved: bool
    sequence: int
    changed_at: datetime


@dataclass(frozen=True)
class SeriesFeed:
    uid: str  # the series' own id; the files add "@selvhjelp"
    summary: str
    rule: WeeklyRule
    length: timedelta
    url: str
    meetings: tuple[Occurrence, ...]
    sequence: int
    changed_at: datetime
    # A paused or ended group's rule stops at its last meeting.
    active: bool = True


def series_uid(feed: SeriesFeed) -> str:
    return f"{feed.uid}@selvhjelp"


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_uid(feed: SeriesFeed, meeting: Occurrence) -> str:
    """The series' UID for one of its rule's dates; an event of its own for any other."""
    if is_meeting_of(feed.rule, meeting.original_start):
        return series_uid(feed)
    return f"{feed.uid}-{_utc_stamp(meeting.original_start)}@selvhjelp"


def _change(
    part: TimezoneDaylight | TimezoneStandard, *, name: str, hours: tuple[int, int], at: datetime
) -> TimezoneDaylight | TimezoneStandard:
    """One of the zone's yearly changes: from one offset to the other, the last Sunday of the
    month of `at`, at its hour."""
    part.add("tzname", name)
    part.add("tzoffsetfrom", timedelta(hours=hours[0]))
    part.add("tzoffsetto", timedelta(hours=hours[1]))
    part.add("dtstart", at)
    part.add("rrule", {"freq": "yearly", "bymonth": at.month, "byday": "-1SU"})
    return part


def oslo_timezone() -> Timezone:
    """Europe/Oslo as its yearly rule: summer time from the last Sunday of March at 02:00 to
    the last Sunday of October at 03:00."""
    zone = Timezone()
    zone.add("tzid", "Europe/Oslo")
    zone.add("x-lic-location", "Europe/Oslo")
    summer = _EPOCH.replace(month=3, day=29, hour=2)
    winter = _EPOCH.replace(month=10, day=25, hour=3)
    zone.add_component(_change(TimezoneDaylight(), name="CEST", hours=(1, 2), at=summer))
    zone.add_component(_change(TimezoneStandard(), name="CET", hours=(2, 1), at=winter))
    return zone


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
    calendar.add_component(oslo_timezone())
    return calendar


def _stamped(event: Event, *, uid: str, summary: str, url: str, changed_at: datetime) -> Event:
    event.add("uid", uid)
    event.add("dtstamp", changed_at.astimezone(UTC))
    event.add("last-modified", changed_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("url", url)
    return event


def meeting_event(feed: SeriesFeed, meeting: Occurrence) -> Event:
    """One meeting: an override of the series (RECURRENCE-ID) when it is one of the rule's
    dates, else an event of its own; cancelled meetings say so."""
    event = _stamped(
        Event(),
        uid=meeting_uid(feed, meeting),
        summary=feed.summary,
        url=feed.url,
        changed_at=meeting.changed_at,
    )
    if is_meeting_of(feed.rule, meeting.original_start):
        event.add("recurrence-id", meeting.original_start.astimezone(OSLO))
    event.add("dtstart", meeting.starts_at.astimezone(OSLO))
    event.add("dtend", meeting.ends_at.astimezone(OSLO))
    # Raised by every change of the series and of the meeting, so never lower than before.
    event.add("sequence", feed.sequence + meeting.sequence)
    if meeting.cancelled:
        event.add("status", "CANCELLED")
    return event


def _master(feed: SeriesFeed, on_rule: list[Occurrence]) -> Event | None:
    first = first_meeting(feed.rule)
    if first is None or (not feed.active and not on_rule):
        return None
    start = datetime.combine(first, feed.rule.start_time, tzinfo=OSLO)
    made = {meeting.original_start for meeting in on_rule}
    if made and min(made) > start:
        # Nothing on the rule before the first meeting made is shown, so the rule starts there:
        # a series whose first meeting lies far back lists no exception for every week since.
        start = min(made).astimezone(OSLO)
    last_made = max(made, default=None)
    excluded = {meeting.original_start for meeting in on_rule if meeting.cancelled}
    if last_made is not None:
        rule_dates = occurrences(feed.rule, after=start, before=last_made + timedelta(seconds=1))
        excluded |= {moment for moment in rule_dates if moment not in made}
    recur = feed.rule.ical()
    if not feed.active and last_made is not None:
        recur += f";UNTIL={_utc_stamp(last_made)}"
    cancelled_changes = [meeting.changed_at for meeting in on_rule if meeting.cancelled]
    master = _stamped(
        Event(),
        uid=series_uid(feed),
        summary=feed.summary,
        url=feed.url,
        changed_at=max([feed.changed_at, *cancelled_changes]),
    )
    master.add("dtstart", start)
    master.add("duration", feed.length)
    master.add("rrule", vRecur.from_ical(recur))
    master.add("sequence", feed.sequence)
    if excluded:
        master.add("exdate", sorted(moment.astimezone(OSLO) for moment in excluded))
    return master


def series_events(feed: SeriesFeed) -> list[Event]:
    """The events that show the series' meetings exactly as they are."""
    on_rule = [m for m in feed.meetings if is_meeting_of(feed.rule, m.original_start)]
    master = _master(feed, on_rule)
    events = [master] if master is not None else []
    for meeting in sorted(feed.meetings, key=lambda m: m.original_start):
        if meeting.cancelled:
            continue  # an EXDATE of the master, or nothing at all for an old rule's date
        if meeting in on_rule and (master is None or not meeting.moved):
            continue
        events.append(meeting_event(feed, meeting))
    return events


def series_calendar(feeds: Iterable[SeriesFeed], *, name: str) -> bytes:
    calendar = _calendar(name)
    for feed in feeds:
        for event in series_events(feed):
            calendar.add_component(event)
    return _ical(calendar)


def single_meeting(feed: SeriesFeed, meeting: Occurrence) -> bytes:
    """One meeting to download, with the same UID as in the feed."""
    calendar = _calendar(feed.summary)
    calendar.add_component(meeting_event(feed, meeting))
    return _ical(calendar)
