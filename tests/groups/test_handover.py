"""The hand-over: what it needs, and who keeps the inside afterwards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from selvhjelp.groups.models import GroupState
from selvhjelp.groups.services import NotAllowed
from selvhjelp.groups.services.frames import declaration_sign
from selvhjelp.groups.services.handover import group_hand_over
from tests.conftest import ready_for_hand_over

pytestmark = pytest.mark.django_db


def test_hand_over_needs_the_basics_and_removes_the_initiators_access_at_once(
    starting_group, add_member, make_user, initiator, client_for
) -> None:
    client = client_for(initiator)
    inside = f"/grupper/{starting_group.code}/inne/"
    with pytest.raises(NotAllowed):
        group_hand_over(group=starting_group)
    ready_for_hand_over(starting_group, [make_user("A"), make_user("B")])
    assert client.get(inside).status_code == 200
    checklist = f"/grupper/{starting_group.code}/inne/sjekkliste/"
    # The first press shows what a hand-over does; nothing changes until it is confirmed.
    asked = client.post(checklist, {"step": "handover"})
    assert asked.status_code == 200
    assert "Det kan ikke angres." in asked.content.decode()
    starting_group.refresh_from_db()
    assert starting_group.state == GroupState.FORMING
    response = client.post(checklist, {"step": "handover", "confirmed": "yes"})
    assert response["Location"] == f"/grupper/{starting_group.code}/oppfolging/"
    starting_group.refresh_from_db()
    assert starting_group.state == GroupState.RUNNING
    for path in ("", "avtale/", "taushetserklaering/", "inviter/"):
        assert client.get(inside + path).status_code == 404
    assert client.get(f"/grupper/{starting_group.code}/oppfolging/").status_code == 200
    visit = timezone.localdate() + timedelta(days=42)
    client.post(f"/grupper/{starting_group.code}/oppfolging/", {"on": str(visit)})
    starting_group.refresh_from_db()
    assert starting_group.follow_up_planned_on == visit


def test_a_starter_becomes_an_ordinary_member_at_hand_over(
    participant, own_group, add_member, make_user, client_for
) -> None:
    group = own_group(participant)
    declaration_sign(group=group, user=participant)
    ready_for_hand_over(group, [make_user("A")])
    group_hand_over(group=group)
    client = client_for(participant)
    assert client.get(f"/grupper/{group.code}/inne/").status_code == 200
    assert (
        client.post(f"/grupper/{group.code}/inne/inviter/", {"action": "renew-link"}).status_code
        == 403
    )
    assert client.get(f"/grupper/{group.code}/oppfolging/").status_code == 404
