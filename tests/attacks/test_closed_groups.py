"""A handed-over group is closed: no link admits anyone; only an adopted admission does."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from selvhjelp.accounts.models import User
from selvhjelp.decisions.services import proposal_create, vote_cast
from selvhjelp.groups.models import Group, GroupInterest, Membership, MembershipState
from selvhjelp.groups.selectors import member_users
from selvhjelp.groups.services import NotAllowed
from selvhjelp.groups.services.handover import group_hand_over
from selvhjelp.groups.services.membership import invitation_link_renew, membership_admit
from tests.concurrency import at_once
from tests.conftest import ready_for_hand_over, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed_over(
    participant: User, own_group: Callable[[User], Group], make_user: Callable[..., User]
) -> tuple[Group, str]:
    """A self-started group whose link was shared, then handed over to its members."""
    group = own_group(participant)
    link = f"/grupper/{group.code}/bli-med/{group.invitation_token}/"
    ready_for_hand_over(group, [participant, make_user("B"), make_user("C")])
    group_hand_over(group=group)
    group.refresh_from_db()
    return group, link


def test_the_hand_over_revokes_the_invitation_link(handed_over: tuple[Group, str]) -> None:
    group, _link = handed_over
    assert (group.invitation_token, group.invitation_expires_at) == ("", None)
    with pytest.raises(NotAllowed):
        invitation_link_renew(group=group)


def test_the_old_link_of_a_running_group_answers_404_and_admits_nobody(
    handed_over: tuple[Group, str], make_user: Callable[..., User]
) -> None:
    group, link = handed_over
    stranger = signed_in(make_user("Fremmed"))
    assert stranger.get(link).status_code == 404
    assert stranger.post(link).status_code == 404
    assert Membership.objects.filter(group=group, state=MembershipState.MEMBER).count() == 3


def test_nobody_becomes_a_member_of_a_running_group_without_a_decision(
    running_group: Group, outsider: User
) -> None:
    with pytest.raises(NotAllowed):
        membership_admit(group=running_group, user=outsider)
    assert not Membership.objects.filter(group=running_group, user=outsider).exists()


def test_an_adopted_admission_is_the_way_in(running_group: Group, outsider: User) -> None:
    GroupInterest.objects.create(group=running_group, user=outsider)
    members = member_users(running_group)
    proposal = proposal_create(
        group=running_group,
        by=members[0],
        kind="admit",
        text="",
        payload={"applicant": outsider.pk},
    )
    for person in members:
        vote_cast(proposal=proposal, voter=person, yes=True)
    assert (
        signed_in(outsider)
        .post(f"/grupper/{running_group.code}/svar/", {"answer": "yes"})
        .status_code
        == 302
    )
    assert Membership.objects.get(group=running_group, user=outsider).state == "member"


@pytest.mark.django_db(transaction=True)
def test_twelve_people_racing_through_an_old_link_after_the_hand_over_all_get_404(
    handed_over: tuple[Group, str], make_user: Callable[..., User]
) -> None:
    group, link = handed_over
    clients = [signed_in(make_user(f"P{n}")) for n in range(12)]
    answers = at_once(lambda client: client.post(link).status_code, clients)
    assert answers == [404] * 12
    assert Membership.objects.filter(group=group, state=MembershipState.MEMBER).count() == 3
