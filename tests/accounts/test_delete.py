from __future__ import annotations

import pytest
from django.test import Client

from selvhjelp.accounts.models import ConsentPurpose, User
from selvhjelp.accounts.services import consent_give
from selvhjelp.contactpoints.models import Staff, StaffRole
from selvhjelp.notifications.models import OptOut
from selvhjelp.notifications.services import notify
from tests.conftest import PASSWORD, queue_to
from tests.privacy.scan import Person, in_id_columns, in_tables

pytestmark = pytest.mark.django_db

MARKER_NAME = "Markørnavn Qx7"
MARKER_EMAIL = "markor.qx7@example.org"


def _found(user: User) -> list[str]:
    """Everywhere in the tables the person is still found (the file bytes are checked by the
    erasure test, which commits)."""
    person = Person.of(user)
    return in_tables(person) + in_id_columns(person)


@pytest.fixture
def marked_person(make_user, contact_point) -> User:
    user = make_user(MARKER_NAME, email=MARKER_EMAIL)
    consent_give(user=user, purpose=ConsentPurpose.HEALTH_DATA)
    # A message queued to the address before it belonged to the account, and one after.
    queue_to(MARKER_EMAIL.upper(), key="before")
    notify(recipient=user, kind="group_news", dedupe_key="after", context={"x": MARKER_NAME})
    OptOut.objects.create(user=user, kind="interest_match")
    Staff.objects.create(contact_point=contact_point, user=user, role=StaffRole.INITIATOR)
    return user


def _signed_in_and_confirmed(user: User) -> Client:
    client = Client()
    client.force_login(user)
    response = client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return client


def test_deleting_asks_for_the_password_again_first(marked_person: User) -> None:
    client = Client()
    client.force_login(marked_person)
    response = client.get("/profil/slett/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")
    response = client.post("/profil/slett/", {"confirm": "on"})
    assert response["Location"].startswith("/konto/reauthenticate/")
    assert User.objects.filter(pk=marked_person.pk).exists()


def test_a_wrong_password_does_not_open_the_way(marked_person: User) -> None:
    client = Client()
    client.force_login(marked_person)
    client.post("/konto/reauthenticate/", {"password": "not the password"})
    assert client.get("/profil/slett/").status_code == 302


def test_deleting_erases_every_trace_of_the_person(marked_person: User) -> None:
    assert _found(marked_person)
    person = Person.of(marked_person)
    client = _signed_in_and_confirmed(marked_person)
    assert client.get("/profil/slett/").status_code == 200
    response = client.post("/profil/slett/", {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=marked_person.pk).exists()
    assert in_tables(person) == []
    assert in_id_columns(person) == []
    assert "_auth_user_id" not in client.session


def test_without_the_confirmation_nothing_is_deleted(marked_person: User) -> None:
    client = _signed_in_and_confirmed(marked_person)
    response = client.post("/profil/slett/", {})
    assert response.status_code == 200
    assert "Kryss av i boksen" in response.content.decode()
    assert User.objects.filter(pk=marked_person.pk).exists()
