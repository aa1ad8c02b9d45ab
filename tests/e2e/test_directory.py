"""Finding a group, registering interest, and the staff pages, in a real browser with axe."""

from __future__ import annotations

import pytest

from selvhjelp.contactpoints.models import StaffInvitation
from selvhjelp.groups.models import Theme
from selvhjelp.interest.models import Interest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listed(make_group, contact_point):
    return [
        make_group(
            "Sorggruppe på Grünerløkka",
            contact_point=contact_point,
            weekday=0,
            time_of_day="evening",
        ),
        make_group(
            "Angst på nett",
            themes=("angst",),
            format="video",
            openness="open",
            free_seats=2,
            state="running",
            contact_point=contact_point,
        ),
        make_group("Sorg i nord", municipality="5501", state="running"),
    ]


def test_a_visitor_filters_the_directory_and_opens_a_group(visitor, listed) -> None:
    page = visitor.page
    visitor.goto("/grupper/")
    assert page.get_by_role("heading", name="3 grupper").is_visible()
    page.get_by_label("Tema").select_option(label="Sorg og tap")
    page.get_by_label("Bare grupper med plass eller som er under oppstart").check()
    page.get_by_role("button", name="Vis grupper").click()
    visitor.check()
    assert "tema=sorg" in page.url
    assert page.get_by_role("heading", name="1 gruppe").is_visible()
    page.get_by_role("link", name="Sorggruppe på Grünerløkka").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Sorggruppe på Grünerløkka"
    page.get_by_role("link", name="English").click()
    visitor.check()
    assert "/en/grupper/" in page.url
    page.get_by_role("link", name="How to get in touch").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "LINK Oslo"


def test_searching_for_a_theme_that_has_no_group_offers_to_register_interest(
    visitor, listed
) -> None:
    visitor.goto("/grupper/?q=spiseproblemer")
    assert visitor.page.get_by_role("heading", name="Ingen gruppe her ennå").is_visible()


def test_a_participant_registers_interest_with_consent_and_withdraws_it(
    visitor, participant, contact_point
) -> None:
    page = visitor.page
    visitor.login(participant)
    visitor.goto("/interesse/")
    page.get_by_label("Depresjon og nedstemthet").check()
    page.get_by_label("Hvor bor du?").select_option("0301")
    page.get_by_label("En gruppe som møtes på video eller telefon, passer også").check()
    page.get_by_role("button", name="Lagre").click()
    visitor.check()
    assert page.get_by_text("Se over dette").is_visible()
    assert not Interest.objects.exists()
    page.get_by_label("Jeg samtykker til at dette lagres slik det er beskrevet over").check()
    page.get_by_role("button", name="Lagre").click()
    visitor.check()
    assert page.get_by_text("Interessen din er lagret.").is_visible()
    assert Interest.objects.get().digital_ok
    page.get_by_role("link", name="Trekk tilbake og slett den …").first.click()
    visitor.check()
    assert Interest.objects.exists()  # nothing goes before the person has confirmed
    page.get_by_role("button", name="Ja, slett alt").click()
    visitor.check()
    assert not Interest.objects.exists()


def test_a_participant_shows_interest_in_one_group(visitor, participant, listed) -> None:
    page = visitor.page
    visitor.login(participant)
    visitor.goto(f"/grupper/{listed[1].code}/")
    page.get_by_label("Jeg samtykker til at dette lagres slik det er beskrevet over").check()
    page.get_by_role("button", name="Jeg er interessert").click()
    visitor.check()
    assert page.get_by_text("Du har sagt at du er interessert.").is_visible()


