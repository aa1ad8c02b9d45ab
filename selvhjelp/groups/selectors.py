"""Reads about a group that pages, services and other apps share: its members, its free
places, the current declaration and who signed it, and what the hand-over still needs."""

from __future__ import annotations

import secrets

from django.db.models import QuerySet, Subquery
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, Staff
from selvhjelp.groups.models import (
    DeclarationVersion,
    Group,
    GroupInterest,
    Membership,
    MembershipState,
    Signature,
)
from selvhjelp.lib.prepared import Prepared

# What must be done before a group can govern itself; the checklist shows them first.
HANDOVER_NEEDS = ("principles", "declaration", "agreement")


# Asked on every inside page: prepared (lib/prepared.py), with the group's id as argument.
_members = Prepared(
    lambda group_id: (
        Membership.objects.filter(group_id=group_id, state=MembershipState.MEMBER)
        .select_related("user")
        .order_by("joined_at", "pk")
    ),
    int,
)
_member_ids = Prepared(
    lambda group_id: Membership.objects.filter(
        group_id=group_id, state=MembershipState.MEMBER
    ).values_list("user_id", flat=True),
    int,
)


def members(group: Group) -> list[Membership]:
    """The current members, in the order they joined."""
    return _members(group.pk)


def member_users(group: Group) -> list[User]:
    """The current members as people, in a stable order (for messages to the whole group)."""
    return list(
        User.objects.filter(
            memberships__group=group, memberships__state=MembershipState.MEMBER
        ).order_by("pk")
    )


def member_ids(group: Group) -> set[int]:
    return set(_member_ids(group.pk))


def is_member(group: Group, user: User) -> bool:
    return Membership.objects.filter(
        group=group, user_id=user.pk, state=MembershipState.MEMBER
    ).exists()


def invited(group: Group) -> QuerySet[Membership]:
    return Membership.objects.filter(group=group, state=MembershipState.INVITED).select_related(
        "user"
    )


def places_free(group: Group) -> int:
    """How many more people the group has room for; lock the group's row first when the answer
    decides a change."""
    taken = Membership.objects.filter(group=group, state=MembershipState.MEMBER).count()
    return max(group.capacity - taken, 0)


def declaration_current(group: Group) -> DeclarationVersion | None:
    return DeclarationVersion.objects.filter(group=group).order_by("-number").first()


def _current_declaration_id(group: Group | int) -> Subquery:
    """The current declaration's id, for a query that needs it (no query of its own)."""
    return Subquery(
        DeclarationVersion.objects.filter(group=group).order_by("-number").values("pk")[:1]
    )


_signed_ids = Prepared(
    lambda group_id: Signature.objects.filter(
        declaration_id=_current_declaration_id(group_id)
    ).values_list("user_id", flat=True),
    int,
)


def signed_ids(group: Group) -> set[int]:
    """Who has signed the current declaration."""
    return set(_signed_ids(group.pk))


def declaration_signed_last(group: Group, user: User) -> DeclarationVersion | None:
    """The newest version of the group's declaration that the person has signed."""
    return (
        DeclarationVersion.objects.filter(group=group, signatures__user=user)
        .order_by("-number")
        .first()
    )


def has_signed(group: Group, user: User) -> bool:
    return Signature.objects.filter(
        declaration_id=_current_declaration_id(group), user=user
    ).exists()


def all_signed(group: Group) -> bool:
    """Every current member has signed the current declaration (and there is a member)."""
    current = member_ids(group)
    return bool(current) and current <= signed_ids(group)


def handover_missing(group: Group) -> list[str]:
    """The steps in `HANDOVER_NEEDS` that are not done yet; empty when the group may take over."""
    done = {
        "principles": group.principles_introduced_at is not None,
        "declaration": all_signed(group),
        "agreement": group.agreement.is_filled_in,
    }
    return [step for step in HANDOVER_NEEDS if not done[step]]


def invitation_link_valid(group: Group, token: str) -> bool:
    """The link works while the group starts, until it expires or is renewed or revoked."""
    return bool(
        not group.is_self_governed
        and group.invitation_token
        and secrets.compare_digest(group.invitation_token, token)
        and group.invitation_expires_at
        and group.invitation_expires_at > timezone.now()
    )


def waiting_for_listing(contact_point: ContactPoint) -> QuerySet[Group]:
    """Self-started groups in the contact point's area that ask to be listed."""
    return (
        Group.objects.filter(
            self_started=True,
            listed=False,
            listing_requested_at__isnull=False,
            municipality__in=contact_point.municipalities.all(),
        )
        .select_related("municipality")
        .prefetch_related("themes")
    )


_applicants = Prepared(
    lambda group_id: (
        GroupInterest.objects.filter(group_id=group_id)
        .exclude(
            user_id__in=Membership.objects.filter(
                group_id=group_id, state=MembershipState.MEMBER
            ).values("user_id")
        )
        .order_by("pk")
        .values_list("user_id", "user__display_name")
    ),
    int,
)


def applicants(group: Group) -> list[tuple[int, str]]:
    """People who asked to join this group and are not members of it (for an admission)."""
    return _applicants(group.pk)


def staff_marks(group: Group) -> dict[int, str]:
    """The mark the platform sets beside the name of each person who is staff of the group's
    contact point: a name typed as "(koordinator Oslo)" gets no mark, real staff always do."""
    if group.contact_point is None:
        return {}
    marks: dict[int, str] = {}
    for staff in _staff(group.contact_point.pk):
        marks.setdefault(staff.user_id, f"{staff.get_role_display()} · {group.contact_point.name}")
    return marks


_staff = Prepared(
    lambda contact_point_id: Staff.objects.filter(contact_point_id=contact_point_id).order_by(
        "role", "pk"
    ),
    int,
)
