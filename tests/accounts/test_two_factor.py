from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from selvhjelp.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_anyone_can_open_two_factor_settings_with_code_app_and_passkeys(
    participant: User, client_for
) -> None:
    html = client_for(participant).get("/konto/2fa/").content.decode()
    assert "/konto/2fa/totp/activate/" in html
    assert "/konto/2fa/webauthn/" in html


def test_a_person_turns_on_a_code_app_after_confirming_the_password(participant: User) -> None:
    client = Client()
    client.force_login(participant)
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    page = client.get("/konto/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post("/konto/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=participant, type="totp").exists()


def test_with_a_code_app_the_password_alone_does_not_sign_in(participant: User) -> None:
    secret = generate_totp_secret()
    TOTP.activate(participant, secret)
    client = Client()
    response = client.post("/konto/login/", {"login": participant.email, "password": PASSWORD})
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/konto/2fa/authenticate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)
