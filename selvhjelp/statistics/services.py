"""Keeping the groups' statistics records (`GroupRecord`) up to date from the live data.

A periodic job (hourly) and the retention job, just before it erases an ended group's personal
data, call `group_records_refresh`. A milestone is written once, the first time it is seen: the
start (first meeting held: marked by the initiator, or the first meeting that has ended, or the
hand-over), the hand-over and the end, each with the number of members at that moment. The
counters (meetings held, meetings with notice, reflections and self-evaluations answered) take
the larger of what they held and what the live data says, so that erasure never lowers them.
Running it twice, or on two workers, changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from selvhjelp.groups.models import Group, GroupState, Membership, MembershipState
from selvhjelp.interest.models import Pool
from selvhjelp.meetings.models import Meeting
from selvhjelp.reflection.models import Evaluation, Reflection
from selvhjelp.statistics.models import GroupRecord

# The follow-up visit belongs after the group's third meeting on its own and before its sixth.
FOLLOW_UP_AFTER = 3
FOLLOW_UP_BEFORE = 6


def _count(queryset: QuerySet[Any], field: str, *, total: str | None = None) -> Subquery:
    """A correlated count (or sum of `total`) per group, so that annotations do not multiply."""
    aggregate = Sum(total) if total else Count("pk")
    return Subquery(
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=aggregate)
        .values("n"),
        output_field=IntegerField(),
    )


def _live(groups: QuerySet[Group], now: datetime) -> QuerySet[Group]:
    # Held: over, not cancelled, and (for an ended group) before its end.
    held = Meeting.objects.filter(cancelled=False, ends_at__lte=now).filter(
        Q(series__group__ended_at__isnull=True) | Q(ends_at__lte=F("series__group__ended_at"))
    )
    return groups.annotate(
        members=Coalesce(
            _count(Membership.objects.filter(state=MembershipState.MEMBER), "group"), 0
        ),
        first_held=Subquery(
            held.filter(series__group=OuterRef("pk"))
            .order_by()
            .values("series__group")
            .annotate(first=Min("starts_at"))
            .values("first")
        ),
        held_count=Coalesce(_count(held, "series__group"), 0),
        noticed=Coalesce(
            _count(held.filter(absences__isnull=False).distinct(), "series__group"), 0
        ),
        reflected=Coalesce(
            _count(Reflection.objects.all(), "meeting__series__group", total="answers"), 0
        ),
        evaluated=Coalesce(_count(Evaluation.objects.all(), "group", total="answers"), 0),
    ).prefetch_related("themes")


def _day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _started(group: Any) -> date | None:
    moments = [m for m in (group.first_meeting_held_at, group.first_held) if m]
    if not moments and group.handed_over_at:
        moments = [group.handed_over_at]
    return _day(min(moments)) if moments else None


def _pool_reached(group: Group) -> date | None:
    if group.contact_point_id is None:
        return None
    reached = Pool.objects.filter(
        contact_point_id=group.contact_point_id,
        municipality_id=group.municipality_id,
        theme__in=group.themes.all(),
        reached_at__lte=group.created_at,
    ).aggregate(last=Max("reached_at"))["last"]
    return _day(reached)


def _follow_up_in_window(group: Group, *, handed_over: datetime, done: datetime) -> bool:
    """Whether the visit came after the third meeting on the group's own and before the sixth."""
    starts = list(
        Meeting.objects.filter(series__group=group, cancelled=False, starts_at__gte=handed_over)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")[:FOLLOW_UP_BEFORE]
    )
    if len(starts) < FOLLOW_UP_AFTER or done < starts[FOLLOW_UP_AFTER - 1][1]:
        return False
    return len(starts) < FOLLOW_UP_BEFORE or done < starts[-1][0]


def _update(record: GroupRecord, group: Any, today: date) -> None:
    record.contact_point_id = group.contact_point_id
    record.municipality_id = group.municipality_id
    record.format = group.format
    record.state = group.state
    started = _started(group)
    if record.started_on is None and started is not None:
        record.started_on = started
        record.members_at_start = group.members
    if record.handed_over_on is None and group.handed_over_at is not None:
        record.handed_over_on = _day(group.handed_over_at)
        record.members_at_handover = group.members
    if record.ended_on is None and group.state == GroupState.ENDED:
        record.ended_on = _day(group.ended_at) or today
        record.members_at_end = group.members
    if group.state == GroupState.PAUSED:
        record.paused_since = record.paused_since or today
    else:
        record.paused_since = None
    record.meetings_held = max(record.meetings_held, group.held_count)
    record.meetings_with_notice = max(record.meetings_with_notice, group.noticed)
    record.reflections_answered = max(record.reflections_answered, group.reflected)
    record.evaluations_answered = max(record.evaluations_answered, group.evaluated)
    if (
        record.follow_up_in_window is None
        and group.follow_up_done_at is not None
        and group.handed_over_at is not None
    ):
        record.follow_up_in_window = _follow_up_in_window(
            group, handed_over=group.handed_over_at, done=group.follow_up_done_at
        )


FIELDS = [
    "contact_point",
    "municipality",
    "format",
    "state",
    "started_on",
    "members_at_start",
    "handed_over_on",
    "members_at_handover",
    "ended_on",
    "members_at_end",
    "paused_since",
    "meetings_held",
    "meetings_with_notice",
    "reflections_answered",
    "evaluations_answered",
    "follow_up_in_window",
]


def _snapshot(record: GroupRecord) -> list[object]:
    attnames = {field.name: field.attname for field in GroupRecord._meta.concrete_fields}
    return [getattr(record, attnames[name]) for name in FIELDS]


def group_records_refresh(
    *, groups: Iterable[Group] | None = None, now: datetime | None = None
) -> int:
    """Bring the records of the given groups (by default every group whose personal data is
    still there, or that has no record yet) up to date; returns how many records changed."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if groups is None:
        recorded = GroupRecord.objects.filter(group__isnull=False).values("group")
        chosen = Group.objects.filter(Q(personal_data_erased_at__isnull=True) | ~Q(pk__in=recorded))
    else:
        chosen = Group.objects.filter(pk__in=[g.pk for g in groups])
    changed = 0
    with transaction.atomic():
        live = list(_live(chosen.order_by("pk"), now))
        records = {
            r.group_id: r
            for r in GroupRecord.objects.select_for_update().filter(group__in=[g.pk for g in live])
        }
        dirty = []
        for group in live:
            record = records.get(group.pk)
            if record is None:
                record = GroupRecord.objects.create(
                    group=group,
                    contact_point_id=group.contact_point_id,
                    municipality_id=group.municipality_id,
                    format=group.format,
                    state=group.state,
                    created_on=_day(group.created_at) or today,
                    pool_reached_on=_pool_reached(group),
                )
                record.themes.set(group.themes.all())
                changed += 1
            before = _snapshot(record)
            _update(record, group, today)
            if _snapshot(record) != before:
                dirty.append(record)
        GroupRecord.objects.bulk_update(dirty, FIELDS)
    return changed + len(dirty)
