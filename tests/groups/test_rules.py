"""The rules of starting and running a group, refused by the services themselves."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditEntry
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import PLACES, Group, GroupInterest, Membership, MembershipState
from selvhjelp.groups.selectors import declaration_current, places_free
from selvhjelp.groups.services import GroupFull, NotAllowed
from selvhjelp.groups.services.frames import agreement_update, declaration_new_version
from selvhjelp.groups.services.handover import group_hand_over
from selvhjelp.groups.services.listing import listing_approve, listing_request
from selvhjelp.groups.services.membership import member_invite, membership_admit

pytestmark = pytest.mark.django_db


def test_the_agreement_changes_after_the_hand_over_only_by_a_decision(
    running_group: Group,
) -> None:
    with pytest.raises(NotAllowed):
        agreement_update(group=running_group, changes={"rhythm": "Annenhver torsdag"})
    running_group.agreement.refresh_from_db()
    assert running_group.agreement.rhythm != "Annenhver torsdag"
    agreement_update(group=running_group, changes={"rhythm": "Annenhver torsdag"}, by_decision=True)
    running_group.agreement.refresh_from_db()
    assert running_group.agreement.rhythm == "Annenhver torsdag"


def test_a_new_declaration_after_the_hand_over_needs_a_decision(running_group: Group) -> None:
    before = declaration_current(running_group)
    assert before is not None
    with pytest.raises(NotAllowed):
        declaration_new_version(group=running_group, text="Ny tekst")
    assert declaration_current(running_group) == before
    new = declaration_new_version(group=running_group, text="Ny tekst", by_decision=True)
    assert new.number == before.number + 1


def test_a_group_is_handed_over_only_once(running_group: Group) -> None:
    with pytest.raises(NotAllowed):
        group_hand_over(group=running_group)


def test_a_running_closed_group_invites_nobody_without_a_decision(
    running_group: Group, outsider: User
) -> None:
    with pytest.raises(NotAllowed):
        member_invite(group=running_group, user=outsider)
    assert not Membership.objects.filter(group=running_group, user=outsider).exists()
    membership = member_invite(group=running_group, user=outsider, by_decision=True)
    assert membership.state == MembershipState.INVITED


def test_admission_stops_at_the_groups_places_and_clears_the_wish_to_join(
    running_group: Group, make_user: Callable[..., User]
) -> None:
    free = places_free(running_group)
    assert free == PLACES - 3
    newcomers = [make_user(f"Ny {n}") for n in range(free + 1)]
    for person in newcomers:
        GroupInterest.objects.create(group=running_group, user=person)
    for person in newcomers:
        member_invite(group=running_group, user=person, by_decision=True)
    for person in newcomers[:free]:
        membership_admit(group=running_group, user=person)
    with pytest.raises(GroupFull):
        membership_admit(group=running_group, user=newcomers[-1])
    assert places_free(running_group) == 0
    assert list(GroupInterest.objects.filter(group=running_group)) == [
        GroupInterest.objects.get(user=newcomers[-1])
    ]


def test_only_a_self_started_unlisted_group_asks_to_be_listed(running_group: Group) -> None:
    with pytest.raises(NotAllowed):
        listing_request(group=running_group)
    assert running_group.listing_requested_at is None


def test_a_contact_point_lists_only_groups_in_its_own_area(
    participant: User,
    own_group: Callable[[User], Group],
    contact_point: ContactPoint,
    other_contact_point: ContactPoint,
    coordinator: User,
    other_coordinator: User,
) -> None:
    group = own_group(participant)
    listing_request(group=group)
    with pytest.raises(NotAllowed):
        listing_approve(group=group, contact_point=other_contact_point, by=other_coordinator)
    group.refresh_from_db()
    assert (group.listed, group.contact_point) == (False, None)
    listing_approve(group=group, contact_point=contact_point, by=coordinator)
    group.refresh_from_db()
    assert (group.listed, group.contact_point) == (True, contact_point)
    entry = AuditEntry.objects.get(action="listing_approve")
    assert (entry.actor, entry.contact_point, entry.target_type, entry.target_id) == (
        coordinator,
        contact_point,
        ContentType.objects.get_for_model(Group),
        str(group.pk),
    )
    with pytest.raises(NotAllowed):
        listing_approve(group=group, contact_point=contact_point, by=coordinator)
