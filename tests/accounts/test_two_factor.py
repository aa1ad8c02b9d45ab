from __future__ import annotations

from datetime import UTC, datetime

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.lib.totp import totp_activate, totp_code
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


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
    response = client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=participant, type="totp").exists()


def test_with_a_code_app_the_password_alone_does_not_sign_in(participant: User) -> None:
    secret = totp_activate(participant)
    client = Client()
    response = client.post("/konto/login/", {"login": participant.email, "password": PASSWORD})
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/konto/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


# RFC 6238, appendix B: the SHA-1 key "12345678901234567890", six digits of each code.
RFC_6238_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("seconds", "code"),
    [
        (59, "287082"),
        (1_111_111_109, "081804"),
        (1_234_567_890, "005924"),
        (2_000_000_000, "279037"),
    ],
)
def test_codes_are_those_of_the_totp_standard(seconds: int, code: str) -> None:
    assert totp_code(RFC_6238_SECRET, at=datetime.fromtimestamp(seconds, tz=UTC)) == code
