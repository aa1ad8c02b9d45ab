from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.notifications.models import Message
from tests.conftest import PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

SIGNUP = "/konto/signup/"


def _signup(client: Client, **overrides: str | None) -> TestResponse:
    data = {
        "email": "ny@example.org",
        "password1": PASSWORD,
        "display_name": "Ny",
        "language": "en",
        "adult": "on",
        **overrides,
    }
    return client.post(SIGNUP, {k: v for k, v in data.items() if v is not None})


def test_signup_asks_only_for_email_password_name_language_and_age() -> None:
    form = Client().get(SIGNUP).context["form"]
    assert list(form.fields) == ["email", "password1", "display_name", "language", "adult"]


def test_signup_stores_the_name_and_language_and_asks_to_verify_the_address(deliver) -> None:
    response = _signup(Client())
    assert response.status_code == 302
    user = User.objects.get(email="ny@example.org")
    assert (user.display_name, user.language) == ("Ny", "en")
    assert not EmailAddress.objects.get(user=user).verified
    sent = deliver()
    assert len(sent) == 1
    assert sent[0].to == ["ny@example.org"]
    assert sent[0].subject == "selvhjelp: Confirm your email address"  # in English


def test_a_person_who_is_not_18_is_told_kindly_and_nothing_is_stored() -> None:
    response = _signup(Client(headers={"accept-language": "nb"}), adult=None)
    assert response.status_code == 200
    assert "18 år eller eldre" in response.content.decode()
    assert "Ingenting av det du skrev, er lagret" in response.content.decode()
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert Message.objects.count() == 0


def test_an_unverified_person_cannot_log_in_until_the_link_is_followed(deliver) -> None:
    client = Client()
    _signup(client)
    client.logout()
    response = client.post("/konto/login/", {"login": "ny@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    # The person chose English: the link and the landing page are in English.
    link = re.search(r"https?://[^/\s]+(/en/konto/confirm-email/[^\s]+)", deliver()[-1].body)
    assert link
    # Followed in the browser that tried to sign in, the link signs the person in.
    confirmed = client.post(link.group(1))
    assert EmailAddress.objects.get(email="ny@example.org").verified
    assert confirmed["Location"] == "/en/start/"
    assert client.get("/en/start/")["Location"] == "/en/profil/"


def test_the_link_followed_in_the_same_browser_signs_in_and_goes_on_to_the_group(
    deliver, make_group
) -> None:
    group = make_group("Sorggruppe")
    client = Client()
    signed_up = _signup(client, next=f"/grupper/{group.code}/", language="nb")
    assert signed_up["Location"] == "/konto/confirm-email/"
    waiting = client.get("/konto/confirm-email/").content.decode()
    assert "Sjekk e-posten din" in waiting
    assert 'href="/konto/login/"' in waiting  # the way to a new link, not a dead end
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/[^\s]+)", deliver()[-1].body)
    assert link
    confirmed = client.post(link.group(1))
    assert confirmed["Location"] == f"/grupper/{group.code}/"
    assert client.get(f"/grupper/{group.code}/").wsgi_request.user.is_authenticated


def test_the_link_followed_in_another_browser_confirms_and_asks_for_the_password(
    deliver,
) -> None:
    _signup(Client())
    link = re.search(r"https?://[^/\s]+(/en/konto/confirm-email/[^\s]+)", deliver()[-1].body)
    assert link
    elsewhere = Client()
    confirmed = elsewhere.post(link.group(1))
    assert EmailAddress.objects.get(email="ny@example.org").verified
    assert confirmed["Location"].startswith("/en/konto/login/")
    assert not elsewhere.get("/en/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "minst 12 tegn"),
        ("password1234", "ofte brukt"),
        ("x" * 257, "høyst 256 tegn"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, message: str) -> None:
    response = _signup(Client(headers={"accept-language": "nb"}), password1=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 0


def test_a_long_passphrase_is_accepted_and_hashed_with_argon2() -> None:
    phrase = "en lang setning om sommer og sjø og stille morgener " * 2
    _signup(Client(), password1=phrase[:100])
    user = User.objects.get()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(phrase[:100])
