"""Reads about meetings that pages and other apps share: what comes next, which times a room
is taken, and a person's calendar feed."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import FOLLOW_UP_AFTER, Group, GroupState, MembershipState
from selvhjelp.lib.ics import Occurrence, SeriesFeed, series_calendar
from selvhjelp.meetings.models import Meeting, MeetingSeries, Premises


def meetings_url(group: Group) -> str:
    """The group's meetings page as a full address, for messages."""
    return settings.SITE_URL + reverse("meetings:list", kwargs={"code": group.code})


def upcoming(group: Group) -> QuerySet[Meeting]:
    """Meetings that have not ended, cancelled ones included, soonest first."""
    return Meeting.objects.filter(series__group=group, ends_at__gt=timezone.now()).order_by(
        "starts_at"
    )


def next_meeting(group: Group) -> Meeting | None:
    return upcoming(group).filter(cancelled=False).first()


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


def follow_ups(initiator: User) -> QuerySet[Group]:
    """The groups an initiator from a contact point has handed over, with `on_own`: how many
    meetings each has held on its own. Only while the initiator is staff there today."""
    return (
        Group.objects.filter(
            initiator=initiator,
            self_started=False,
            handed_over_at__isnull=False,
            contact_point__staff__user=initiator,
        )
        .exclude(state=GroupState.ENDED)
        .annotate(on_own=Count("series__meetings", filter=_on_own(), distinct=True))
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
            url=meetings_url(series.group),
            exceptions=tuple(exceptions.get(series.pk, ())),
        )
        for series in series_list
    ]
    return series_calendar(feeds, name=summary, stamp=timezone.now())


def groups_met_before(moment: datetime) -> QuerySet[Group]:
    """Groups that have held a meeting (one not cancelled, over) by the given moment."""
    return Group.objects.filter(
        series__meetings__cancelled=False, series__meetings__ends_at__lte=moment
    )
