"""Reads about interest that other apps' pages share."""

from __future__ import annotations

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group, GroupInterest, Membership, MembershipState
from selvhjelp.interest.models import Interest


def people_for_group(group: Group) -> list[tuple[int, str]]:
    """People an initiator may invite or talk with: those interested in this group, those in
    its pool at its contact point, and those already invited or members; as (id, name)."""
    wanting = set(GroupInterest.objects.filter(group=group).values_list("user_id", flat=True))
    if group.contact_point_id:
        wanting |= set(
            Interest.objects.filter(
                contact_point_id=group.contact_point_id,
                municipality_id=group.municipality_id,
                themes__in=group.themes.all(),
            ).values_list("user_id", flat=True)
        )
    wanting |= set(Membership.objects.filter(group=group).values_list("user_id", flat=True))
    return [
        (user.pk, user.display_name)
        for user in User.objects.filter(pk__in=wanting).order_by("display_name")
    ]


def people_to_invite(group: Group, *, viewer: User) -> list[tuple[int, str]]:
    """The people an initiator may invite: as `people_for_group`, without those already
    members or invited, and without the initiator themself (a starter is a member)."""
    taken = set(
        Membership.objects.filter(
            group=group, state__in=[MembershipState.MEMBER, MembershipState.INVITED]
        ).values_list("user_id", flat=True)
    )
    return [(pk, name) for pk, name in people_for_group(group) if pk not in taken | {viewer.pk}]
