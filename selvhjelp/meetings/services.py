"""Meeting series and their meetings: generation ahead from the rule, exceptions, notices of
absence and of leaving, room bookings without overlaps, reminders and calendar feeds."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group, Membership
from selvhjelp.groups.selectors import member_ids, member_users
from selvhjelp.groups.services import NotAllowed, NotYet
from selvhjelp.groups.services.handover import group_mark
from selvhjelp.groups.services.membership import membership_leave
from selvhjelp.lib.recurrence import OSLO, WeeklyRule, as_utc, first_meeting, occurrences
from selvhjelp.meetings.models import (
    Absence,
    CalendarFeed,
    LeavingNotice,
    Meeting,
    MeetingSeries,
    PlaceKind,
    Premises,
    earliest_first_meeting,
    in_reach,
    latest_start,
)
from selvhjelp.meetings.selectors import meetings_url, room_conflicts, series_of
from selvhjelp.notifications.kinds import GROUP_NEWS, MEETING_REMINDER
from selvhjelp.notifications.services import Notice, notify_many
from selvhjelp.pages.dates import DAY_TIME, written

AHEAD = timedelta(weeks=12)


class RoomTaken(Exception):
    """The room is booked by someone else at these times (who is never said)."""

    def __init__(self, times: list[tuple[datetime, datetime]]) -> None:
        super().__init__("room taken")
        self.times = times


class TooLate(Exception):
    """The meeting has ended."""


class Cancelled(Exception):
    """The meeting is cancelled: it is neither cancelled again nor moved."""


class OutOfRange(Exception):
    """The new start has passed, or is more than 18 months ahead; or a series' new first
    meeting is more than 12 months back."""


@dataclass(frozen=True)
class Generated:
    created: int
    removed: int


def _when(moment: datetime, language: str) -> str:
    with translation.override(language):
        return written(moment.astimezone(OSLO), DAY_TIME)


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
        ends_at = meeting.starts_at + series.length
        premises_id = series.premises_id if series.place_kind == PlaceKind.ROOM else None
        if meeting.moved or (meeting.ends_at, meeting.premises_id) == (ends_at, premises_id):
            continue
        fields = ["premises"]
        if meeting.ends_at != ends_at:
            # A calendar shows the new end: it is a change of the meeting.
            meeting.sequence += 1
            meeting.changed_at = timezone.now()
            fields += ["ends_at", "sequence", "changed_at"]
        meeting.ends_at = ends_at
        meeting.premises_id = premises_id
        meeting.save(update_fields=fields)
    gone = [existing[start] for start in existing.keys() - wanted]
    url = meetings_url(series.group) if gone else ""
    for meeting in gone:
        notify_many(
            kind=GROUP_NEWS.name,
            notices=[
                Notice(
                    recipient=absence.user,
                    dedupe_key=f"absence-gone:{meeting.code}:{absence.user_id}",
                    context={"group_url": url},
                )
                for absence in meeting.absences.select_related("user")
            ],
        )
        meeting.delete()
    return Generated(created=created, removed=len(gone))


def series_set(
    *,
    group: Group,
    start_date: date,
    start_time: time,
    weekdays: list[int],
    interval: int,
    length_minutes: int,
    place_kind: str,
    premises: Premises | None,
    place_details: str,
    by_decision: bool = False,
) -> MeetingSeries:
    """Set (or change) the group's meeting series and regenerate its meetings.

    While the group starts, its initiator and members set it freely; once it governs itself, a
    change is a joint decision. A booked room is locked while its times are checked, so two
    series can never take the same room at overlapping times, also when set at the same moment.
    The first date is at most 18 months ahead and at most 12 months back (unless it is the
    series' first meeting as it stands), and it is the first meeting: a date that is not one of
    the weekdays moves to the first one that is (see `lib/recurrence.py`).
    """
    if group.is_self_governed and not by_decision:
        raise NotAllowed
    now = timezone.now()
    if start_date > latest_start(now).date():
        raise OutOfRange
    if start_date < earliest_first_meeting(now):
        current = series_of(group)
        if current is None or start_date != current.start_date:
            raise OutOfRange
    rule = WeeklyRule(
        start_date=start_date,
        start_time=start_time,
        weekdays=tuple(sorted(set(weekdays))),
        interval=interval,
    )
    start_date = first_meeting(rule) or start_date
    with transaction.atomic():
        if premises is not None:
            Premises.objects.select_for_update().filter(pk=premises.pk).first()
        timing = {
            "start_date": start_date,
            "start_time": start_time,
            "weekdays": list(rule.weekdays),
            "interval": interval,
            "length_minutes": length_minutes,
        }
        series, created = MeetingSeries.objects.select_for_update().get_or_create(
            group=group, defaults=timing
        )
        if not created and any(getattr(series, name) != value for name, value in timing.items()):
            series.sequence += 1
        for name, value in timing.items():
            setattr(series, name, value)
        series.place_kind = place_kind
        series.premises = premises if place_kind == PlaceKind.ROOM else None
        series.place_details = place_details
        series.save()
        # The directory's "day" is the series' (its first weekday), so it can never say
        # Wednesday of a group that meets on Thursdays.
        group.weekday = series.weekdays[0]
        Group.objects.filter(pk=group.pk).update(weekday=group.weekday)
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


def series_stop(*, group: Group) -> None:
    """A group that pauses or ends holds no more meetings: its coming ones go, and its
    calendar's rule stops at the last meeting it held."""
    with transaction.atomic():
        series = MeetingSeries.objects.select_for_update().filter(group=group).first()
        if series is None:
            return
        Meeting.objects.filter(series=series, starts_at__gt=timezone.now()).delete()
        series.sequence += 1
        series.save(update_fields=["sequence", "updated_at"])


def series_resume(*, group: Group) -> None:
    """A group that takes up its meetings again gets them made at once."""
    series = MeetingSeries.objects.filter(group=group).first()
    if series is not None:
        with transaction.atomic():
            series.sequence += 1
            series.save(update_fields=["sequence", "updated_at"])
            meetings_generate(series)


def series_generate_all() -> int:
    """The periodic job: keep every active series 12 weeks ahead."""
    created = 0
    for series in MeetingSeries.objects.exclude(group__state__in=["ended", "paused"]):
        with transaction.atomic():
            created += meetings_generate(series).created
    return created


def _locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked for the change and read afresh."""
    return Meeting.objects.select_for_update().select_related("series__group").get(pk=meeting.pk)


def meeting_cancel(*, meeting: Meeting, by: User, message: str) -> Meeting:
    """Any member may cancel one coming meeting (a room can close at short notice), also in a
    group that governs itself; the others are told, and see who cancelled it."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.is_over:
            raise TooLate
        if meeting.cancelled:
            raise Cancelled
        meeting.cancelled = True
        meeting.cancelled_by = by
        meeting.message = message[:300]
        _changed(meeting)
        meeting.save(
            update_fields=["cancelled", "cancelled_by", "message", "sequence", "changed_at"]
        )
        # The series' event lists the date as an exception now: a change of that event too.
        MeetingSeries.objects.filter(pk=meeting.series_id).update(sequence=F("sequence") + 1)
        # Who cancelled shows on the group's pages, not in the email: a stored message would
        # keep the name after that person's account is gone.
        _tell_members(meeting.series.group, event=f"cancelled:{meeting.code}", but=by)
    return meeting


def _changed(meeting: Meeting) -> None:
    """A change calendars show: the meeting's SEQUENCE goes up."""
    meeting.sequence += 1
    meeting.changed_at = timezone.now()


def _tell_members(group: Group, *, event: str, but: User | None = None) -> None:
    """Tell every member (but the one who made the change) that something changed."""
    url = meetings_url(group)
    notify_many(
        kind=GROUP_NEWS.name,
        notices=[
            Notice(recipient=member, dedupe_key=f"{event}:{member.pk}", context={"group_url": url})
            for member in member_users(group)
            if but is None or member.pk != but.pk
        ],
    )


def meeting_move(
    *,
    meeting: Meeting,
    starts_at: datetime,
    premises: Premises | None,
    place_details: str,
    message: str,
    by_decision: bool = False,
) -> Meeting:
    """Move one coming meeting to a new time or place; a room that is taken is refused.

    While the group starts, its initiator and members move a meeting directly; once it governs
    itself, a move is a joint decision. The new start is still to come and at most 18 months
    ahead, so no change reaches the past and no date runs off the calendar.
    """
    with transaction.atomic():
        meeting = _locked(meeting)
        group = meeting.series.group
        if group.is_self_governed and not by_decision:
            raise NotAllowed
        if meeting.is_over:
            raise TooLate
        if meeting.cancelled:
            raise Cancelled
        if not in_reach(starts_at, now=timezone.now()):
            raise OutOfRange
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
        _changed(meeting)
        meeting.save()
        _tell_members(group, event=f"moved:{meeting.code}:{int(starts_at.timestamp())}")
    return meeting


def absence_give(*, meeting: Meeting, user: User) -> Absence:
    if meeting.is_over:
        raise TooLate
    absence, _ = Absence.objects.get_or_create(meeting=meeting, user=user)
    return absence


def absence_withdraw(*, meeting: Meeting, user: User) -> None:
    if meeting.is_over:
        raise TooLate
    Absence.objects.filter(meeting=meeting, user=user).delete()


def first_meeting_mark(*, group: Group) -> None:
    """The initiator marks the first meeting as held. With meetings in the plan, one of them
    must be over first (`NotYet`): the checklist never says a meeting took place before it
    could have. A group without members has not met (`NotAllowed`)."""
    if not member_ids(group):
        raise NotAllowed
    planned = Meeting.objects.filter(series__group=group, cancelled=False)
    if planned.exists() and not planned.filter(ends_at__lte=timezone.now()).exists():
        raise NotYet
    group_mark(group=group, step="first_meeting")


def initiator_attendance_set(*, meeting: Meeting, by: User, attended: bool) -> Meeting:
    """The initiator records whether they were at one of the early meetings: only their own
    group's, only while it starts, and only once the meeting is over."""
    meeting = Meeting.objects.select_related("series__group").get(pk=meeting.pk)
    group = meeting.series.group
    if group.initiator_id != by.pk or group.is_self_governed:
        raise NotAllowed
    if meeting.cancelled:
        raise Cancelled
    if not meeting.is_over:
        raise NotYet
    meeting.initiator_attended = attended
    meeting.save(update_fields=["initiator_attended"])
    return meeting


def leaving_notice_give(*, membership: Membership, last_meeting: Meeting | None) -> None:
    """ "I want to stop": at once, or after the chosen last meeting. The group is told."""
    with transaction.atomic():
        if last_meeting is None:
            membership_leave(group=membership.group, user=membership.user)
        else:
            LeavingNotice.objects.update_or_create(
                membership=membership, defaults={"last_meeting": last_meeting}
            )
        _tell_members(membership.group, event=f"leaving:{membership.pk}", but=membership.user)


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
        url = meetings_url(meeting.series.group)
        sent += notify_many(
            kind=MEETING_REMINDER.name,
            notices=[
                Notice(
                    recipient=member,
                    dedupe_key=f"reminder:{meeting.code}:{member.pk}",
                    context={
                        "starts_at": _when(meeting.starts_at, member.language),
                        "meeting_url": url,
                    },
                )
                for member in member_users(meeting.series.group)
                if member.pk not in absent
            ],
        )
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


# --- Retention (parts of the jobs in background/retention.py) -----------------------------


def group_meetings_erase(*, group: Group) -> int:
    """An ended group's meetings keep their times and nothing personal: notices of absence go,
    and so do who cancelled, the messages and the place details (a home, a private video room
    or a phone number). Returns how many meetings the group held before it ended."""
    meetings = Meeting.objects.filter(series__group=group)
    Absence.objects.filter(meeting__in=meetings).delete()
    meetings.update(cancelled_by=None, message="", place_details="")
    MeetingSeries.objects.filter(group=group).update(place_details="")
    held = meetings.filter(cancelled=False)
    if group.ended_at is not None:
        held = held.filter(ends_at__lte=group.ended_at)
    return held.count()


def member_traces_erase(*, group: Group, user: User) -> None:
    """A former member's notices of absence in the group's meetings, and their name on the
    meetings they cancelled, go with their membership."""
    meetings = Meeting.objects.filter(series__group=group)
    Absence.objects.filter(meeting__in=meetings, user=user).delete()
    meetings.filter(cancelled_by=user).update(cancelled_by=None)
