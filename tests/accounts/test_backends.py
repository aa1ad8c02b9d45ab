"""The person of a signed-in request is read by one prepared query, as Django's backend reads
it; sessions that name Django's or allauth's own backends, as sessions written before ours
did, keep their person signed in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend as DjangoBackend
from django.test import Client

from selvhjelp.accounts.backends import AuthenticationBackend, ModelBackend
from selvhjelp.accounts.sessions import SessionStore
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _fields(user) -> dict:
    return {k: v for k, v in vars(user).items() if not k.startswith("_")}


@pytest.mark.parametrize("backend", [ModelBackend(), AuthenticationBackend()])
def test_the_person_is_read_as_djangos_backend_reads_them(
    backend, participant, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        ours = backend.get_user(participant.pk)
    theirs = DjangoBackend().get_user(participant.pk)
    assert ours == theirs == participant
    assert _fields(ours) == _fields(theirs)
    assert ours.get_session_auth_hash() == participant.get_session_auth_hash()


@pytest.mark.parametrize("backend", [ModelBackend(), AuthenticationBackend()])
def test_nobody_for_an_unknown_or_inactive_person(backend, participant) -> None:
    assert backend.get_user(participant.pk + 1000) is None
    participant.is_active = False
    participant.save()
    assert backend.get_user(participant.pk) is None
    assert DjangoBackend().get_user(participant.pk) is None


def test_signing_in_with_the_form_names_one_of_ours(participant) -> None:
    client = Client()
    response = client.post("/konto/login/", {"login": participant.email, "password": PASSWORD})
    assert response.status_code == 302
    session = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert session[BACKEND_SESSION_KEY] in settings.AUTHENTICATION_BACKENDS
    assert session[BACKEND_SESSION_KEY].startswith("selvhjelp.accounts.backends.")
    assert client.get("/profil/").status_code == 200


@pytest.mark.parametrize(
    "written",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_a_session_that_names_a_backend_by_its_old_name_stays_signed_in(
    written, participant
) -> None:
    session = SessionStore()
    session[SESSION_KEY] = str(participant.pk)
    session[BACKEND_SESSION_KEY] = written
    session[HASH_SESSION_KEY] = participant.get_session_auth_hash()
    session.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = str(session.session_key)
    response = client.get("/profil/")
    assert response.status_code == 200
    assert participant.email in response.content.decode()


def test_a_session_that_names_no_backend_of_ours_is_signed_out(participant) -> None:
    session = SessionStore()
    session[SESSION_KEY] = str(participant.pk)
    session[BACKEND_SESSION_KEY] = "somewhere.else.Backend"
    session[HASH_SESSION_KEY] = participant.get_session_auth_hash()
    session.save()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = str(session.session_key)
    assert client.get("/profil/").status_code == 302
