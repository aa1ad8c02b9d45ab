"""A member gives and withdraws a notice of absence; the meeting, calendar and room pages."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from selvhjelp.meetings.models import Absence, Meeting, Premises
from tests.conftest import admit, meet_weekly

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def group(starting_group, participant, make_user):
    """A starting group with two signed members, meeting on Thursdays at 18:00 from today."""
    for person in (participant, make_user("Jonas")):
        admit(starting_group, person)
    meet_weekly(
        starting_group,
        start_date=timezone.localdate(),
        weekday=3,
        place_details="https://video.example.org/torsdag",
    )
    return starting_group


def test_a_member_gives_and_withdraws_a_notice_of_absence(visitor, group, participant) -> None:
    page = visitor.page
    visitor.login(participant)
    visitor.goto(f"/grupper/{group.code}/inne/")
    page.get_by_role("link", name="Alle møter, og «Jeg kan ikke komme»").click()
    visitor.check()
    page.get_by_role("button", name="Jeg kan ikke komme").first.click()
    visitor.check()
    assert page.get_by_text("De andre kan se at du ikke kan komme.").is_visible()
    assert page.get_by_text(f"Kan ikke komme: {participant.display_name}").is_visible()
    assert Absence.objects.filter(user=participant).count() == 1
    page.get_by_role("button", name="Jeg kan komme likevel").click()
    visitor.check()
    assert not Absence.objects.exists()


def test_meeting_calendar_and_leaving_pages(visitor, group, participant) -> None:
    page = visitor.page
    visitor.login(participant)
    meeting = Meeting.objects.earliest("starts_at")
    visitor.goto(f"/grupper/{group.code}/inne/moter/{meeting.code}/")
    page.get_by_role("link", name="Avlys møtet for alle …").click()
    visitor.check()
    page.get_by_label("Beskjed til gruppa (valgfritt)").fill("Vi tar fri")
    page.get_by_role("button", name="Ja, avlys møtet").click()
    visitor.check()
    meeting.refresh_from_db()
    assert meeting.cancelled
    visitor.goto("/kalender/")
    assert "/kalender/" in page.get_by_label("Adressen til kalenderen din").input_value()
    page.get_by_role("button", name="Lag en ny adresse").click()
    visitor.check()
    visitor.goto(f"/grupper/{group.code}/inne/slutte/")


def test_a_coordinator_registers_a_room(visitor, coordinator, contact_point) -> None:
    page = visitor.page
    visitor.login(coordinator)
    visitor.goto(f"/kontaktpunkt/{contact_point.slug}/lokaler/")
    page.get_by_label("Navn").fill("Biblioteket, rom 1")
    page.get_by_label("Eies av").select_option("library")
    page.get_by_label("Adresse").fill("Storgata 1")
    page.get_by_label("Trinnfri adkomst").check()
    page.get_by_role("button", name="Legg til").click()
    visitor.check()
    room = Premises.objects.get()
    assert (room.contact_point, room.name, room.owner_kind, room.address, room.step_free) == (
        contact_point,
        "Biblioteket, rom 1",
        "library",
        "Storgata 1",
        True,
    )
    link = page.get_by_role("link", name="Biblioteket, rom 1")
    listed = page.get_by_role("listitem").filter(has=link)
    assert listed.inner_text() == "Biblioteket, rom 1 – Storgata 1 · trinnfritt"
    link.click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Biblioteket, rom 1"
    assert page.url == f"{visitor.base_url}/kontaktpunkt/{contact_point.slug}/lokaler/{room.code}/"


def test_the_calendar_address_is_copied_with_a_button(visitor, group, participant) -> None:
    page = visitor.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    visitor.login(participant)
    visitor.goto("/kalender/")
    address = page.get_by_label("Adressen til kalenderen din")
    assert "/kalender/" in address.input_value()
    assert address.get_attribute("readonly") is not None
    page.get_by_role("button", name="Kopier").click()
    # Copying is asynchronous: the status is written once the clipboard has taken the text.
    expect(page.get_by_role("status")).to_have_text("Adressen er kopiert.")
    assert page.evaluate("navigator.clipboard.readText()") == address.input_value()
    visitor.check()
