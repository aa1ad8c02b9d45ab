"""Who is in a group: invitations and invitation links, admission within the group's places,
declining and leaving, and the record that an intake conversation took place."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.groups.links import group_link
from selvhjelp.groups.models import (
    Group,
    GroupInterest,
    Intake,
    Membership,
    MembershipState,
    Openness,
    typed_dates,
)
from selvhjelp.groups.selectors import places_free
from selvhjelp.groups.services import GroupFull, NotAllowed, OutOfRange
from selvhjelp.lib.pagecache import public_pages_changed
from selvhjelp.notifications.kinds import GROUP_INVITATION
from selvhjelp.notifications.services import notify

LINK_DAYS = 14


def invitation_link_renew(*, group: Group) -> str:
    """A new invitation link (the old one stops working); it expires after two weeks. A group
    that governs itself is closed: it has no link."""
    if group.is_self_governed:
        raise NotAllowed
    group.invitation_token = secrets.token_urlsafe(24)
    group.invitation_expires_at = timezone.now() + timedelta(days=LINK_DAYS)
    group.save(update_fields=["invitation_token", "invitation_expires_at"])
    return group.invitation_token


def invitation_link_revoke(*, group: Group) -> None:
    """The link stops working at once."""
    group.invitation_token = ""
    group.invitation_expires_at = None
    group.save(update_fields=["invitation_token", "invitation_expires_at"])


def member_invite(*, group: Group, user: User, by_decision: bool = False) -> Membership:
    """Invite a person; they accept or decline. A former member may be invited again.

    A running, closed group takes someone new only by a joint decision.
    """
    if not (group.is_starting or by_decision or group.openness == Openness.OPEN):
        raise NotAllowed
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            group=group,
            user=user,
            defaults={"state": MembershipState.INVITED, "invited_at": timezone.now()},
        )
        if not created and membership.state in (MembershipState.LEFT, MembershipState.DECLINED):
            membership.state = MembershipState.INVITED
            membership.invited_at = timezone.now()
            membership.save(update_fields=["state", "invited_at"])
        if membership.state == MembershipState.INVITED:
            notify(
                recipient=user,
                kind=GROUP_INVITATION.name,
                dedupe_key=f"group-invitation:{group.code}:{user.pk}:{membership.invited_at:%s}",
                context={"group_url": group_link(group, "svar")},
            )
    return membership


def membership_admit(*, group: Group, user: User) -> Membership:
    """Make the person a member, if a place is free.

    Once the group governs itself it is closed: only a person it invited by a joint decision
    can become a member. The group's row is locked while the places are counted, so concurrent
    acceptances can never fill more places than the group has (SQLite's immediate transactions
    serialise them too).
    """
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        membership = Membership.objects.filter(group=locked, user=user).first()
        if membership and membership.state == MembershipState.MEMBER:
            return membership
        invited = membership is not None and membership.state == MembershipState.INVITED
        if locked.is_self_governed and not invited:
            raise NotAllowed
        if places_free(locked) == 0:
            raise GroupFull
        if membership is None:
            membership = Membership(group=locked, user=user)
        membership.state = MembershipState.MEMBER
        membership.joined_at = timezone.now()
        membership.save()
        if locked.openness == Openness.OPEN and locked.free_seats > 0:
            # Seats opened by a joint decision close by themselves once they are filled.
            locked.free_seats -= 1
            if locked.free_seats == 0:
                locked.openness = Openness.CLOSED
            locked.save(update_fields=["free_seats", "openness"])
            public_pages_changed()
        # The wish to join is fulfilled; it is health data, so it is not kept.
        GroupInterest.objects.filter(group=locked, user=user).delete()
    return membership


def membership_decline(*, group: Group, user: User) -> None:
    Membership.objects.filter(group=group, user=user, state=MembershipState.INVITED).update(
        state=MembershipState.DECLINED, left_at=timezone.now()
    )


def membership_leave(*, group: Group, user: User) -> None:
    """Leave the group at once. What was signed and said stays with the others."""
    Membership.objects.filter(group=group, user=user, state=MembershipState.MEMBER).update(
        state=MembershipState.LEFT, left_at=timezone.now()
    )


def intake_record(
    *, group: Group, user: User, held_on: date, outcome: str, recorded_by: User
) -> Intake:
    """Record that an intake conversation took place and how it ended. Nothing else. The day
    it was held is today or at most 12 months back."""
    earliest, latest = typed_dates(timezone.localdate())
    if not earliest <= held_on <= latest:
        raise OutOfRange
    intake, _ = Intake.objects.update_or_create(
        group=group,
        user=user,
        defaults={"held_on": held_on, "outcome": outcome, "recorded_by": recorded_by},
    )
    return intake
