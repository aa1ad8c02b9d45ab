from __future__ import annotations

import pytest
from django.test import Client

from selvhjelp.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_visitor_switches_to_english_without_javascript() -> None:
    client = Client()
    response = client.post("/profil/sprak/", {"language": "en", "next": "/prinsipper/"})
    assert response.status_code == 302
    assert response["Location"] == "/prinsipper/"
    assert response.cookies["selvhjelp_language"].value == "en"
    html = client.get("/prinsipper/").content.decode()
    assert '<html lang="en"' in html
    assert "Six principles for good conversations" in html


def test_a_signed_in_person_keeps_the_choice_on_the_account(participant: User, client_for) -> None:
    client_for(participant).post("/profil/sprak/", {"language": "nn", "next": "/"})
    participant.refresh_from_db()
    assert participant.language == "nn"


def test_an_unknown_language_or_a_foreign_next_address_changes_nothing() -> None:
    response = Client().post("/profil/sprak/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "selvhjelp_language" not in response.cookies


def test_switching_by_get_does_nothing() -> None:
    response = Client().get("/profil/sprak/?language=en")
    assert response.status_code == 405
    assert "selvhjelp_language" not in response.cookies
