from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.notifications.models import Message
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _change(client: Client, email: str):
    return client.post("/konto/email/", {"action_add": "", "email": email})


def test_changing_the_email_address_asks_for_the_password_first(participant: User) -> None:
    client = Client()
    client.force_login(participant)
    response = _change(client, "ny.adresse@example.org")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")
    assert not EmailAddress.objects.filter(email="ny.adresse@example.org").exists()


def test_after_the_password_the_new_address_must_be_verified(participant: User, deliver) -> None:
    client = Client()
    client.force_login(participant)
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    response = _change(client, "ny.adresse@example.org")
    assert response.status_code == 302
    assert not EmailAddress.objects.get(email="ny.adresse@example.org").verified
    assert [message.to for message in deliver()] == [["ny.adresse@example.org"]]
    assert Message.objects.get().recipient == participant
