"""allauth ships no nynorsk: its pages, messages and form errors come from our catalog of its
texts (selvhjelp/locale_allauth), not from its bokmål, at the nynorsk addresses (/nn/…). Its
emails are our own templates (tests/notifications/test_account_mail.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_nynorsk() -> None:
    html = Client().get("/nn/konto/login/").content.decode()
    assert "Gløymt passordet?" in html
    assert "Hugs meg" in html
    assert "Glemt ditt passord?" not in html


def test_the_password_reset_page_is_in_nynorsk() -> None:
    html = Client().get("/nn/konto/password/reset/").content.decode()
    assert "Skriv inn e-postadressa di nedanfor" in html
    assert "Skriv inn e-postadressen din" not in html


def test_a_wrong_password_is_told_in_nynorsk(make_user: Callable[..., User]) -> None:
    person = make_user("Nils", language="nn")
    response = Client().post(
        "/nn/konto/login/", {"login": person.email, "password": "not the password"}
    )
    html = response.content.decode()
    assert "E-postadressa eller passordet du skreiv inn, er ikkje rett." in html
