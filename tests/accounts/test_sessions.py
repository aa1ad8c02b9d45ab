"""Sessions are read with one plain query, and read exactly as Django's own database sessions
read them: the same data, nothing for an expired, unknown or malformed key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from selvhjelp.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_it_is_the_sites_session_engine() -> None:
    assert settings.SESSION_ENGINE == "selvhjelp.accounts.sessions"


def test_a_session_reads_as_djangos_own_store_reads_it(django_assert_num_queries) -> None:
    written = SessionStore()
    written["person"] = 7
    written["språk"] = "nn"
    written.save()
    key = written.session_key
    with django_assert_num_queries(1):
        ours = SessionStore(key).load()
    assert ours == DjangoStore(key).load() == {"person": 7, "språk": "nn"}


@pytest.mark.parametrize(
    "key", ["", "short", "x" * 32, "y" * 60, "'; DROP TABLE django_session; --"]
)
def test_an_unknown_or_malformed_key_is_no_session(key) -> None:
    ours, django = SessionStore(key), DjangoStore(key)
    assert ours.load() == django.load() == {}
    assert ours.session_key is None


def test_an_expired_session_is_no_session() -> None:
    written = SessionStore()
    written["person"] = 7
    written.save()
    Session.objects.filter(pk=written.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    ours = SessionStore(written.session_key)
    assert ours.load() == DjangoStore(written.session_key).load() == {}
    assert ours.session_key is None


def test_signing_in_and_out_goes_through_it(client_for, participant) -> None:
    client = client_for(participant)
    assert client.get("/profil/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(key).load()["_auth_user_id"] == str(participant.pk)
    client.post(reverse("account_logout"))
    assert SessionStore(key).load() == {}
    assert client.get("/profil/").status_code == 302
