"""Meeting series and their meetings: generation ahead from the rule, exceptions, notices of
absence and of leaving, room bookings without overlaps, reminders and calendar feeds."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.groups.starting import membership_leave
from selvhjelp.lib.ics import Occurrence, SeriesFeed, series_calendar
from selvhjelp.lib.recurrence import OSLO, as_utc, occurrences
from selvhjelp.meetings.models import (
    Absence,
    CalendarFeed,
    LeavingNotice,
    Meeting,
    MeetingSeries,
    PlaceKind,
    Premises,
)
from selvhjelp.notifications.kinds import GROUP_NEWS, MEETING_REMINDER
from selvhjelp.notifications.services import notify

AHEAD = timedelta(weeks=12)


class RoomTaken(Exception):
    """The room is booked by someone else at these times (who is never said)."""

    def __init__(self, times: list[tuple[datetime, datetime]]) -> None:
        super().__init__("room taken")
        self.times = times


class TooLate(Exception):
    """The meeting has ended."""


@dataclass(frozen=True)
class Generated:
    created: int
    removed: int


def _members(group: Group) -> list[User]:
    return list(
        User.objects.filter(
            memberships__group=group, memberships__state=MembershipState.MEMBER
        ).order_by("pk")
    )


def _group_url(group: Group) -> str:
    return settings.SITE_URL + reverse("meetings:list", kwargs={"code": group.code})


def _when(moment: datetime, language: str) -> str:
    with translation.override(language):
        local = moment.astimezone(OSLO)
        return formats.date_format(local, "l j. F H:i")


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


def meetings_generate(series: MeetingSeries, *, now: datetime | None = None) -> Generated:
    """Create the meetings of the coming 12 weeks from the rule, and remove future ones the
    rule no longer has. Notices and exceptions on dates that still exist are kept; people whose
    notice fell away are told."""
    now = now or timezone.now()
    wanted = {as_utc(start) for start in occurrences(series.rule, after=now, before=now + AHEAD)}
    existing = {
        meeting.original_start: meeting
        for meeting in Meeting.objects.filter(series=series, original_start__gte=now)
    }
    created = 0
    for start in sorted(wanted - existing.keys()):
        Meeting.objects.create(
            series=series,
            original_start=start,
            starts_at=start,
            ends_at=start + series.length,
            premises=series.premises if series.place_kind == PlaceKind.ROOM else None,
        )
        created += 1
    # Meetings that keep their date follow a new length or room, unless moved by hand.
    for start in wanted & existing.keys():
        meeting = existing[start]
        if not meeting.moved:
            meeting.ends_at = meeting.starts_at + series.length
            meeting.premises = series.premises if series.place_kind == PlaceKind.ROOM else None
            meeting.save(update_fields=["ends_at", "premises"])
    gone = [existing[start] for start in existing.keys() - wanted]
    for meeting in gone:
        for absence in meeting.absences.select_related("user"):
            notify(
                recipient=absence.user,
                kind=GROUP_NEWS.name,
                dedupe_key=f"absence-gone:{meeting.code}:{absence.user_id}",
                context={"group_url": _group_url(series.group)},
            )
        meeting.delete()
    return Generated(created=created, removed=len(gone))


def series_set(
    *,
    group: Group,
    start_date: object,
    start_time: time,
    weekdays: list[int],
    interval: int,
    length_minutes: int,
    place_kind: str,
    premises: Premises | None,
    place_details: str,
) -> MeetingSeries:
    """Set (or change) the group's meeting series and regenerate its meetings.

    A booked room is locked while its times are checked, so two series can never take the
    same room at overlapping times, also when they are set at the same moment.
    """
    with transaction.atomic():
        if premises is not None:
            Premises.objects.select_for_update().filter(pk=premises.pk).first()
        series, _ = MeetingSeries.objects.update_or_create(
            group=group,
            defaults={
                "start_date": start_date,
                "start_time": start_time,
                "weekdays": sorted(set(weekdays)),
                "interval": interval,
                "length_minutes": length_minutes,
                "place_kind": place_kind,
                "premises": premises if place_kind == PlaceKind.ROOM else None,
                "place_details": place_details,
            },
        )
        meetings_generate(series)
        if series.premises is not None:
            mine = list(
                Meeting.objects.filter(series=series, cancelled=False).values_list(
                    "starts_at", "ends_at"
                )
            )
            taken = room_conflicts(premises=series.premises, times=mine, exclude_series=series.pk)
            if taken:
                transaction.set_rollback(True)
                raise RoomTaken(taken)
    return series


def series_generate_all() -> int:
    """The periodic job: keep every active series 12 weeks ahead."""
    created = 0
    for series in MeetingSeries.objects.exclude(group__state__in=["ended", "paused"]):
        with transaction.atomic():
            created += meetings_generate(series).created
    return created


def meeting_cancel(*, meeting: Meeting, message: str) -> Meeting:
    with transaction.atomic():
        meeting.cancelled = True
        meeting.message = message[:300]
        meeting.save(update_fields=["cancelled", "message"])
        for member in _members(meeting.series.group):
            notify(
                recipient=member,
                kind=GROUP_NEWS.name,
                dedupe_key=f"cancelled:{meeting.code}:{member.pk}",
                context={"group_url": _group_url(meeting.series.group)},
            )
    return meeting


def meeting_move(
    *,
    meeting: Meeting,
    starts_at: datetime,
    premises: Premises | None,
    place_details: str,
    message: str,
) -> Meeting:
    """Move one meeting to a new time or place; a room that is taken is refused."""
    with transaction.atomic():
        ends_at = starts_at + (meeting.ends_at - meeting.starts_at)
        if premises is not None:
            Premises.objects.select_for_update().filter(pk=premises.pk).first()
            others = Meeting.objects.filter(
                premises=premises, cancelled=False, starts_at__lt=ends_at, ends_at__gt=starts_at
            ).exclude(pk=meeting.pk)
            taken = list(others.values_list("starts_at", "ends_at"))
            if taken:
                raise RoomTaken(taken)
        meeting.starts_at = starts_at
        meeting.ends_at = ends_at
        meeting.premises = premises
        meeting.place_details = place_details
        meeting.message = message[:300]
        meeting.moved = True
        meeting.save()
        for member in _members(meeting.series.group):
            notify(
                recipient=member,
                kind=GROUP_NEWS.name,
                dedupe_key=f"moved:{meeting.code}:{starts_at:%s}:{member.pk}",
                context={"group_url": _group_url(meeting.series.group)},
            )
    return meeting


def absence_give(*, meeting: Meeting, user: User) -> Absence:
    if meeting.ends_at <= timezone.now():
        raise TooLate
    absence, _ = Absence.objects.get_or_create(meeting=meeting, user=user)
    return absence


def absence_withdraw(*, meeting: Meeting, user: User) -> None:
    if meeting.ends_at <= timezone.now():
        raise TooLate
    Absence.objects.filter(meeting=meeting, user=user).delete()


def leaving_notice_give(*, membership: Membership, last_meeting: Meeting | None) -> None:
    """ "I want to stop": at once, or after the chosen last meeting. The group is told."""
    with transaction.atomic():
        if last_meeting is None:
            membership_leave(group=membership.group, user=membership.user)
        else:
            LeavingNotice.objects.update_or_create(
                membership=membership, defaults={"last_meeting": last_meeting}
            )
        for member in _members(membership.group):
            if member.pk != membership.user_id:
                notify(
                    recipient=member,
                    kind=GROUP_NEWS.name,
                    dedupe_key=f"leaving:{membership.pk}:{member.pk}",
                    context={"group_url": _group_url(membership.group)},
                )


def leaving_complete() -> int:
    """The periodic job: end memberships whose chosen last meeting is over."""
    due = LeavingNotice.objects.filter(
        Q(last_meeting__ends_at__lte=timezone.now()) | Q(last_meeting__isnull=True)
    ).select_related("membership__group", "membership__user")
    ended = 0
    for notice in due:
        membership_leave(group=notice.membership.group, user=notice.membership.user)
        notice.delete()
        ended += 1
    return ended


def reminders_send() -> int:
    """The periodic job: remind members the day before a meeting (those who want it)."""
    today = timezone.localdate()
    tomorrow = datetime.combine(today + timedelta(days=1), time.min, tzinfo=OSLO)
    meetings = Meeting.objects.filter(
        cancelled=False, starts_at__gte=tomorrow, starts_at__lt=tomorrow + timedelta(days=1)
    ).select_related("series__group")
    sent = 0
    for meeting in meetings:
        absent = set(meeting.absences.values_list("user_id", flat=True))
        for member in _members(meeting.series.group):
            if member.pk in absent:
                continue
            message = notify(
                recipient=member,
                kind=MEETING_REMINDER.name,
                dedupe_key=f"reminder:{meeting.code}:{member.pk}",
                context={
                    "starts_at": _when(meeting.starts_at, member.language),
                    "meeting_url": _group_url(meeting.series.group),
                },
            )
            sent += message is not None
    return sent


# --- Calendar feeds -----------------------------------------------------------------------


def feed_for(user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def feed_renew(*, user: User) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    feed = feed_for(user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created_at"])
    return feed


def feed_calendar(user: User, *, summary: str) -> bytes:
    series_list = MeetingSeries.objects.filter(
        group__memberships__user=user, group__memberships__state=MembershipState.MEMBER
    ).select_related("group")
    exceptions: dict[int, list[Occurrence]] = {}
    changed = Meeting.objects.filter(series__in=series_list).filter(
        Q(cancelled=True) | Q(moved=True)
    )
    for meeting in changed:
        exceptions.setdefault(meeting.series_id, []).append(
            Occurrence(
                original_start=meeting.original_start,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                cancelled=meeting.cancelled,
                moved=meeting.moved,
            )
        )
    feeds = [
        SeriesFeed(
            uid=f"{series.uid}@selvhjelp",
            summary=summary,
            rule=series.rule,
            length=series.length,
            url=_group_url(series.group),
            exceptions=tuple(exceptions.get(series.pk, ())),
        )
        for series in series_list
    ]
    return series_calendar(feeds, name=summary, stamp=timezone.now())
