"""A membership that ended (left or declined) is erased 90 days later, with the person's traces
in that group; everyone else's, and the person's other groups, stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.background.retention import memberships_gone_erase
from selvhjelp.decisions.models import Proposal
from selvhjelp.decisions.services import proposal_create
from selvhjelp.groups.models import Group, GroupInterest, Membership, MembershipState, Signature
from selvhjelp.groups.services.membership import (
    member_invite,
    membership_decline,
    membership_leave,
)
from selvhjelp.meetings.models import Absence, Meeting
from selvhjelp.meetings.services import absence_give, meeting_cancel
from tests.concurrency import at_once
from tests.conftest import admit, meet_weekly, members_of, sorg_group

pytestmark = pytest.mark.django_db

DAYS_90 = timedelta(days=90)
MINUTE = timedelta(minutes=1)


def at(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def traces(group: Group, user: User) -> dict[str, int]:
    """What ties the person to the group, by kind."""
    return {
        "membership": Membership.objects.filter(group=group, user=user).count(),
        "signatures": Signature.objects.filter(declaration__group=group, user=user).count(),
        "absences": Absence.objects.filter(meeting__series__group=group, user=user).count(),
        "cancelled": Meeting.objects.filter(series__group=group, cancelled_by=user).count(),
        "proposed": Proposal.objects.filter(group=group, proposed_by=user).count(),
        "wish to join": GroupInterest.objects.filter(group=group, user=user).count(),
    }


NONE = dict.fromkeys(
    ("membership", "signatures", "absences", "cancelled", "proposed", "wish to join"), 0
)


@pytest.fixture
def left(
    running_group: Group, initiator: User, contact_point, make_user: Callable[..., User]
) -> tuple[Group, datetime]:
    """In Onsdagsgruppa everyone gives notice of absence for the first meeting, cancels one
    and proposes something; then Per leaves and Siri declines an invitation, at the same
    moment. Per is also in Torsdagsgruppa."""
    group = running_group
    tomorrow = timezone.localdate() + timedelta(days=1)
    meet_weekly(group, start_date=tomorrow, weekday=tomorrow.weekday(), start_time=time(18))
    meetings = list(Meeting.objects.filter(series__group=group)[:3])
    for person, meeting in zip(members_of(group), meetings, strict=True):
        absence_give(meeting=meetings[0], user=person)
        meeting_cancel(meeting=meeting, by=person, message="")
        proposal_create(group=group, by=person, kind="question", text="?", payload={})
    per = members_of(group)[2]
    elsewhere = sorg_group(initiator, title="Torsdagsgruppa", contact_point=contact_point)
    admit(elsewhere, per)
    siri = make_user("Siri")
    GroupInterest.objects.create(group=group, user=siri)
    member_invite(group=group, user=siri, by_decision=True)
    gone_at = timezone.now()
    with at(gone_at):
        membership_leave(group=group, user=per)
        membership_decline(group=group, user=siri)
    return group, gone_at


def test_declining_records_when(left: tuple[Group, datetime]) -> None:
    group, gone_at = left
    declined = Membership.objects.get(group=group, state=MembershipState.DECLINED)
    assert declined.left_at == gone_at


def test_for_90_days_a_membership_that_ended_is_kept(left: tuple[Group, datetime]) -> None:
    group, gone_at = left
    with at(gone_at + DAYS_90 - MINUTE):
        assert memberships_gone_erase() == 0
    assert Membership.objects.filter(group=group).count() == 4


def test_after_90_days_the_membership_goes_with_the_persons_traces_in_the_group(
    left: tuple[Group, datetime],
) -> None:
    group, gone_at = left
    jonas, amina, per = [m.user for m in Membership.objects.filter(group=group).order_by("pk")][:3]
    siri = Membership.objects.get(group=group, state=MembershipState.DECLINED).user
    assert traces(group, per) == {**dict.fromkeys(NONE, 1), "wish to join": 0}
    assert traces(group, siri)["wish to join"] == 1
    others = {person: traces(group, person) for person in (jonas, amina)}

    with at(gone_at + DAYS_90 + MINUTE):
        assert memberships_gone_erase() == 2

    assert traces(group, per) == NONE
    assert traces(group, siri) == NONE
    assert {person: traces(group, person) for person in (jonas, amina)} == others
    # Per's proposal and the meeting he cancelled stay, without his name.
    assert Proposal.objects.filter(group=group).count() == 3
    assert Meeting.objects.filter(series__group=group, cancelled=True).count() == 3
    group.refresh_from_db()
    assert group.former_members == 1  # Per had joined; Siri never did


def test_the_persons_other_groups_and_account_are_left_alone(
    left: tuple[Group, datetime],
) -> None:
    group, gone_at = left
    per = Membership.objects.get(group=group, state=MembershipState.LEFT).user
    with at(gone_at + DAYS_90 + MINUTE):
        memberships_gone_erase()
    assert User.objects.filter(pk=per.pk).exists()
    torsdag = Membership.objects.get(user=per)
    assert (torsdag.group.title, torsdag.state) == ("Torsdagsgruppa", MembershipState.MEMBER)
    assert Signature.objects.filter(user=per, declaration__group=torsdag.group).count() == 1


def test_a_person_who_came_back_keeps_the_membership(
    left: tuple[Group, datetime], make_user: Callable[..., User]
) -> None:
    group, gone_at = left
    per = Membership.objects.get(group=group, state=MembershipState.LEFT).user
    with at(gone_at + timedelta(days=30)):
        admit(group, per)
    with at(gone_at + DAYS_90 + MINUTE):
        assert memberships_gone_erase() == 1  # Siri's only
    assert Membership.objects.get(group=group, user=per).state == MembershipState.MEMBER


def test_a_starter_who_left_is_no_longer_named_as_the_groups_initiator(
    participant: User, own_group: Callable[[User], Group]
) -> None:
    group = own_group(participant)
    assert group.initiator == participant
    gone_at = timezone.now()
    with at(gone_at):
        membership_leave(group=group, user=participant)
    with at(gone_at + DAYS_90 + MINUTE):
        assert memberships_gone_erase() == 1
    group.refresh_from_db()
    assert group.initiator is None


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_erase_a_membership_once_and_count_it_once(
    running_group: Group,
) -> None:
    per = members_of(running_group)[2]
    with at(timezone.now() - DAYS_90 - MINUTE):
        membership_leave(group=running_group, user=per)
    outcomes = at_once(lambda _n: memberships_gone_erase(), range(3))
    assert sorted(o for o in outcomes if isinstance(o, int)) == [0, 0, 1]
    running_group.refresh_from_db()
    assert running_group.former_members == 1
