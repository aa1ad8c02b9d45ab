"""Reads about meetings that pages and other apps share: what comes next, which times a room
is taken, and the calendar files (a person's feed, one meeting)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache as cache_function

from django.conf import settings
from django.core.cache import cache
from django.db import connection, router
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone, translation

from selvhjelp.accounts.models import User
from selvhjelp.groups.links import group_link
from selvhjelp.groups.models import (
    FOLLOW_UP_AFTER,
    Group,
    GroupState,
    Membership,
    MembershipState,
)
from selvhjelp.lib.ics import Occurrence, SeriesFeed, series_calendar, single_meeting
from selvhjelp.lib.prepared import Prepared
from selvhjelp.meetings.models import Absence, CalendarFeed, Meeting, MeetingSeries, Premises


def meetings_url(group: Group) -> str:
    """The group's meetings page as a private address, for messages and calendars (no code)."""
    return group_link(group, "moter")


def upcoming(group: Group) -> QuerySet[Meeting]:
    """Meetings that have not ended, cancelled ones included, soonest first."""
    return _upcoming(group.pk, timezone.now())


def _upcoming(group_id: int, now: datetime) -> QuerySet[Meeting]:
    return Meeting.objects.filter(series__group_id=group_id, ends_at__gt=now).order_by(
        "starts_at", "pk"
    )


# Asked on inside pages: prepared (lib/prepared.py), with the group and the time as arguments.
_next = Prepared(
    lambda group_id, now: _upcoming(group_id, now).filter(cancelled=False)[:1], int, datetime
)
_coming = Prepared(
    lambda group_id, now: _upcoming(group_id, now).select_related("premises", "cancelled_by")[:8],
    int,
    datetime,
)
_series = Prepared(
    lambda group_id: (
        MeetingSeries.objects.filter(group_id=group_id)
        .select_related("premises")
        .order_by("pk")[:1]
    ),
    int,
)


def next_meeting(group: Group) -> Meeting | None:
    found = _next(group.pk, timezone.now())
    return found[0] if found else None


_notices = Prepared(
    lambda group_id, now: Absence.objects.filter(
        meeting__series__group_id=group_id, meeting__ends_at__gt=now
    ).values_list("meeting_id", "user_id", "user__display_name"),
    int,
    datetime,
)


def coming_with_notices(group: Group) -> tuple[list[Meeting], list[tuple[int, int, str]]]:
    """The next eight meetings as `upcoming`, with their rooms and who cancelled them, and who
    said they cannot come to those: (meeting id, person's id, their name) for each notice."""
    now = timezone.now()
    coming = _coming(group.pk, now)
    ids = {meeting.pk for meeting in coming}
    return coming, [notice for notice in _notices(group.pk, now) if notice[0] in ids]


def series_of(group: Group) -> MeetingSeries | None:
    found = _series(group.pk)
    return found[0] if found else None


def held(group: Group) -> QuerySet[Meeting]:
    """Meetings that took place: over and not cancelled, first first."""
    return Meeting.objects.filter(
        series__group=group, cancelled=False, ends_at__lte=timezone.now()
    ).order_by("starts_at")


def early_meetings(group: Group) -> list[Meeting]:
    """The meetings of the start-up that are over, for the initiator to say whether they were
    there: those before the hand-over (all of them while the group starts)."""
    meetings = held(group)
    if group.handed_over_at is not None:
        meetings = meetings.filter(starts_at__lt=group.handed_over_at)
    return list(meetings)


def _on_own() -> Q:
    return Q(
        series__meetings__cancelled=False,
        series__meetings__ends_at__lte=timezone.now(),
        series__meetings__starts_at__gte=F("handed_over_at"),
    )


def _handed_over(**where: object) -> QuerySet[Group]:
    """Groups a contact point's initiator has handed over, not ended, with `on_own`: how many
    meetings each has held on its own."""
    return (
        Group.objects.filter(self_started=False, handed_over_at__isnull=False, **where)
        .exclude(state=GroupState.ENDED)
        .annotate(on_own=Count("series__meetings", filter=_on_own(), distinct=True))
    )


def follow_ups(initiator: User) -> QuerySet[Group]:
    """The groups an initiator from a contact point has handed over, with `on_own`. Only while
    the initiator is staff there today."""
    return (
        _handed_over(initiator=initiator, contact_point__staff__user=initiator)
        .distinct()
        .order_by("title")
    )


