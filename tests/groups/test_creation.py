"""Creating a group: staff for their contact point, or a participant on their own."""

from __future__ import annotations

import pytest
from django.test import Client

from selvhjelp.contactpoints.models import Staff
from selvhjelp.groups.models import Group, GroupState, Membership
from selvhjelp.interest.models import Pool
from tests.conftest import register_interest, theme

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


def test_staff_find_their_contact_point_chosen_and_a_pools_link_chooses_the_pools(
    initiator, contact_point, other_contact_point, client_for
) -> None:
    def chosen(query: str = "") -> object:
        form = client_for(initiator).get(f"/grupper/ny/{query}").context["form"]
        return form["contact_point"].value()

    assert chosen() == contact_point.pk
    # With a second contact point, nothing is chosen for them, except by a pool's link.
    Staff.objects.create(contact_point=other_contact_point, user=initiator, role="initiator")
    assert chosen() is None
    assert chosen(f"?kontaktpunkt={other_contact_point.slug}") == other_contact_point.pk
    assert chosen("?kontaktpunkt=ikke-mitt") is None


def test_a_pools_link_to_start_a_group_names_the_pools_contact_point(
    coordinator, contact_point, make_user, client_for
) -> None:
    for name in ("A", "B"):
        register_interest(make_user(name), ["depresjon"])
    pool = Pool.objects.get(contact_point=contact_point)
    page = client_for(coordinator).get(f"/kontaktpunkt/{contact_point.slug}/interesse/{pool.code}/")
    assert f"kontaktpunkt={contact_point.slug}" in page.content.decode()
