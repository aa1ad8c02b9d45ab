"""Marker strings in everything private about a group (its members' names and addresses, its
room, its video link, the agreement, its initiator) never appear at any open data address."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group
from selvhjelp.groups.services.frames import agreement_update
from selvhjelp.meetings.models import Premises
from tests.conftest import admit, meet_weekly
from tests.test_project import OPEN_DATA, ROUTES, access_of

pytestmark = pytest.mark.django_db

MARKERS = {
    "member": "Medlemsnavn Qz1",
    "email": "hemmelig.qz2@example.org",
    "room": "Kjellerrom Qz3",
    "room address": "Hemmeligveien Qz4",
    "video link": "https://video.example/rom-qz5",
    "agreement": "Avtaletekst Qz6",
    "initiator": "Igangsetter Qz7",
}


@pytest.fixture
def private_group(
    make_user: Callable[..., User],
    make_group: Callable[..., Group],
    contact_point: ContactPoint,
) -> Group:
    contact_point.embed_origins = "https://www.oslo.kommune.example"
    contact_point.save()
    group = make_group(
        "Åpen tittel",
        contact_point=contact_point,
        initiator=make_user(MARKERS["initiator"]),
        openness="open",
        free_seats=3,
        state="running",
    )
    admit(group, make_user(MARKERS["member"], email=MARKERS["email"]))
    agreement_update(group=group, changes={"place": MARKERS["agreement"]})
    room = Premises.objects.create(
        contact_point=contact_point,
        name=MARKERS["room"],
        owner_kind="library",
        address=MARKERS["room address"],
    )
    meet_weekly(group, premises=room, place_details=MARKERS["video link"])
    return group


def _open_data_paths(group: Group, contact_point: ContactPoint) -> list[str]:
    paths = [
        route.path.replace("/x/", f"/{contact_point.slug}/").replace("/x", f"/{group.code}")
        for route in ROUTES
        if access_of(route.route) == OPEN_DATA
    ]
    return [
        *paths,
        "/api/v1/docs/",
        "/innbygging/",
        "/innbygging/?kommune=0301",
        f"/innbygging/?kontaktpunkt={contact_point.slug}",
        f"/api/v1/groups?q={group.title}",
    ]


def test_no_private_marker_reaches_any_open_data_address(
    private_group: Group, contact_point: ContactPoint
) -> None:
    client = Client()
    seen = {}
    for path in _open_data_paths(private_group, contact_point):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            body = json.dumps(json.loads(body), ensure_ascii=False)  # "\u00c5" is "Å"
        seen[path] = body
    assert private_group.title in seen[f"/api/v1/groups/{private_group.code}"]
    assert private_group.code in seen["/api/v1/meeting-guide.json"]
    leaks = [
        (path, what)
        for path, body in seen.items()
        for what, mark in MARKERS.items()
        if mark in body
    ]
    assert leaks == []


def test_no_number_of_members_or_free_seats_is_published(private_group: Group) -> None:
    data = Client().get(f"/api/v1/groups/{private_group.code}").json()
    assert 3 not in data.values()
    assert not {"free_seats", "capacity", "members", "member_count"} & set(data)
    entry = Client().get("/api/v1/meeting-guide.json").json()[0]
    assert not {"conference_url", "conference_phone", "contact_1_name"} & set(entry)
