"""Creating a group: staff for their contact point, or a participant on their own."""

from __future__ import annotations

import pytest
from django.test import Client

from selvhjelp.groups.models import Group, GroupState, Membership
from tests.conftest import theme

pytestmark = pytest.mark.django_db


def test_staff_create_a_listed_group_for_their_contact_point(
    initiator, contact_point, client_for
) -> None:
    response = client_for(initiator).post(
        "/grupper/ny/",
        {
            "title": "Angstgruppe",
            "themes": [theme("angst").pk],
            "municipality": "0301",
            "format": "physical",
            "contact_point": contact_point.pk,
        },
    )
    group = Group.objects.get()
    assert response["Location"] == f"/grupper/{group.code}/inne/"
    assert (group.listed, group.contact_point, group.initiator) == (True, contact_point, initiator)
    assert group.state == GroupState.FORMING
    assert not Membership.objects.exists()
    assert "straffeloven § 196" in group.declarations.get().text


def test_a_participant_starts_an_unlisted_group_and_is_its_first_member(
    participant, client_for
) -> None:
    client_for(participant).post(
        "/grupper/ny/",
        {
            "title": "Vår gruppe",
            "themes": [theme("traumer").pk],
            "municipality": "3201",
            "format": "video",
        },
    )
    group = Group.objects.get()
    assert (group.listed, group.contact_point, group.self_started) == (False, None, True)
    assert Membership.objects.get(group=group).user == participant
    assert group.invitation_token
    assert Client().get(f"/grupper/{group.code}/").status_code == 404


def test_a_participant_cannot_create_a_group_for_a_contact_point(
    participant, contact_point, client_for
) -> None:
    client_for(participant).post(
        "/grupper/ny/",
        {
            "title": "X",
            "themes": [theme("sorg").pk],
            "municipality": "0301",
            "format": "physical",
            "contact_point": contact_point.pk,
        },
    )
    assert Group.objects.get().contact_point is None
