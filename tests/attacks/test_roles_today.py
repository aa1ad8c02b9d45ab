"""Access follows the roles as they are now: a removed initiator loses the groups they started."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import Staff
from selvhjelp.contactpoints.services import staff_remove
from selvhjelp.groups.models import Group
from selvhjelp.groups.services.handover import group_hand_over
from tests.conftest import ready_for_hand_over
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db


def _group_paths(group: Group) -> list[str]:
    """Every inside, intake, follow-up and invitation URL of the group, from the URL table."""
    routes = [
        r.route
        for r in all_routes()
        if r.route.startswith(("grupper/<str:code>/inne/", "grupper/<str:code>/oppfolging/"))
    ]
    assert len(routes) >= 10
    return ["/" + route.replace("<str:code>", group.code) for route in routes]


def test_an_initiator_removed_from_the_staff_loses_every_page_of_the_groups_they_were_starting(
    starting_group: Group,
    initiator: User,
    coordinator: User,
    client_for: Callable[[User | None], Client],
) -> None:
    client = client_for(initiator)
    assert client.get(f"/grupper/{starting_group.code}/inne/").status_code == 200
    assert client.get(f"/grupper/{starting_group.code}/inne/inntak/").status_code == 200
    staff_remove(staff=Staff.objects.get(user=initiator), removed_by=coordinator)
    token = starting_group.invitation_token
    for path in _group_paths(starting_group):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"action": "renew-link"}).status_code == 404, path
    starting_group.refresh_from_db()
    assert starting_group.invitation_token == token


def test_an_initiator_removed_after_the_hand_over_loses_the_follow_up_page(
    starting_group: Group,
    initiator: User,
    coordinator: User,
    make_user: Callable[..., User],
    client_for: Callable[[User | None], Client],
) -> None:
    ready_for_hand_over(starting_group, [make_user("A"), make_user("B")])
    group_hand_over(group=starting_group)
    client = client_for(initiator)
    path = f"/grupper/{starting_group.code}/oppfolging/"
    assert client.get(path).status_code == 200
    staff_remove(staff=Staff.objects.get(user=initiator), removed_by=coordinator)
    assert client.get(path).status_code == 404
    assert client.post(path, {"step": "done"}).status_code == 404
    starting_group.refresh_from_db()
    assert starting_group.follow_up_done_at is None


def test_a_starter_who_leaves_their_own_group_stops_being_its_initiator(
    participant: User,
    own_group: Callable[[User], Group],
    client_for: Callable[[User | None], Client],
) -> None:
    from selvhjelp.groups.services.membership import membership_leave

    group = own_group(participant)
    membership_leave(group=group, user=participant)
    assert client_for(participant).get(f"/grupper/{group.code}/inne/").status_code == 404
