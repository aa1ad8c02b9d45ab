"""The open data API's answers kept whole by the page cache (lib/pagecache.COUNTED): every
request is still counted against its address's limit and may get 304, each language gets its
own answer, a change is seen at once, and a signed-in request goes to the view."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.lib import pagecache
from selvhjelp.lib.pagecache import COUNTED, Counted
from selvhjelp.opendata.http import API_START
from tests.conftest import signed_in, theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hits(settings, monkeypatch) -> list[str]:
    """The page cache on, a change seen at once (a test's transaction never commits), and
    the paths whose kept answers were handed to the API's `on_hit`."""
    settings.SELVHJELP_PAGE_CACHE = True
    monkeypatch.setattr(pagecache, "transaction", SimpleNamespace(on_commit=lambda f: f()))
    seen: list[str] = []
    counted = COUNTED[API_START]

    def on_hit(request, answer):
        seen.append(request.path)
        return counted.on_hit(request, answer)

    monkeypatch.setitem(COUNTED, API_START, Counted(counted.variant, on_hit))
    return seen


def _kept(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def test_kept_answers_are_still_counted(settings, hits) -> None:
    settings.SELVHJELP_API_REQUESTS_PER_MINUTE = 3
    client = Client()
    answers = [client.get("/api/v1/counties") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [_kept(a) for a in answers[:3]] == [False, True, True]
    assert hits == ["/api/v1/counties"] * 3
    assert answers[0].content == answers[1].content == answers[2].content
    assert 1 <= int(answers[3]["Retry-After"]) <= 60
    assert answers[3]["Access-Control-Allow-Origin"] == "*"
    assert Client(REMOTE_ADDR="10.0.0.2").get("/api/v1/counties").status_code == 200


def test_an_unchanged_kept_answer_is_304_with_its_headers(hits) -> None:
    first = Client().get("/api/v1/themes")
    again = Client().get("/api/v1/themes", headers={"if-none-match": first["ETag"]})
    assert hits == ["/api/v1/themes"]
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in again["Cache-Control"]
    other = Client().get("/api/v1/themes", headers={"if-none-match": '"something else"'})
    assert other.status_code == 200
    assert other.content == first.content


def test_each_language_gets_its_own_answer(hits) -> None:
    def names(language: str) -> set[str]:
        answer = Client(headers={"accept-language": language}).get("/api/v1/themes")
        return {item["name"] for item in answer.json()}

    bokmal, english = names("nb"), names("en")
    assert bokmal != english
    assert names("en") == english
    assert names("nb") == bokmal
    assert len(hits) == 2


def test_a_change_is_seen_at_once() -> None:
    client = Client()
    before = client.get("/api/v1/themes").json()
    grief = theme("sorg")
    grief.name_nb = "Sorg og savn"
    grief.save()
    after = client.get("/api/v1/themes").json()
    assert after != before
    assert "Sorg og savn" in {item["name"] for item in after}


def test_a_signed_in_request_goes_to_the_view(hits, make_user) -> None:
    person: User = make_user("Mari")
    Client().get("/api/v1/counties")
    answer = signed_in(person).get("/api/v1/counties")
    assert answer.status_code == 200
    assert hits == []


def test_a_page_among_the_apis_addresses_is_kept_as_a_page(hits) -> None:
    first = Client().get("/api/v1/docs/")
    second = Client().get("/api/v1/docs/")
    assert first.status_code == second.status_code == 200
    assert not first.has_header("ETag")
    assert _kept(second)
    assert hits == []
