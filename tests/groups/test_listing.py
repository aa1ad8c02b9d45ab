"""A self-started group asks to be listed; a coordinator of its area lists it."""

from __future__ import annotations

import pytest
from django.test import Client

from selvhjelp.groups.services.frames import declaration_sign
from selvhjelp.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_a_starter_asks_and_a_coordinator_of_the_area_lists_the_group(
    participant, own_group, coordinator, other_coordinator, contact_point, client_for
) -> None:
    group = own_group(participant)
    declaration_sign(group=group, user=participant)
    client_for(participant).post(f"/grupper/{group.code}/inne/be-om-oppforing/")
    notices = Message.objects.filter(kind="listing_request")
    assert [m.recipient for m in notices] == [coordinator]
    assert not Message.objects.filter(kind="staff_notice").exists()
    other = client_for(other_coordinator).get(
        f"/kontaktpunkt/{other_coordinator.staff_roles.get().contact_point.slug}/godkjenning/"
    )
    assert group.title not in other.content.decode()
    client = client_for(coordinator)
    page = client.get(f"/kontaktpunkt/{contact_point.slug}/godkjenning/")
    assert group.title in page.content.decode()
    client.post(f"/kontaktpunkt/{contact_point.slug}/godkjenning/", {"group": group.code})
    group.refresh_from_db()
    assert (group.listed, group.contact_point) == (True, contact_point)
    assert Client().get(f"/grupper/{group.code}/").status_code == 200
