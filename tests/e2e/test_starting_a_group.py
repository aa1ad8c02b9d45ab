"""An initiator goes from a pool to a hand-over; a member accepts and signs the declaration."""

from __future__ import annotations

import pytest

from selvhjelp.groups.models import Group, GroupState, Membership
from selvhjelp.interest.models import Pool
from tests.conftest import register_interest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _switch_to(visitor, user) -> None:
    visitor.page.context.clear_cookies()
    visitor.login(user)


def test_from_pool_to_hand_over_with_a_member_signing(
    visitor, initiator, contact_point, make_user
) -> None:
    page = visitor.page
    people = [make_user(name) for name in ("Mari", "Jonas")]
    for person in people:
        register_interest(person)

    # The initiator opens the pool and starts a group from it.
    _switch_to(visitor, initiator)
    visitor.goto(f"/kontaktpunkt/{contact_point.slug}/interesse/{Pool.objects.get().code}/")
    page.get_by_role("link", name="Start en gruppe fra denne listen").click()
    visitor.check()
    assert page.get_by_label("Sorg og tap").is_checked()
    page.get_by_label("Navn på gruppa").fill("Sorggruppe på Tøyen")
    page.get_by_label("Kontaktpunkt").select_option(label="LINK Oslo")
    page.get_by_role("button", name="Opprett gruppa").click()
    visitor.check()
    group = Group.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == "Sorggruppe på Tøyen"
    assert page.get_by_text("færre enn fire medlemmer").is_visible()

    # Intake, then invitations for both.
    page.get_by_role("link", name="Kartleggingssamtaler").click()
    visitor.check()
    page.get_by_label("Person", exact=True).select_option(label="Mari")
    page.get_by_label("Dato for samtalen").fill("2026-11-20")
    page.get_by_label("Passer for gruppa").check()
    page.get_by_role("button", name="Registrer").click()
    visitor.check()
    page.get_by_role("link", name="Oversikt").click()
    for name in ("Mari", "Jonas"):
        page.get_by_label(
            "Person (interessert i denne gruppa eller interesselisten)"
        ).select_option(label=name)
        page.get_by_role("button", name="Inviter", exact=True).click()
        visitor.check()

    # Mari accepts and signs; Jonas too.
    for person in people:
        _switch_to(visitor, person)
        visitor.goto(f"/grupper/{group.code}/svar/")
        page.get_by_role("button", name="Ja, jeg vil være med").click()
        visitor.check()
        assert page.get_by_role("heading", level=1).inner_text() == "Taushetserklæring"
        page.get_by_role("button", name="Jeg signerer erklæringen").click()
        visitor.check()
        assert page.get_by_role("heading", level=1).inner_text() == "Sorggruppe på Tøyen"
    assert Membership.objects.filter(group=group, state="member").count() == 2

    # A member fills in the agreement.
    page.get_by_role("link", name="Gruppeavtale").click()
    visitor.check()
    page.get_by_label("hvor ofte vi møtes").fill("Hver uke i starten")
    page.get_by_label("sted eller videorom (bare for medlemmer)").fill("Tøyen bibliotek, møterom 2")
    page.get_by_label("hvordan og innen når vi gir beskjed").fill("I gruppa, innen dagen før")
    page.get_by_role("button", name="Lagre").click()
    visitor.check()

    # The initiator marks the principles and hands the group over.
    _switch_to(visitor, initiator)
    visitor.goto(f"/grupper/{group.code}/inne/")
    page.get_by_role("button", name="Prinsipper og rammer er gjennomgått").click()
    visitor.check()
    page.get_by_role("button", name="Overlever gruppa").click()
    visitor.check()
    # The page says what a hand-over does before it is done.
    assert page.get_by_role("heading", level=1).inner_text() == "Vil du overlevere gruppa?"
    page.get_by_role("button", name="Ja, overlever gruppa").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Sorggruppe på Tøyen"
    assert page.url == f"{visitor.base_url}/grupper/{group.code}/oppfolging/"
    group.refresh_from_db()
    assert group.state == GroupState.RUNNING
    response = page.goto(visitor.base_url + f"/grupper/{group.code}/inne/")
    assert response.status == 404
    visitor.check()


def test_a_participant_starts_a_group_shares_the_link_and_it_gets_listed(
    visitor, participant, coordinator, contact_point, make_user
) -> None:
    page = visitor.page
    _switch_to(visitor, participant)
    visitor.goto("/grupper/ny/")
    page.get_by_label("Navn på gruppa").fill("Vår egen gruppe")
    page.get_by_label("Traumer").check()
    page.get_by_label("Kommune").select_option("0301")
    page.get_by_role("button", name="Opprett gruppa").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Taushetserklæring"
    page.get_by_role("button", name="Jeg signerer erklæringen").click()
    visitor.check()
    group = Group.objects.get()
    link = page.locator(".invite-link").inner_text()
    page.get_by_role("button", name="Be om å bli ført opp").click()
    visitor.check()

    _switch_to(visitor, make_user("Tor"))
    visitor.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Bli med i gruppa").click()
    visitor.check()
    page.get_by_role("button", name="Jeg signerer erklæringen").click()
    page.get_by_role("link", name="Taushetserklæring").click()
    page.get_by_role("link", name="Utskriftsvennlig liste over signaturer").click()
    visitor.check()
    assert page.get_by_role("cell", name="Tor").is_visible()

    _switch_to(visitor, coordinator)
    visitor.goto(f"/kontaktpunkt/{contact_point.slug}/godkjenning/")
    page.get_by_role("button", name="Før opp «Vår egen gruppe»").click()
    visitor.check()
    group.refresh_from_db()
    assert group.listed
