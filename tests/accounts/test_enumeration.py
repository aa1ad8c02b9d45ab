"""Signup, login and password reset answer the same for a known and an unknown address."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _visible(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r"(known|unknown)@example\.org", "ADDRESS", html)


def test_signup_answers_the_same_for_a_known_and_an_unknown_address(make_user) -> None:
    make_user(email="known@example.org")
    answers = []
    for email in ("known@example.org", "unknown@example.org"):
        client = Client()
        response = client.post(
            "/konto/signup/",
            {
                "email": email,
                "password1": PASSWORD,
                "display_name": "X",
                "language": "nb",
                "adult": "on",
            },
        )
        answers.append((response.status_code, response["Location"]))
        followed = client.get(response["Location"])
        answers.append((followed.status_code, _visible(followed)))
    assert answers[0] == answers[2]
    assert answers[1] == answers[3]


def test_login_answers_the_same_for_a_wrong_password_and_an_unknown_address(make_user) -> None:
    make_user(email="known@example.org")
    known = Client().post("/konto/login/", {"login": "known@example.org", "password": "wrong" * 3})
    unknown = Client().post(
        "/konto/login/", {"login": "unknown@example.org", "password": "wrong" * 3}
    )
    assert known.status_code == unknown.status_code == 200
    assert _visible(known) == _visible(unknown)


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(make_user) -> None:
    make_user(email="known@example.org")
    known = Client().post("/konto/password/reset/", {"email": "known@example.org"})
    unknown = Client().post("/konto/password/reset/", {"email": "unknown@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