def follow_ups_due(initiator: User) -> QuerySet[Group]:
    """The follow-up visits that are due: after the group's third meeting on its own, and not
    done yet."""
    # The stubs cannot see the annotation `follow_ups` adds.
    return follow_ups(initiator).filter(  # type: ignore[misc]
        follow_up_done_at__isnull=True, on_own__gte=FOLLOW_UP_AFTER
    )


def follow_ups_due_at(contact_point_id: int) -> QuerySet[Group]:
    """The contact point's follow-up visits that are due, whoever the initiator is (with them)."""
    # The stubs cannot see the annotation `_handed_over` adds.
    return (
        _handed_over(contact_point_id=contact_point_id, follow_up_done_at__isnull=True)
        .filter(on_own__gte=FOLLOW_UP_AFTER)  # type: ignore[misc]
        .select_related("initiator")
        .order_by("title")
    )


def room_bookings(contact_point_id: int, *, start: datetime, end: datetime) -> QuerySet[Meeting]:
    """The meetings booked in the contact point's rooms between two moments."""
    return (
        Meeting.objects.filter(
            premises__contact_point_id=contact_point_id,
            cancelled=False,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("premises")
        .order_by("premises__name", "starts_at")
    )


def meetings_on_own(group: Group) -> int:
    if group.handed_over_at is None:
        return 0
    return held(group).filter(starts_at__gte=group.handed_over_at).count()


def room_conflicts(
    *, premises: Premises, times: list[tuple[datetime, datetime]], exclude_series: int | None
) -> list[tuple[datetime, datetime]]:
    """The given times at which the room is already taken by another series' meeting."""
    if not times:
        return []
    others = Meeting.objects.filter(premises=premises, cancelled=False)
    if exclude_series is not None:
        others = others.exclude(series_id=exclude_series)
    span_start = min(start for start, _ in times)
    span_end = max(end for _, end in times)
    taken = list(
        others.filter(starts_at__lt=span_end, ends_at__gt=span_start).values_list(
            "starts_at", "ends_at"
        )
    )
    return sorted(
        {
            (start, end)
            for start, end in taken
            for mine_start, mine_end in times
            if start < mine_end and end > mine_start
        }
    )


@dataclass(frozen=True)
class FeedFile:
    body: bytes
    # When anything the file shows last changed; None for an empty calendar.
    last_modified: datetime | None


# A built calendar file is kept this long under its digest (`feed_calendar_kept`).
FEED_KEPT_SECONDS = 24 * 60 * 60

CALENDAR_FIELDS = (
    "series_id",
    "original_start",
    "starts_at",
    "ends_at",
    "cancelled",
    "moved",
    "sequence",
    "changed_at",
)


def _occurrence(meeting: Meeting) -> Occurrence:
    return Occurrence(
        original_start=meeting.original_start,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        cancelled=meeting.cancelled,
        moved=meeting.moved,
        sequence=meeting.sequence,
        changed_at=meeting.changed_at,
    )


def series_feed(
    series: MeetingSeries, *, summary: str, meetings: Iterable[Meeting] = ()
) -> SeriesFeed:
    """A series as the calendar files show it. A group that ended shows no meeting after its
    end, and a paused or ended group's rule stops at its last meeting."""
    group = series.group
    if group.ended_at is not None:
        meetings = [m for m in meetings if m.starts_at <= group.ended_at]
    return SeriesFeed(
        uid=str(series.uid),
        summary=summary,
        rule=series.rule,
        length=series.length,
        url=meetings_url(group),
        meetings=tuple(_occurrence(meeting) for meeting in meetings),
        sequence=series.sequence,
        changed_at=max(filter(None, [series.updated_at, group.ended_at])),
        active=group.state not in (GroupState.PAUSED, GroupState.ENDED),
    )


def meeting_file(meeting: Meeting, *, summary: str) -> bytes:
    """One meeting as a calendar file, with the UID the feed gives it."""
    return single_meeting(series_feed(meeting.series, summary=summary), _occurrence(meeting))


_feed_by_token = Prepared(
    lambda token: CalendarFeed.objects.filter(token=token, user__is_active=True).values_list(
        "id", "user_id", "token", "created_at", "user__language"
    ),
    str,
)


def feed_by_token(token: str) -> tuple[CalendarFeed, str] | None:
    """The feed with this secret address, if its person is active, and their language: one
    prepared query (lib/prepared.py), as calendar apps ask often."""
    found = _feed_by_token(token)
    if not found:
        return None
    *values, language = found[0]
    names = ["id", "user_id", "token", "created_at"]
    feed = CalendarFeed.from_db(router.db_for_read(CalendarFeed), names, values)
    return feed, language or ""


def feed_stamp(feed: CalendarFeed, *, summary: str) -> str:
    """A digest of everything `feed_calendar` draws the file from, read in one query without
    building it: the series (every field of their rule, their group's state and end), the
    meetings in each (how many, and the newest change: every change to a meeting raises its
    sequence and its change time), and the person's joining and leaving. Equal digests, equal
    files (a calendar without series is empty whatever else changes).

    Calendar apps ask for it every few minutes, so it is one plain query (`_stamp_sql`), not
    an ORM query with six subqueries that takes longer to write than to run."""
    with connection.cursor() as cursor:
        user = feed.user_id
        cursor.execute(_stamp_sql(), [user, user, user, MembershipState.MEMBER])
        series = cursor.fetchall()
    where = (settings.SITE_URL, translation.get_language())
    inputs = repr((feed.pk, feed.created_at, summary, where, series))
    return hashlib.sha256(inputs.encode()).hexdigest()[:32]


@cache_function
def _stamp_sql() -> str:
    q = connection.ops.quote_name
    series, meeting = MeetingSeries._meta.db_table, Meeting._meta.db_table
    group, membership = Group._meta.db_table, Membership._meta.db_table
    rule = ", ".join(
        f"s.{q(name)}"
        for name in (
            "id",
            "uid",
            "start_date",
            "start_time",
            "weekdays",
            "interval",
            "length_minutes",
            "sequence",
            "updated_at",
        )
    )
    # Only our own tables and columns, quoted, go into the text; values go as parameters.
    return f"""
        SELECT {rule}, g.{q("state")}, g.{q("ended_at")}, g.{q("link_key")},
            COUNT(m.{q("id")}), MAX(m.{q("id")}), MAX(m.{q("changed_at")}), SUM(m.{q("sequence")}),
            (SELECT MAX(j.{q("joined_at")}) FROM {q(membership)} j WHERE j.{q("user_id")} = %s),
            (SELECT MAX(j.{q("left_at")}) FROM {q(membership)} j WHERE j.{q("user_id")} = %s)
        FROM {q(series)} s
        JOIN {q(group)} g ON g.{q("id")} = s.{q("group_id")}
        JOIN {q(membership)} mine ON mine.{q("group_id")} = g.{q("id")}
        LEFT JOIN {q(meeting)} m ON m.{q("series_id")} = s.{q("id")}
        WHERE mine.{q("user_id")} = %s AND mine.{q("state")} = %s
        GROUP BY {rule}, g.{q("state")}, g.{q("ended_at")}, g.{q("link_key")}
        ORDER BY s.{q("id")}
    """  # noqa: S608


def feed_calendar_kept(feed: CalendarFeed, *, stamp: str, summary: str) -> FeedFile:
    """The feed's file, kept in the cache under its digest (`feed_stamp`), so that an unchanged
    calendar is built once, however often calendar apps ask."""
    key = f"calendar-feed:{stamp}"
    kept = cache.get(key)
    if not isinstance(kept, FeedFile):
        kept = feed_calendar(feed, summary=summary)
        cache.set(key, kept, FEED_KEPT_SECONDS)
    return kept


def feed_calendar(feed: CalendarFeed, *, summary: str) -> FeedFile:
    """The person's calendar: the meetings of the groups they are a member of today."""
    series_list = list(
        MeetingSeries.objects.filter(
            group__memberships__user_id=feed.user_id,
            group__memberships__state=MembershipState.MEMBER,
        ).select_related("group")
    )
    by_series: dict[int, list[Meeting]] = {series.pk: [] for series in series_list}
    meetings = Meeting.objects.filter(series__in=series_list).only(*CALENDAR_FIELDS)
    for meeting in meetings.order_by("original_start"):
        by_series[meeting.series_id].append(meeting)
    feeds = [
        series_feed(series, summary=summary, meetings=by_series[series.pk])
        for series in series_list
    ]
    # Joining or leaving a group changes the file too, as does a new address.
    joined_or_left = Membership.objects.filter(user_id=feed.user_id).aggregate(
        joined=Max("joined_at"), left=Max("left_at")
    )
    moments = [
        feed.created_at,
        *joined_or_left.values(),
        *(each.changed_at for each in feeds),
        *(meeting.changed_at for each in feeds for meeting in each.meetings),
    ]
    return FeedFile(
        body=series_calendar(feeds, name=summary),
        last_modified=max(moment for moment in moments if moment is not None),
    )


def groups_met_before(moment: datetime) -> QuerySet[Group]:
    """Groups that have held a meeting (one not cancelled, over) by the given moment."""
    return Group.objects.filter(
        series__meetings__cancelled=False, series__meetings__ends_at__lte=moment
    )
