"""How long the groups app keeps what ties a person to a group, and its parts of the retention
jobs (composed in `background/retention.py` with the parts of meetings and decisions).

- An **ended group**: 90 days after it ended, its memberships, signatures, intake outcomes,
  group interests, invitation link, initiator and the place in its agreement are erased. The
  group's row stays, with anonymous counts (`former_members`, `meetings_held`) for statistics.
- A **membership that ended** (left or declined): erased 90 days after, with the person's
  signatures and wish to join that group (and their name as starter of a self-started group);
  it is counted in `former_members` if they had joined.
- An **intake outcome**: erased 90 days after the group started (its first meeting held, or
  the hand-over), and never sooner than 90 days after the conversation.

Every function here is safe to run twice or on two workers at once: deletions of what is
already gone do nothing, and counts grow by what this call itself deleted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import (
    Agreement,
    Group,
    GroupInterest,
    GroupState,
    Intake,
    Membership,
    MembershipState,
    Signature,
)
from selvhjelp.lib.recurrence import OSLO

KEEP_AFTER_END = timedelta(days=90)
KEEP_AFTER_LEAVING = timedelta(days=90)
KEEP_INTAKE = timedelta(days=90)

GONE = (MembershipState.LEFT, MembershipState.DECLINED)


def retention_clocks_start(*, now: datetime) -> int:
    """Date the ends that carry no date: a group set to ended in the admin, a membership
    declined before declining recorded when. Their 90 days count from now."""
    groups = Group.objects.filter(state=GroupState.ENDED, ended_at__isnull=True).update(
        ended_at=now
    )
    memberships = Membership.objects.filter(state__in=GONE, left_at__isnull=True).update(
        left_at=now
    )
    return groups + memberships


# --- Ended groups -------------------------------------------------------------------------


def groups_ended_due(*, now: datetime) -> list[int]:
    """The groups that ended 90 days ago or more and still hold personal data."""
    return list(
        Group.objects.filter(
            state=GroupState.ENDED,
            ended_at__lte=now - KEEP_AFTER_END,
            personal_data_erased_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def group_erase_claim(*, pk: int, now: datetime) -> Group | None:
    """Lock the group's row for erasure; None when it is no longer due (another worker erased
    it a moment ago, or it started again). Call inside the transaction that erases it."""
    return (
        Group.objects.select_for_update()
        .filter(
            pk=pk,
            state=GroupState.ENDED,
            ended_at__lte=now - KEEP_AFTER_END,
            personal_data_erased_at__isnull=True,
        )
        .first()
    )


def group_personal_data_erase(*, group: Group, meetings_held: int, now: datetime) -> None:
    """Erase everything of the groups app that ties a person to an ended group; keep counts.

    Called with the group's row locked by `group_erase_claim`.
    """
    joined = _memberships_delete(Membership.objects.filter(group=group))
    Signature.objects.filter(declaration__group=group).delete()
    Intake.objects.filter(group=group).delete()
    GroupInterest.objects.filter(group=group).delete()
    # The place may be someone's home or a private video room; the other frames are rules.
    Agreement.objects.filter(group=group).update(place="")
    Group.objects.filter(pk=group.pk).update(
        former_members=F("former_members") + joined,
        meetings_held=meetings_held,
        initiator=None,
        invitation_token="",
        invitation_expires_at=None,
        personal_data_erased_at=now,
    )


def _memberships_delete(memberships: QuerySet[Membership]) -> int:
    """Delete the memberships; returns how many of them had joined the group, as deleted by
    this call (a concurrent second call deletes, and so counts, nothing)."""
    _, deleted = memberships.filter(joined_at__isnull=False).delete()
    memberships.delete()
    return deleted.get(Membership._meta.label, 0)


# --- Memberships that ended ---------------------------------------------------------------


def memberships_gone_due(*, now: datetime) -> list[int]:
    """Memberships left or declined 90 days ago or more."""
    return list(
        Membership.objects.filter(state__in=GONE, left_at__lte=now - KEEP_AFTER_LEAVING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def membership_erase_claim(*, pk: int, now: datetime) -> Membership | None:
    """Lock a membership due for erasure; None when it is gone or was renewed meanwhile."""
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("group", "user")
        .filter(pk=pk, state__in=GONE, left_at__lte=now - KEEP_AFTER_LEAVING)
        .first()
    )


def membership_erase(*, membership: Membership) -> None:
    """Erase an ended membership with the person's signatures and wish to join that group."""
    group: Group = membership.group
    user: User = membership.user
    joined = _memberships_delete(Membership.objects.filter(pk=membership.pk))
    Signature.objects.filter(declaration__group=group, user=user).delete()
    GroupInterest.objects.filter(group=group, user=user).delete()
    # A self-started group's starter is its first member; staff initiators are not members.
    Group.objects.filter(pk=group.pk, self_started=True, initiator=user).update(initiator=None)
    if joined:
        Group.objects.filter(pk=group.pk).update(former_members=F("former_members") + joined)


# --- Intake outcomes ----------------------------------------------------------------------


def intakes_erase(*, now: datetime, met_before: QuerySet[Group]) -> int:
    """Erase intake outcomes of groups that started 90 days ago or more: handed over, or a
    first meeting marked as held, or (given by the caller, who can read meetings) a meeting
    held, before then. An outcome is kept at least 90 days after its conversation."""
    cutoff = now - KEEP_INTAKE
    started = (
        Q(group__handed_over_at__lte=cutoff)
        | Q(group__first_meeting_held_at__lte=cutoff)
        | Q(group__in=met_before)
    )
    deleted, _ = Intake.objects.filter(
        started, held_on__lte=cutoff.astimezone(OSLO).date()
    ).delete()
    return deleted
