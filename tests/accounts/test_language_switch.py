"""One address per page and language; the switch is three links; the account keeps a language
for emails and for where the person lands after signing in."""

from __future__ import annotations

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.notifications.models import Message
from selvhjelp.notifications.services import notify
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_visitor_reads_a_page_in_english_at_its_english_address() -> None:
    client = Client()
    html = client.get("/en/prinsipper/").content.decode()
    assert '<html lang="en"' in html
    assert "Six principles for good conversations" in html
    assert client.cookies == {}
    assert '<html lang="nb"' in client.get("/prinsipper/").content.decode()


def test_nynorsk_has_its_own_address() -> None:
    html = Client().get("/nn/").content.decode()
    assert '<html lang="nn"' in html


def test_the_old_language_form_is_gone() -> None:
    assert Client().post("/profil/sprak/", {"language": "en"}).status_code == 404


def test_a_signed_in_person_reads_the_language_of_the_address_and_keeps_their_own(
    participant: User, client_for
) -> None:
    client = client_for(participant)
    html = client.get("/en/profil/").content.decode()
    assert '<html lang="en"' in html
    assert "My profile" in html
    participant.refresh_from_db()
    assert participant.language == "nb"


def test_saving_a_language_on_the_profile_shows_the_profile_in_it(
    participant: User, client_for
) -> None:
    client = client_for(participant)
    response = client.post("/profil/", {"display_name": participant.display_name, "language": "nn"})
    assert response.status_code == 302
    assert response["Location"] == "/nn/profil/"
    participant.refresh_from_db()
    assert participant.language == "nn"


@pytest.mark.parametrize(
    ("login", "next_url", "lands"),
    [
        ("/konto/login/", "", "/en/start/"),
        ("/konto/login/", "/grupper/", "/en/grupper/"),
        ("/nn/konto/login/", "/nn/prinsipper/?x=1", "/en/prinsipper/?x=1"),
    ],
)
def test_signing_in_lands_in_the_person_s_own_language(
    make_user, login: str, next_url: str, lands: str
) -> None:
    amina = make_user("Amina", language="en")
    data = {"login": amina.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = Client().post(login, data)
    assert response.status_code == 302
    assert response["Location"] == lands


def test_an_email_links_into_the_recipient_s_language_whatever_the_sender_reads(
    make_user,
) -> None:
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    amina = make_user("Amina", language="nn")
    with translation.override("en"):  # the person who set it off reads English
        url = settings.SITE_URL + reverse("interest:mine")
        notify(
            recipient=amina,
            kind="interest_expiry",
            dedupe_key="t",
            context={"interest_url": url, "expires": "1. mars"},
        )
    body = Message.objects.get(recipient=amina).body_text
    assert f"{settings.SITE_URL}/nn/" in body
    assert f"{settings.SITE_URL}/en/" not in body
