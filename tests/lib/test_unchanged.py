"""lib/unchanged.py: only a marked view open without signing in is answered before the person;
its check sees the address's arguments; a check that says None lets the view answer."""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.test import Client, override_settings
from django.urls import path

from selvhjelp.lib.unchanged import answers_unchanged
from selvhjelp.urls import urlpatterns as site_urlpatterns

CHECKED: list[str] = []


def _check(request: HttpRequest, name: str) -> HttpResponse | None:
    CHECKED.append(name)
    return HttpResponseNotModified() if name == "same" else None


@login_not_required
@answers_unchanged(_check)
def open_view(request: HttpRequest, name: str) -> HttpResponse:
    return HttpResponse(f"view {name}")


@answers_unchanged(_check)
def signed_in_view(request: HttpRequest, name: str) -> HttpResponse:
    return HttpResponse(f"inside {name}")


urlpatterns = [
    path("open/<str:name>/", open_view),
    path("inside/<str:name>/", signed_in_view),
    *site_urlpatterns,  # the sign-in page
]


@pytest.fixture(autouse=True)
def _here() -> object:
    CHECKED.clear()
    with override_settings(ROOT_URLCONF=__name__):
        yield


@pytest.mark.django_db
def test_a_marked_open_view_answers_early_with_its_arguments() -> None:
    client = Client()
    assert client.get("/open/same/", headers={"if-none-match": '"x"'}).status_code == 304
    assert CHECKED == ["same"]
    answer = client.get("/open/other/", headers={"if-none-match": '"x"'})
    assert answer.status_code == 200
    assert answer.content == b"view other"
    # Without an ETag the check is not asked.
    assert client.get("/open/same/").content == b"view same"
    assert CHECKED == ["same", "other"]


@pytest.mark.django_db
def test_a_view_behind_the_sign_in_is_never_answered_early() -> None:
    answer = Client().get("/inside/same/", headers={"if-none-match": '"x"'})
    assert answer.status_code == 302  # to the sign-in page, as without the mark
    assert CHECKED == []


@pytest.mark.django_db
def test_only_reading_is_answered_early() -> None:
    answer = Client().post("/open/same/", headers={"if-none-match": '"x"'})
    assert answer.status_code != 304
    assert CHECKED == []
