"""Staff's home: the overview of their contact point, where they land after signing in."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from selvhjelp.contactpoints.models import Staff, StaffRole
from selvhjelp.contactpoints.services import staff_invite
from selvhjelp.groups.models import Group
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Premises
from tests.conftest import meet_weekly, register_interest, sorg_group
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_staff_land_on_their_contact_point_and_others_on_their_profile(
    coordinator, participant, contact_point, client_for
) -> None:
    assert client_for(coordinator).get("/start/")["Location"] == (
        f"/kontaktpunkt/{contact_point.slug}/oversikt/"
    )
    assert client_for(participant).get("/start/")["Location"] == "/profil/"


def test_the_overview_is_for_the_contact_points_own_staff(
    initiator, other_coordinator, contact_point, client_for
) -> None:
    path = f"/kontaktpunkt/{contact_point.slug}/oversikt/"
    assert client_for(initiator).get(path).status_code == 200
    assert client_for(other_coordinator).get(path).status_code in (403, 404)


def _a_week_of_work(contact_point, coordinator, make_user, number: int) -> None:
    """Groups in two states, a pool one short of its threshold, a room booked this week, a
    self-started group asking to be listed, a new colleague and an invitation."""
    sorg_group(coordinator, title=f"Forming {number}", contact_point=contact_point)
    running = sorg_group(coordinator, title=f"Starting {number}", contact_point=contact_point)
    Group.objects.filter(pk=running.pk).update(state="starting")
    for n in range(contact_point.interest_threshold - 1):
        register_interest(make_user(f"P{number}-{n}"), themes=("angst",))
    room = Premises.objects.create(contact_point=contact_point, name=f"Rom {number}", address="-")
    meet_weekly(running, start_date=date(2027, 3, 4), weekday=3, start_time=time(18), premises=room)
    starter = make_user(f"Starter {number}")
    own = sorg_group(starter, title=f"Egen {number}")
    Group.objects.filter(pk=own.pk).update(listing_requested_at=timezone.now())
    colleague = make_user(f"Kollega {number}")
    Staff.objects.create(contact_point=contact_point, user=colleague, role=StaffRole.INITIATOR)
    staff_invite(
        contact_point=contact_point,
        email=f"ny{number}@example.org",
        role=StaffRole.INITIATOR,
        invited_by=coordinator,
    )


def test_the_overview_shows_the_work_with_a_fixed_number_of_queries(
    coordinator, contact_point, make_user, client_for, time_machine
) -> None:
    # Wednesday 3 March 2027: the room's Thursday meetings this week are on the page.
    time_machine.move_to(datetime(2027, 3, 3, 12, tzinfo=OSLO), tick=False)
    path = f"/kontaktpunkt/{contact_point.slug}/oversikt/"
    client = client_for(coordinator)
    _a_week_of_work(contact_point, coordinator, make_user, 1)
    page = assert_queries_do_not_grow(
        client, path, lambda: _a_week_of_work(contact_point, coordinator, make_user, 2), at_most=20
    )
    html = page.content.decode()
    assert dict(page.context["by_state"])["Under oppstart"] == 2
    assert "Egen 1" in html
    assert "Egen 2" in html
    assert "Rom 1: Torsdag 4. mars kl. 18:00" in html
    assert "Rom 2:" in html
    assert "Kollega 2" in html
    assert "ny2@example.org" in html
    assert "Angst" in html
    assert page.context["by_state"][0][1] == 2  # forming
    assert len(page.context["follow_ups"]) == 0
