"""Who is in a group: invitations, admission within the places, leaving, the intake record."""

from __future__ import annotations

import pytest
from django.db import models

from selvhjelp.groups.forms import IntakeForm
from selvhjelp.groups.models import Group, GroupState, Intake, Membership, MembershipState, Openness
from selvhjelp.groups.services import GroupFull
from selvhjelp.groups.services.membership import member_invite, membership_admit
from selvhjelp.notifications.models import Message
from tests.concurrency import at_once
from tests.conftest import admit, sorg_group

pytestmark = pytest.mark.django_db


def test_an_invited_person_accepts_and_is_asked_to_sign_first(
    starting_group, participant, client_for
) -> None:
    member_invite(group=starting_group, user=participant)
    invitation = Message.objects.get(kind="group_invitation")
    assert starting_group.title not in invitation.subject
    client = client_for(participant)
    assert client.get(f"/grupper/{starting_group.code}/inne/").status_code == 403
    response = client.post(f"/grupper/{starting_group.code}/svar/", {"answer": "yes"})
    assert response["Location"] == f"/grupper/{starting_group.code}/inne/taushetserklaering/"
    gated = client.get(f"/grupper/{starting_group.code}/inne/")
    assert gated["Location"] == f"/grupper/{starting_group.code}/inne/taushetserklaering/"
    client.post(f"/grupper/{starting_group.code}/inne/taushetserklaering/")
    assert client.get(f"/grupper/{starting_group.code}/inne/").status_code == 200


def test_declining_an_invitation(starting_group, participant, client_for) -> None:
    member_invite(group=starting_group, user=participant)
    client_for(participant).post(f"/grupper/{starting_group.code}/svar/", {"answer": "no"})
    assert Membership.objects.get().state == MembershipState.DECLINED


def test_an_acceptance_beyond_the_capacity_is_refused_with_a_clear_message(
    starting_group, add_member, make_user, client_for
) -> None:
    for n in range(8):
        add_member(starting_group, make_user(f"M{n}"))
    late = make_user("Sen")
    member_invite(group=starting_group, user=late)
    response = client_for(late).post(
        f"/grupper/{starting_group.code}/svar/", {"answer": "yes"}, follow=True
    )
    assert "Gruppa er full" in response.content.decode()
    assert Membership.objects.get(user=late).state == MembershipState.INVITED
    with pytest.raises(GroupFull):
        membership_admit(group=starting_group, user=late)


@pytest.mark.django_db(transaction=True)
def test_20_concurrent_acceptances_into_3_free_places_give_exactly_3_members(
    initiator, contact_point, make_user
) -> None:
    group = sorg_group(initiator, title="Travel gruppe", contact_point=contact_point)
    for n in range(5):
        admit(group, make_user(f"M{n}"), signed=False)
    applicants = [make_user(f"A{n}") for n in range(20)]
    for person in applicants:
        member_invite(group=group, user=person)
    outcomes = at_once(lambda person: membership_admit(group=group, user=person), applicants)
    assert sum(isinstance(outcome, GroupFull) for outcome in outcomes) == 17
    assert sum(isinstance(outcome, Membership) for outcome in outcomes) == 3
    assert Membership.objects.filter(group=group, state="member").count() == 8


def test_opened_seats_close_by_themselves_when_filled(starting_group, make_user) -> None:
    Group.objects.filter(pk=starting_group.pk).update(
        state=GroupState.RUNNING, openness=Openness.OPEN, free_seats=1
    )
    membership_admit(group=starting_group, user=make_user())
    starting_group.refresh_from_db()
    assert (starting_group.openness, starting_group.free_seats) == (Openness.CLOSED, 0)


def test_a_member_may_leave_at_any_time(
    starting_group, add_member, participant, client_for
) -> None:
    add_member(starting_group, participant)
    client_for(participant).post(f"/grupper/{starting_group.code}/inne/forlat/")
    assert Membership.objects.get(user=participant).state == MembershipState.LEFT
    assert client_for(participant).get(f"/grupper/{starting_group.code}/inne/").status_code == 404


def test_intake_records_only_a_date_and_an_outcome() -> None:
    free_text = [
        field.name
        for field in Intake._meta.get_fields()
        if isinstance(field, models.TextField)
        or (isinstance(field, models.CharField) and not field.choices)
    ]
    assert free_text == []
    form_free_text = [
        name
        for name, field in IntakeForm(people=[]).fields.items()
        if name not in {"person", "held_on", "outcome"}
    ]
    assert form_free_text == []
