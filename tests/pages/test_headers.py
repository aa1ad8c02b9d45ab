"""Pages behind login are never stored; every page turns off the browser features we do not use."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.pages.middleware import PERMISSIONS_POLICY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/grupper/", "/profil/", "/interesse/"])
def test_a_signed_in_persons_pages_are_never_stored(
    path: str, participant: User, client_for: Callable[[User | None], Client]
) -> None:
    response = client_for(participant).get(path)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "must-revalidate"} <= directives


def test_after_signing_out_the_back_button_has_nothing_to_show(
    participant: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(participant)
    assert "no-store" in client.get("/profil/")["Cache-Control"]
    client.post("/konto/logout/")
    response = client.get("/profil/")
    assert response.status_code == 302
    assert "no-store" not in response.get("Cache-Control", "")


def test_between_signing_up_and_confirming_the_page_that_shows_the_address_is_never_stored() -> (
    None
):
    client = Client()
    signed_up = client.post(
        "/konto/signup/",
        {
            "email": "ny@example.org",
            "password1": "et langt og godt passord 42",
            "display_name": "Ny",
            "language": "nb",
            "adult": "on",
        },
    )
    assert signed_up["Location"] == "/konto/confirm-email/"
    response = client.get("/konto/confirm-email/")
    assert "ny@example.org" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # A visitor whose session holds nothing still gets public pages that may be kept.
    assert "no-store" not in Client().get("/konto/confirm-email/").get("Cache-Control", "")


def test_public_pages_for_visitors_may_be_cached_whole() -> None:
    response = Client().get("/prinsipper/")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/", "/grupper/", "/finnes-ikke/"])
def test_every_page_turns_off_what_the_site_does_not_use(path: str) -> None:
    policy = Client().get(path)["Permissions-Policy"]
    assert policy == PERMISSIONS_POLICY
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert "publickey-credentials-get=(self)" in policy
