"""Signing up does the same work for a known and an unknown address, so timing tells nothing."""

from __future__ import annotations

from collections.abc import Callable
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.test import Client

from selvhjelp.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _hashes_while_signing_up(email: str) -> int:
    hasher = type(get_hasher())
    with mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode:
        response = Client().post(
            "/konto/signup/",
            {
                "email": email,
                "password1": PASSWORD,
                "display_name": "Ny",
                "language": "nb",
                "adult": "on",
            },
        )
    assert response.status_code == 302
    return encode.call_count


def test_a_known_and_a_new_address_each_hash_the_password_once(
    make_user: Callable[..., User],
) -> None:
    make_user(email="kjent@example.org")
    assert _hashes_while_signing_up("kjent@example.org") == 1
    assert _hashes_while_signing_up("ny@example.org") == 1
    assert User.objects.filter(email="ny@example.org").exists()
