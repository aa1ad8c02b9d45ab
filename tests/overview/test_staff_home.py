"""Staff's home: the overview of their contact point, where they land after signing in."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from selvhjelp.contactpoints.models import Staff, StaffRole
from selvhjelp.contactpoints.services import staff_invite
from selvhjelp.groups.models import Group
from selvhjelp.groups.services.creation import group_create
from selvhjelp.groups.services.handover import follow_up_plan, group_hand_over, group_mark
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Premises
from selvhjelp.meetings.selectors import meetings_on_own
from tests.conftest import (
    meet_weekly,
    municipality,
    ready_for_hand_over,
    register_interest,
    sorg_group,
    theme,
    with_mfa,
)
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


def test_every_link_on_the_overview_opens_for_whoever_sees_it_and_the_profile_leads_there(
    initiator, coordinator, contact_point, client_for
) -> None:
    path = f"/kontaktpunkt/{contact_point.slug}/oversikt/"
    for person in (initiator, coordinator):
        client = client_for(person)
        assert f'href="{path}"' in client.get("/profil/").content.decode()
        html = client.get(path).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        links = set(re.findall(r'href="(/[^"#?]*)"', main))
        assert links
        for link in links:
            assert client.get(link).status_code == 200, (person.display_name, link)
    coordinators = client_for(coordinator).get(path).content.decode()
    assert f"/kontaktpunkt/{contact_point.slug}/ansatte/" in coordinators


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
    assert "Rom 1: torsdag 4. mars kl. 18:00" in html
    assert "Rom 2:" in html
    assert "Kollega 2" in html
    assert "ny2@example.org" in html
    assert "Angst" in html
    assert page.context["by_state"][0][1] == 2  # forming
    assert len(page.context["follow_ups"]) == 0


# Mondays at 18:00 from 1 March 2027 (meet_weekly's default); the clock starts the Sunday before.
BEFORE_THE_FIRST = datetime(2027, 2, 28, 12, tzinfo=OSLO)
# Monday 29 March 2027, after that evening's meeting.
AFTER_THE_FIFTH = datetime(2027, 3, 29, 21, tzinfo=OSLO)


def _handed_over_on(group: Group, day: date, people: list) -> Group:
    """Hand the group over on that day, once it has met with its initiator."""
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=OSLO), tick=False):
        ready_for_hand_over(group, people)
        return group_hand_over(group=group)


def test_the_overview_lists_exactly_the_follow_ups_due_at_the_contact_point(
    coordinator, initiator, contact_point, other_contact_point, make_staff, make_user, client_for
) -> None:
    other_initiator = with_mfa(make_staff("Tor igangsetter", other_contact_point, "initiator"))
    with time_machine.travel(BEFORE_THE_FIRST, tick=False):
        three = sorg_group(initiator, title="Tre på egen hånd", contact_point=contact_point)
        two = sorg_group(initiator, title="To på egen hånd", contact_point=contact_point)
        visited = sorg_group(initiator, title="Allerede besøkt", contact_point=contact_point)
        elsewhere = group_create(
            creator=other_initiator,
            title="Tromsøgruppa",
            themes=[theme("sorg")],
            municipality=municipality("5501"),
            kind="shared",
            format="physical",
            contact_point=other_contact_point,
        )
        for group in (three, two, visited, elsewhere):
            meet_weekly(group)
    people = [make_user(f"Medlem {n}") for n in range(8)]
    # Handed over on Tuesday 9 March: 15, 22 and 29 March on its own.
    _handed_over_on(three, date(2027, 3, 9), people[0:2])
    _handed_over_on(visited, date(2027, 3, 9), people[2:4])
    _handed_over_on(elsewhere, date(2027, 3, 9), people[4:6])
    # Handed over on Tuesday 16 March: 22 and 29 March.
    _handed_over_on(two, date(2027, 3, 16), people[6:8])
    with time_machine.travel(datetime(2027, 3, 23, 12, tzinfo=OSLO), tick=False):
        follow_up_plan(group=visited, on=date(2027, 3, 23))
        group_mark(group=visited, step="follow_up_done")
    path = f"/kontaktpunkt/{contact_point.slug}/oversikt/"
    with time_machine.travel(AFTER_THE_FIFTH, tick=False):
        assert [meetings_on_own(g) for g in (three, two, visited, elsewhere)] == [3, 2, 3, 3]
        page = client_for(coordinator).get(path)
        seen_by_its_initiator = client_for(initiator).get(path).content.decode()
        tromso = client_for(other_initiator).get(
            f"/kontaktpunkt/{other_contact_point.slug}/oversikt/"
        )
    assert [group.title for group in page.context["follow_ups"]] == ["Tre på egen hånd"]
    html = page.content.decode()
    due = html[html.index('id="follow-ups-heading"') : html.index('id="listing-heading"')]
    assert "Tre på egen hånd" in due
    assert all(title not in due for title in ("To på egen hånd", "Allerede besøkt", "Tromsø"))
    # The visit is the initiator's: only they are led to its page, the others see who it is.
    link = f'href="/grupper/{three.code}/oppfolging/"'
    assert link not in due
    assert "Ola igangsetter" in due
    assert link in seen_by_its_initiator
    assert [group.title for group in tromso.context["follow_ups"]] == ["Tromsøgruppa"]
