from __future__ import annotations

import pytest

from selvhjelp.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_person_changes_name_and_language(participant: User, client_for) -> None:
    client = client_for(participant)
    response = client.post("/profil/", {"display_name": "  Mari   B ", "language": "en"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.display_name, participant.language) == ("Mari B", "en")
    assert "Your profile has been saved." in client.get("/profil/").content.decode()


def test_an_empty_name_is_refused_with_a_message_and_nothing_changes(
    participant: User, client_for
) -> None:
    response = client_for(participant).post("/profil/", {"display_name": "   ", "language": "nb"})
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    participant.refresh_from_db()
    assert participant.display_name == "Mari"


def test_the_page_links_to_email_password_two_factor_and_deletion(
    participant: User, client_for
) -> None:
    html = client_for(participant).get("/profil/").content.decode()
    for path in ("/konto/email/", "/konto/password/change/", "/konto/2fa/", "/profil/slett/"):
        assert f'href="{path}"' in html


def test_the_address_and_not_the_stored_language_decides_what_a_signed_in_person_reads(
    make_user, client_for
) -> None:
    """The stored language decides emails and where one lands after signing in; a page's
    address is in one language for everyone, so a link someone shares shows what they saw."""
    amina = make_user("Amina", language="en")
    client = client_for(amina)
    assert "Hopp til hovedinnholdet" in client.get("/").content.decode()
    html = client.get("/en/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to main content" in html
