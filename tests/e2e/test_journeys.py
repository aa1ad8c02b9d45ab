"""Issue 16's journeys, walked in a real browser as each person would, with axe on every page:
decisions that show what they decide, admitting someone as a path, pools across a county, the
initiator's first meetings and follow-up, and nothing destructive in one click."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from selvhjelp.contactpoints.models import StaffRole
from selvhjelp.decisions.models import Proposal
from selvhjelp.groups.models import Group, GroupInterest, Membership, MembershipState
from selvhjelp.groups.services.frames import declaration_new_version
from selvhjelp.groups.services.handover import group_hand_over
from selvhjelp.interest.models import Interest
from selvhjelp.meetings.models import Meeting, MeetingSeries
from selvhjelp.meetings.services import meetings_generate
from selvhjelp.notifications.models import Message
from tests.conftest import (
    admit,
    meet_weekly,
    members_of,
    municipality,
    ready_for_hand_over,
    register_interest,
    with_mfa,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_sees_what_a_decision_decides_and_cannot_open_seats_the_group_lacks(
    visitor, running_group, make_user
) -> None:
    group = running_group
    meet_weekly(group, start_date=timezone.localdate(), place_details="Gammel lenke")
    for name in ("Fjerde", "Femte"):
        admit(group, make_user(name))
    page = visitor.page
    visitor.login(members_of(group)[0])

    visitor.goto(f"/grupper/{group.code}/inne/beslutninger/")
    page.get_by_role("link", name="Åpne plasser for nye medlemmer").click()
    visitor.check()
    page.get_by_label("Hvor mange plasser").fill("5")
    page.get_by_role("button", name="Legg det fram for gruppa").click()
    visitor.check()
    assert page.get_by_text(
        "Gruppa har plass til 3 personer til, så den kan ikke åpne 5 plasser."
    ).is_visible()
    assert not Proposal.objects.exists()

    visitor.goto(f"/grupper/{group.code}/inne/beslutninger/")
    page.get_by_role("link", name="Endre når eller hvor vi møtes").click()
    visitor.check()
    start = timezone.localdate() + timedelta(days=10)
    start += timedelta(days=(3 - start.weekday()) % 7)  # a Thursday: the first date is a meeting
    page.locator('[name="start_date"]').fill(start.isoformat())
    page.locator('[name="start_time"]').fill("18:30")
    page.get_by_label("Torsdag").check()
    page.locator('[name="interval"]').select_option("2")
    page.get_by_label("Video", exact=True).check()
    page.locator('[name="place_details"]').fill("Ny lenke")
    page.get_by_role("button", name="Legg det fram for gruppa").click()
    visitor.check()
    assert page.locator("del.change__before", has_text="Mandag").is_visible()
    assert page.locator("ins.change__after", has_text="Torsdag").is_visible()
    assert page.locator("ins.change__after", has_text="Annenhver uke").is_visible()
    assert page.locator("ins.change__after", has_text="Video · Ny lenke").is_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_member_asked_to_sign_again_sees_what_changed(visitor, running_group, member) -> None:
    signed = running_group.declarations.get(number=1).text
    declaration_new_version(
        group=running_group, text=signed + "\n\nVi hilser ikke på hverandre ute.", by_decision=True
    )
    page = visitor.page
    visitor.login(member)
    visitor.goto(f"/grupper/{running_group.code}/inne/")
    visitor.check()
    assert page.get_by_text("siden du skrev under på versjon 1").is_visible()
    assert page.locator("ins", has_text="Vi hilser ikke på hverandre ute.").is_visible()
    page.get_by_role("button", name="Jeg signerer erklæringen").click()
    visitor.check()


def test_someone_asks_to_be_told_when_a_full_group_has_room_and_a_member_proposes_them(
    visitor, running_group, participant
) -> None:
    group = running_group
    page = visitor.page
    visitor.login(participant)
    visitor.goto(f"/grupper/{group.code}/")
    assert page.get_by_role("heading", name="Gruppa har ikke plass nå").is_visible()
    page.get_by_label("Jeg samtykker til at dette lagres slik det er beskrevet over").check()
    page.get_by_role("button", name="Si fra når det er plass").click()
    visitor.check()
    assert page.get_by_text("Takk. Vi sier fra når gruppa har plass.").is_visible()
    assert GroupInterest.objects.filter(user=participant, group=group).exists()
    member = members_of(group)[0]
    assert Message.objects.filter(kind="join_wish", recipient=member).count() == 1

    page.context.clear_cookies()
    visitor.login(member)
    visitor.goto(f"/grupper/{group.code}/inne/")
    assert page.get_by_role("heading", name="Vil gjerne bli med").is_visible()
    page.get_by_role("link", name="Foreslå å ta inn Mari").click()
    visitor.check()
    assert page.locator('[name="applicant"] option:checked').inner_text() == "Mari"
    page.get_by_role("button", name="Legg det fram for gruppa").click()
    visitor.check()
    assert page.get_by_text("Hvem: Mari").is_visible()


def test_a_coordinator_sees_two_in_tromso_and_harstad_meet_in_one_pool(
    visitor, make_contact_point, make_staff, make_user
) -> None:
    troms = make_contact_point("Frivilligsentralen i nord")
    troms.municipalities.set([municipality("5501"), municipality("5503")])
    coordinator = with_mfa(make_staff("Tove", troms, StaffRole.COORDINATOR))
    register_interest(make_user("Ida i Tromsø"), place="5501", reach="county")
    register_interest(make_user("Per i Harstad"), place="5503", reach="county")
    page = visitor.page
    visitor.login(coordinator)
    visitor.goto(f"/kontaktpunkt/{troms.slug}/interesse/")
    county = page.locator("table", has=page.get_by_role("columnheader", name="Fylke"))
    assert county.get_by_role("row", name="Sorg og tap Troms 2 2").is_visible()
    page.get_by_role("row", name="Tromsø").get_by_role("link").click()
    visitor.check()
    assert page.get_by_role("cell", name="Per i Harstad").is_visible()
    assert page.get_by_role("cell", name="Harstad", exact=True).is_visible()


def test_the_initiator_records_the_first_meetings_and_finds_the_follow_up_due(
    visitor, starting_group, initiator, make_user
) -> None:
    group = starting_group
    admit(group, make_user("M"))
    today = timezone.localdate()
    meet_weekly(group, start_date=today, weekday=today.weekday(), start_time=time(23, 0))
    page = visitor.page
    visitor.login(initiator)
    visitor.goto(f"/grupper/{group.code}/inne/")
    page.get_by_role("button", name="Første møte er holdt").click()
    visitor.check()
    assert page.get_by_text("Det første møtet er ikke holdt ennå.").is_visible()

    # Four weeks of meetings behind it: the first with the initiator, then on its own.
    series = MeetingSeries.objects.get(group=group)
    series.start_date = today - timedelta(days=28)
    series.save(update_fields=["start_date"])
    meetings_generate(series, now=timezone.now() - timedelta(days=29))
    first = Meeting.objects.filter(series=series).earliest("starts_at")
    visitor.goto(f"/grupper/{group.code}/inne/")
    page.get_by_role("button", name="Jeg var der").first.click()
    visitor.check()
    assert page.locator("li", has_text="du var der").count() == 1
    first.refresh_from_db()
    assert first.initiator_attended
    page.get_by_role("button", name="Første møte er holdt").click()
    visitor.check()
    assert page.locator(".checklist__item--done", has_text="Første møte er holdt").is_visible()

    ready_for_hand_over(group, [make_user("A"), make_user("B")])
    group_hand_over(group=group)
    Group.objects.filter(pk=group.pk).update(handed_over_at=first.ends_at)
    visitor.goto("/profil/")
    page.get_by_role("link", name="Oppfølgingsbesøkene dine: hvilke som er aktuelle").click()
    visitor.check()
    due = page.locator("section", has=page.get_by_role("heading", name="Aktuelle nå"))
    assert due.get_by_role("link", name=group.title).is_visible()


def test_nothing_destructive_happens_in_one_click(
    visitor, running_group, member, make_group, contact_point
) -> None:
    group = running_group
    meet_weekly(group, start_date=timezone.localdate() + timedelta(days=1))
    meeting = Meeting.objects.filter(series__group=group).earliest("starts_at")
    page = visitor.page
    visitor.login(member)

    visitor.goto(f"/grupper/{group.code}/inne/moter/{meeting.code}/")
    page.get_by_role("link", name="Avlys møtet for alle …").click()
    visitor.check()
    assert page.get_by_text("De 2 andre medlemmene får en e-post").is_visible()
    page.get_by_role("link", name="Nei, behold det").click()
    visitor.check()
    meeting.refresh_from_db()
    assert not meeting.cancelled
    page.get_by_role("link", name="Avlys møtet for alle …").click()
    page.get_by_label("Beskjed til gruppa (valgfritt)").fill("Rommet er stengt")
    page.get_by_role("button", name="Ja, avlys møtet").click()
    visitor.check()
    meeting.refresh_from_db()
    assert meeting.cancelled

    register_interest(member)
    other = make_group("Fredagsgruppa", contact_point=contact_point)
    GroupInterest.objects.create(user=member, group=other)
    visitor.goto("/interesse/")
    page.get_by_role("link", name="Trekk tilbake og slett den …").click()
    visitor.check()
    assert page.get_by_text("Registreringen din: Sorg og tap, i Oslo.").is_visible()
    assert page.get_by_text("Interessen din for gruppa «Fredagsgruppa».").is_visible()
    assert Interest.objects.filter(user=member).exists()
    page.get_by_role("button", name="Ja, slett alt").click()
    visitor.check()
    assert not Interest.objects.filter(user=member).exists()
    assert not GroupInterest.objects.filter(user=member).exists()

    visitor.goto(f"/grupper/{group.code}/inne/slutte/")
    page.get_by_label("Jeg går ut nå").check()
    page.get_by_role("button", name="Si fra til gruppa").click()
    visitor.check()
    assert page.get_by_role("heading", name="Gå ut av gruppa nå?").is_visible()
    membership = Membership.objects.get(group=group, user=member)
    assert membership.state == MembershipState.MEMBER
    page.get_by_role("button", name="Ja, jeg går ut nå").click()
    visitor.check()
    membership.refresh_from_db()
    assert membership.state == MembershipState.LEFT
