"""Sign up, verify the address from the email (which signs in), log out, log in, switch language
and log out."""

from __future__ import annotations

import re

import pytest

from selvhjelp.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_log_in_switch_language_and_log_out(visitor, deliver) -> None:
    page = visitor.page
    visitor.goto("/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_text("22 40 00 40").is_visible()

    page.get_by_role("link", name="Lag en konto").first.click()
    visitor.check()
    page.get_by_label("E-post").fill("solveig@example.org")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_label("Visningsnavn").fill("Solveig")
    page.get_by_label("Jeg er 18 år eller eldre").check()
    page.get_by_role("button", name="Registrer deg").click()
    page.wait_for_url("**/konto/confirm-email/")
    visitor.check()

    body = deliver()[-1].body
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", body)
    assert link, body
    page.goto(link.group(0))
    visitor.check()
    # Confirmed in the browser that signed up, the person is signed in.
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url("**/profil/")
    visitor.check()
    page.get_by_role("button", name="Logg ut").click()
    visitor.check()

    page.goto(visitor.base_url + "/konto/login/")
    visitor.check()
    page.get_by_label("E-post").fill("solveig@example.org")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    page.wait_for_url("**/profil/")
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Min profil"

    # The switch is a link to the same page in English; the account keeps its language
    # until the person saves another one on the profile.
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/profil/")
    visitor.check()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "My profile"
    assert User.objects.get(email="solveig@example.org").language == "nb"
    page.get_by_label("Language", exact=True).select_option("en")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/en/profil/")
    visitor.check()
    assert User.objects.get(email="solveig@example.org").language == "en"

    page.get_by_role("button", name="Log out").click()
    visitor.check()
    assert page.get_by_role("link", name="Log in").is_visible()


def test_the_skip_link_is_the_first_stop_for_the_keyboard(visitor) -> None:
    page = visitor.page
    visitor.goto("/prinsipper/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnholdet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/prinsipper/",
        "/samtalekompasset/",
        "/personvern/",
        "/tilgjengelighet/",
        "/finnes-ikke/",
    ],
)
def test_information_pages_pass_axe_in_bokmaal_nynorsk_and_english(visitor, path: str) -> None:
    visitor.goto(path)
    for name, language in (("Nynorsk", "nn"), ("English", "en")):
        visitor.page.get_by_role("link", name=name).click()
        visitor.page.wait_for_load_state("load")
        visitor.check()
        assert visitor.page.locator("html").get_attribute("lang") == language


def test_account_pages_pass_axe(visitor, participant) -> None:
    page = visitor.page
    visitor.goto("/konto/password/reset/")
    visitor.goto("/konto/login/")
    page.get_by_label("E-post").fill(participant.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    page.wait_for_url("**/profil/")
    visitor.goto("/profil/slett/")
    assert "/konto/reauthenticate/" in page.url
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Bekreft").click()
    visitor.check()
    assert "/profil/slett/" in page.url
    for path in (
        "/konto/2fa/",
        "/konto/email/",
        "/konto/password/change/",
        "/konto/2fa/totp/activate/",
        "/varsler/",
    ):
        visitor.goto(path)
