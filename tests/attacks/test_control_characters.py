"""A NUL character in an address never reaches the database: PostgreSQL refuses it in a query,
which would be a 500. Every URL pattern is tried with one in its path and in its query string,
anonymously and signed in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from tests.urlwalk import CONVERTER_SAMPLES, all_routes

ROUTES = [route for route in all_routes() if not route.route.startswith("admin/")]
QUERY = "?q=a%00b&kommune=%00&fylke=%00&tema=%00&side=%00&page=%00&next=/%00"


def _with_nul(path: str) -> str:
    """The path with a NUL inside each of its parts that is a sample value."""
    samples = {value for value in CONVERTER_SAMPLES.values()}
    parts = [f"{part}%00" if part in samples or ":" in part else part for part in path.split("/")]
    return "/".join(parts)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_no_address_with_a_nul_character_fails_on_our_side(
    signed_in: bool, member: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(member if signed_in else None)
    failures = []
    for route in ROUTES:
        for path in (_with_nul(route.path), route.path + QUERY):
            for method in ("get", "post"):
                status = getattr(client, method)(path).status_code
                if status >= 500:
                    failures.append((method, path, status))
    assert failures == []


@pytest.mark.django_db
def test_a_nul_character_gets_a_bad_request_page_in_the_visitors_language() -> None:
    response = Client().get("/grupper/?q=a%00b")
    assert response.status_code == 400
    assert "Vi kunne ikke lese denne adressen" in response.content.decode()