def test_a_coordinator_works_through_the_staff_pages(
    visitor, coordinator, contact_point, make_user, listed
) -> None:
    from tests.conftest import register_interest

    for n in range(2):
        register_interest(make_user(f"P{n}"))
    page = visitor.page
    visitor.login(coordinator)
    visitor.goto(f"/kontaktpunkt/{contact_point.slug}/interesse/")
    page.get_by_role("link", name="Sorg og tap").click()
    visitor.check()
    assert page.get_by_role("cell", name="P0").is_visible()
    visitor.goto(f"/kontaktpunkt/{contact_point.slug}/ansatte/")
    page.get_by_label("E-postadresse").fill("ny@example.org")
    page.get_by_label("Igangsetter").check()
    page.get_by_role("button", name="Send invitasjon").click()
    visitor.check()
    assert StaffInvitation.objects.filter(email="ny@example.org").exists()
    visitor.goto(f"/kontaktpunkt/{contact_point.slug}/rediger/")
    visitor.goto("/tema/")
    # Themes are shared: a coordinator suggests one, and it waits for an administrator.
    assert page.get_by_role("link", name="Sorg og tap").count() == 0
    page.get_by_label("Navn (bokmål)").fill("Ensomhet i eldre år")
    page.get_by_label("Type").select_option("shared")
    page.get_by_role("button", name="Foreslå").click()
    visitor.check()
    suggested = Theme.objects.get(name_nb="Ensomhet i eldre år")
    assert (suggested.active, suggested.suggested_by) == (False, coordinator)
    visitor.goto("/profil/")


def test_an_invited_person_accepts(visitor, coordinator, contact_point, make_user) -> None:
    from selvhjelp.contactpoints.services import staff_invite

    invitation = staff_invite(
        contact_point=contact_point,
        email="ny@example.org",
        role="initiator",
        invited_by=coordinator,
    )
    visitor.login(make_user("Ny", email="ny@example.org"))
    visitor.goto(f"/ansatt/invitasjon/{invitation.token}/")
    visitor.page.get_by_role("button", name="Godta").click()
    visitor.check()
    assert visitor.page.get_by_role("heading", level=1).inner_text() == "LINK Oslo"


def test_the_structured_data_block_passes_the_content_security_policy(visitor, listed) -> None:
    """A JSON-LD block has no nonce: the browser treats it as data, never runs it, and so
    never asks the CSP about it. The control shows the listener does see a refused script."""
    page = visitor.page
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (event) => window.violations.push(event.effectiveDirective));"
    )
    visitor.goto(f"/nn/grupper/{listed[0].code}/")
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    data = page.evaluate(
        "JSON.parse(document.querySelector('[type=\"application/ld+json\"]').text)"
    )
    assert data["@type"] == "Event"
    assert page.evaluate("window.violations") == []

    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.head.append(s); }"
    )
    page.wait_for_function("window.violations.length > 0")
    assert page.evaluate("window.violations") == ["script-src-elem"]
    assert page.evaluate("window.ran") is None
    visitor.problems.clear()  # the refused control script, reported on the console on purpose


def _municipalities(page) -> list[str]:
    return page.get_by_label("Kommune").locator("option").all_inner_texts()


def test_choosing_a_county_narrows_the_municipalities_without_a_reload(visitor, listed) -> None:
    page = visitor.page
    visitor.goto("/grupper/")
    assert "Oslo" in _municipalities(page)
    assert "Tromsø" in _municipalities(page)
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Fylke").select_option(label="Troms")
    assert page.evaluate("window.notReloaded") is True
    shown = _municipalities(page)
    assert "Tromsø" in shown
    assert "Harstad" in shown
    assert "Oslo" not in shown
    assert "Bergen" not in shown
    page.get_by_label("Kommune").select_option(label="Tromsø")
    page.get_by_role("button", name="Vis grupper").click()
    visitor.check()
    assert "fylke=55" in page.url
    assert "kommune=5501" in page.url
    assert page.get_by_role("heading", name="1 gruppe").is_visible()
    # Narrowed by the server now; another county brings its own municipalities back.
    assert "Oslo" not in _municipalities(page)
    page.get_by_label("Fylke").select_option(label="Oslo")
    assert _municipalities(page) == ["Alle kommuner", "Oslo"]
    page.get_by_label("Fylke").select_option(label="Alle fylker")
    assert len(_municipalities(page)) > 300
