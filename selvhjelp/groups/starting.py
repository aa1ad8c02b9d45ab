"""Starting a group: creating it, inviting and admitting people within its capacity, intake,
the start-up checklist and the hand-over to the members."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffRole
from selvhjelp.groups.models import (
    Agreement,
    DeclarationVersion,
    Group,
    GroupState,
    Intake,
    Membership,
    MembershipState,
    Openness,
    Signature,
    Theme,
)
from selvhjelp.groups.services import group_reindex
from selvhjelp.interest.models import GroupInterest
from selvhjelp.notifications.kinds import GROUP_INVITATION, STAFF_NOTICE
from selvhjelp.notifications.services import notify
from selvhjelp.places.models import Municipality

LINK_DAYS = 14
FRAGILE_BELOW = 4


class GroupFull(Exception):
    """Every place in the group is taken."""


class NotAllowed(Exception):
    """The step does not fit the group's state, or the person's part in it."""


def _group_url(group: Group, name: str = "groups:inside") -> str:
    return settings.SITE_URL + reverse(name, kwargs={"code": group.code})


def default_declaration(language: str) -> str:
    with translation.override(language):
        return render_to_string("groups/declaration_default.txt").strip()


def group_create(
    *,
    creator: User,
    title: str,
    themes: Iterable[Theme],
    municipality: Municipality,
    kind: str,
    format: str,
    weekday: int | None = None,
    time_of_day: str = "",
    language: str = "no",
    contact_point: ContactPoint | None = None,
) -> Group:
    """A group in `forming`: for a contact point by its staff, or self-started by a participant.

    A self-started group is unlisted and reached by an invitation link; its starter is the
    first member and its initiator until the hand-over.
    """
    with transaction.atomic():
        group = Group.objects.create(
            title=title,
            municipality=municipality,
            kind=kind,
            format=format,
            weekday=weekday,
            time_of_day=time_of_day,
            language=language,
            contact_point=contact_point,
            initiator=creator,
            self_started=contact_point is None,
            listed=contact_point is not None,
        )
        group.themes.set(list(themes))
        group_frames_ensure(group, language=creator.language)
        if contact_point is None:
            Membership.objects.create(
                group=group, user=creator, state=MembershipState.MEMBER, joined_at=timezone.now()
            )
            invitation_link_renew(group=group)
        group_reindex(group)
    return group


def group_frames_ensure(group: Group, *, language: str = "nb") -> None:
    """Give a group its agreement and first declaration if it has none (admin- or demo-made)."""
    Agreement.objects.get_or_create(group=group)
    if not DeclarationVersion.objects.filter(group=group).exists():
        DeclarationVersion.objects.get_or_create(
            group=group, number=1, defaults={"text": default_declaration(language)}
        )


def invitation_link_renew(*, group: Group) -> str:
    """A new invitation link (the old one stops working); it expires after two weeks."""
    group.invitation_token = secrets.token_urlsafe(24)
    group.invitation_expires_at = timezone.now() + timedelta(days=LINK_DAYS)
    group.save(update_fields=["invitation_token", "invitation_expires_at"])
    return group.invitation_token


def invitation_link_revoke(*, group: Group) -> None:
    group.invitation_token = ""
    group.invitation_expires_at = None
    group.save(update_fields=["invitation_token", "invitation_expires_at"])


def invitation_link_valid(group: Group, token: str) -> bool:
    return bool(
        group.invitation_token
        and secrets.compare_digest(group.invitation_token, token)
        and group.invitation_expires_at
        and group.invitation_expires_at > timezone.now()
    )


def member_invite(*, group: Group, user: User, by_decision: bool = False) -> Membership:
    """Invite a person; they accept or decline. A former member may be invited again.

    A running, closed group takes someone new only by a joint decision.
    """
    starting = group.state in (GroupState.FORMING, GroupState.STARTING)
    if not (starting or by_decision or group.openness == Openness.OPEN):
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
                context={"group_url": _group_url(group, "groups:respond")},
            )
    return membership


def members(group: Group) -> list[Membership]:
    return list(
        Membership.objects.filter(group=group, state=MembershipState.MEMBER)
        .select_related("user")
        .order_by("joined_at", "pk")
    )


def membership_admit(*, group: Group, user: User) -> Membership:
    """Make the person a member, if a place is free.

    The group's row is locked while the places are counted, so concurrent acceptances can never
    fill more places than the group has (SQLite's immediate transactions serialise them too).
    """
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        membership = Membership.objects.filter(group=locked, user=user).first()
        if membership and membership.state == MembershipState.MEMBER:
            return membership
        taken = Membership.objects.filter(group=locked, state=MembershipState.MEMBER).count()
        if taken >= locked.capacity:
            raise GroupFull
        now = timezone.now()
        if membership is None:
            membership = Membership(group=locked, user=user)
        membership.state = MembershipState.MEMBER
        membership.joined_at = now
        membership.save()
        if locked.openness == Openness.OPEN and locked.free_seats > 0:
            # Seats opened by a joint decision close by themselves once they are filled.
            locked.free_seats -= 1
            if locked.free_seats == 0:
                locked.openness = Openness.CLOSED
            locked.save(update_fields=["free_seats", "openness"])
        GroupInterest.objects.filter(group=locked, user=user).delete()
    return membership


def membership_decline(*, group: Group, user: User) -> None:
    Membership.objects.filter(group=group, user=user, state=MembershipState.INVITED).update(
        state=MembershipState.DECLINED
    )


def membership_leave(*, group: Group, user: User) -> None:
    """Leave the group at once. What was signed and said stays with the others."""
    Membership.objects.filter(group=group, user=user, state=MembershipState.MEMBER).update(
        state=MembershipState.LEFT, left_at=timezone.now()
    )


def intake_record(
    *, group: Group, user: User, held_on: date, outcome: str, recorded_by: User
) -> Intake:
    """Record that an intake conversation took place and how it ended. Nothing else."""
    intake, _ = Intake.objects.update_or_create(
        group=group,
        user=user,
        defaults={"held_on": held_on, "outcome": outcome, "recorded_by": recorded_by},
    )
    return intake


# --- The declaration ----------------------------------------------------------------------


def declaration_current(group: Group) -> DeclarationVersion:
    return group.declarations.order_by("-number").first()


def has_signed(group: Group, user: User) -> bool:
    current = declaration_current(group)
    return current is not None and Signature.objects.filter(declaration=current, user=user).exists()


def declaration_sign(*, group: Group, user: User) -> Signature:
    group_frames_ensure(group)
    signature, _ = Signature.objects.get_or_create(
        declaration=declaration_current(group), user=user
    )
    return signature


def declaration_new_version(*, group: Group, text: str) -> DeclarationVersion:
    """A new wording that everyone must sign again (through a joint decision once running)."""
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        number = (declaration_current(locked).number if declaration_current(locked) else 0) + 1
        return DeclarationVersion.objects.create(group=locked, number=number, text=text)


# --- The agreement ------------------------------------------------------------------------

AGREEMENT_FIELDS = (
    "rhythm",
    "length_minutes",
    "has_break",
    "place",
    "openness",
    "notice",
    "sobriety",
    "greeting",
    "refreshments",
    "online",
    "ending",
)


def agreement_update(
    *, group: Group, changes: dict[str, object], by_decision: bool = False
) -> Agreement:
    """Change the group agreement: freely while starting, afterwards only by a joint decision."""
    if group.handed_over_at is not None and not by_decision:
        raise NotAllowed
    agreement = group.agreement
    for name, value in changes.items():
        if name in AGREEMENT_FIELDS:
            setattr(agreement, name, value)
    agreement.save()
    return agreement


# --- The checklist ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    done: bool


def _has_series(group: Group) -> bool:
    from selvhjelp.meetings.models import MeetingSeries

    return MeetingSeries.objects.filter(group=group).exists()


def checklist(group: Group) -> list[ChecklistItem]:
    """The start-up checklist, derived from the group's data wherever that is possible."""
    current_members = members(group)
    has_series = _has_series(group)
    current = declaration_current(group)
    signed = set(Signature.objects.filter(declaration=current).values_list("user_id", flat=True))
    agreement = group.agreement
    from selvhjelp.meetings.models import Meeting

    held = Meeting.objects.filter(
        series__group=group, cancelled=False, ends_at__lte=timezone.now()
    ).exists()
    return [
        ChecklistItem("principles", group.principles_introduced_at is not None),
        ChecklistItem(
            "declaration",
            bool(current_members) and all(m.user_id in signed for m in current_members),
        ),
        ChecklistItem("agreement", agreement.is_filled_in),
        ChecklistItem("series", has_series),
        ChecklistItem("place", bool(agreement.place.strip()) or has_series),
        ChecklistItem("first_meeting", group.first_meeting_held_at is not None or held),
        ChecklistItem("handover", group.handed_over_at is not None),
        ChecklistItem("follow_up_planned", group.follow_up_planned_on is not None),
        ChecklistItem("follow_up_done", group.follow_up_done_at is not None),
    ]


def group_mark(*, group: Group, step: str) -> None:
    field = {
        "principles": "principles_introduced_at",
        "first_meeting": "first_meeting_held_at",
        "follow_up_done": "follow_up_done_at",
    }[step]
    setattr(group, field, timezone.now())
    if step == "first_meeting" and group.state == GroupState.FORMING:
        group.state = GroupState.STARTING
    group.save(update_fields=[field, "state"])


def follow_up_plan(*, group: Group, on: date) -> None:
    group.follow_up_planned_on = on
    group.save(update_fields=["follow_up_planned_on"])


def handover_missing(group: Group) -> list[str]:
    done = {item.key for item in checklist(group) if item.done}
    return [key for key in ("principles", "declaration", "agreement") if key not in done]


def group_hand_over(*, group: Group) -> Group:
    """The group becomes self-governed: an external initiator loses the inside at once."""
    if group.handed_over_at is not None:
        raise NotAllowed
    if handover_missing(group):
        raise NotAllowed
    group.state = GroupState.RUNNING
    group.handed_over_at = timezone.now()
    group.save(update_fields=["state", "handed_over_at"])
    return group


# --- Listing a self-started group ---------------------------------------------------------


def listing_request(*, group: Group) -> int:
    """Ask the area's coordinators to list a self-started group; returns how many were asked."""
    with transaction.atomic():
        group.listing_requested_at = timezone.now()
        group.save(update_fields=["listing_requested_at"])
        coordinators = Staff.objects.filter(
            role=StaffRole.COORDINATOR, contact_point__municipalities=group.municipality
        ).select_related("user", "contact_point")
        for staff in coordinators:
            url = settings.SITE_URL + reverse(
                "contactpoints:approvals", kwargs={"slug": staff.contact_point.slug}
            )
            notify(
                recipient=staff.user,
                kind=STAFF_NOTICE.name,
                dedupe_key=f"listing:{group.code}:{staff.user_id}:{group.listing_requested_at:%s}",
                context={"count": 0, "pool_url": url, "listing": True},
            )
    return len(coordinators)


def listing_approve(*, group: Group, contact_point: ContactPoint) -> Group:
    """A coordinator of the area lists the group; their contact point becomes its contact."""
    group.listed = True
    group.contact_point = contact_point
    group.save(update_fields=["listed", "contact_point"])
    group_reindex(group)
    return group
