"""allauth ships no nynorsk: its pages, messages and emails come from our catalog of its texts
(selvhjelp/locale_allauth), not from its bokmål, for a person who chose nynorsk."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.notifications.models import Message

pytestmark = pytest.mark.django_db


def _nynorsk_visitor() -> Client:
    client = Client()
    client.post("/profil/sprak/", {"language": "nn", "next": "/"})
    return client


def test_the_login_page_is_in_nynorsk() -> None:
    html = _nynorsk_visitor().get("/konto/login/").content.decode()
    assert "Gløymt passordet?" in html
    assert "Hugs meg" in html
    assert "Glemt ditt passord?" not in html


def test_the_password_reset_page_is_in_nynorsk() -> None:
    html = _nynorsk_visitor().get("/konto/password/reset/").content.decode()
    assert "Skriv inn e-postadressa di nedanfor" in html
    assert "Skriv inn e-postadressen din" not in html


def test_a_wrong_password_is_told_in_nynorsk(make_user: Callable[..., User]) -> None:
    person = make_user("Nils", language="nn")
    response = _nynorsk_visitor().post(
        "/konto/login/", {"login": person.email, "password": "not the password"}
    )
    html = response.content.decode()
    assert "E-postadressa eller passordet du skreiv inn, er ikkje rett." in html


def test_the_password_reset_email_is_in_the_persons_nynorsk(
    make_user: Callable[..., User],
) -> None:
    person = make_user("Nils", language="nn")
    Client().post("/konto/password/reset/", {"email": person.email})
    message = Message.objects.get(recipient=person)
    assert message.language == "nn"
    assert message.subject == "selvhjelp: Nytt passord"
    assert "har bede om nytt passord til kontoen din" in message.body_text
    assert "Du mottar denne e-posten" not in message.body_text


def test_bokmaal_readers_still_get_allauths_bokmaal(make_user: Callable[..., User]) -> None:
    person = make_user("Kari", language="nb")
    Client().post("/konto/password/reset/", {"email": person.email})
    message = Message.objects.get(recipient=person)
    assert "Du mottar denne e-posten" in message.body_text
