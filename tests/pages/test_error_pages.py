from __future__ import annotations

import pytest
from django.test import RequestFactory

from selvhjelp.pages import errors

pytestmark = pytest.mark.django_db


def test_the_404_page_uses_the_site_layout_and_shows_the_crisis_numbers(client) -> None:
    response = client.get("/finnes-ikke/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Vi fant ikke denne siden" in html
    assert "116 123" in html


def test_the_403_page_uses_the_site_layout() -> None:
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = errors.forbidden(request)
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden" in response.content.decode()


def test_the_500_page_renders_without_a_request_or_a_database(
    django_assert_num_queries,
) -> None:
    with django_assert_num_queries(0):
        response = errors.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in html
    assert "22 40 00 40" in html


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("", "Skjemaet kunne ikke sendes"),
        ("/nn", "Skjemaet kunne ikkje sendast"),
        ("/en", "The form could not be sent"),
    ],
)
def test_a_form_sent_from_an_outdated_page_is_told_in_the_pages_language(
    prefix: str, heading: str
) -> None:
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(f"{prefix}/interesse/", {"themes": "1"})
    html = response.content.decode()
    assert response.status_code == 403
    assert heading in html
    assert "CSRF" not in html
    assert "<style" not in html
