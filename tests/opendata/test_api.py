"""The public read API: the directory's filters, the public tier only, caching, CORS and limits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, GroupFormat, GroupState, Openness
from tests.conftest import theme
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(make_group: Callable[..., Group], contact_point: ContactPoint) -> dict[str, Group]:
    return {
        "sorg-oslo": make_group("Sorggruppe Grünerløkka", contact_point=contact_point, weekday=0),
        "angst-video": make_group(
            "Angst på nett",
            themes=("angst",),
            format=GroupFormat.VIDEO,
            openness=Openness.OPEN,
            free_seats=2,
            state=GroupState.RUNNING,
        ),
        "sorg-tromso": make_group("Sorg i nord", municipality="5501", state=GroupState.RUNNING),
        "unlisted": make_group("Skjult gruppe", listed=False),
        "ended": make_group("Avsluttet gruppe", state=GroupState.ENDED),
    }


def _titles(path: str) -> set[str]:
    response = Client().get(path)
    assert response.status_code == 200, response.content
    return {group["title"] for group in response.json()["results"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Sorggruppe Grünerløkka", "Angst på nett", "Sorg i nord"}),
        ("theme=sorg", {"Sorggruppe Grünerløkka", "Sorg i nord"}),
        ("county=55", {"Sorg i nord"}),
        ("municipality=0301", {"Sorggruppe Grünerløkka", "Angst på nett"}),
        ("format=video", {"Angst på nett"}),
        ("day=0", {"Sorggruppe Grünerløkka"}),
        ("has_room=true", {"Sorggruppe Grünerløkka", "Angst på nett"}),
        ("q=grief", {"Sorggruppe Grünerløkka", "Sorg i nord"}),
        ("q=tromsø", {"Sorg i nord"}),
        ("contact_point=kontaktpunkt-1", {"Sorggruppe Grünerløkka"}),
    ],
)
def test_groups_are_filtered_and_searched_as_in_the_directory(
    groups: dict[str, Group], contact_point: ContactPoint, query: str, expected: set[str]
) -> None:
    query = query.replace("kontaktpunkt-1", contact_point.slug)
    assert _titles(f"/api/v1/groups?{query}") == expected


@pytest.mark.parametrize(
    "query",
    ["theme=finnes-ikke", "municipality=9999", "day=7", "page=0", "contact_point=nei"],
)
def test_bad_filter_values_get_422_not_a_500(groups: dict[str, Group], query: str) -> None:
    assert Client().get(f"/api/v1/groups?{query}").status_code == 422


def test_a_nul_character_gets_the_400_the_description_names(groups: dict[str, Group]) -> None:
    assert Client().get("/api/v1/groups?q=a%00b").status_code == 400
    document = Client().get("/api/v1/openapi.json").json()
    for operation in document["paths"].values():
        assert "400" in operation["get"]["responses"]


def test_results_come_in_pages_of_twenty(make_group: Callable[..., Group]) -> None:
    for n in range(25):
        make_group(f"Gruppe {n}", themes=("angst",))
    first = Client().get("/api/v1/groups?theme=angst").json()
    assert (first["count"], first["pages"], len(first["results"])) == (25, 2, 20)
    second = Client().get("/api/v1/groups?theme=angst&page=2").json()
    assert len(second["results"]) == 5
    assert Client().get("/api/v1/groups?theme=angst&page=3").json()["results"] == []


def test_a_group_shows_its_public_side_only(groups: dict[str, Group]) -> None:
    group = groups["angst-video"]
    data = Client().get(f"/api/v1/groups/{group.code}").json()
    assert data["has_room"] is True
    assert data["url"].endswith(f"/grupper/{group.code}/")
    assert set(data) == {
        "code",
        "title",
        "url",
        "themes",
        "kind",
        "format",
        "municipality",
        "county",
        "contact_point",
        "weekday",
        "time_of_day",
        "language",
        "state",
        "has_room",
    }
    assert "2" not in str(data["has_room"]), "never the number of free seats"


@pytest.mark.parametrize("which", ["unlisted", "ended"])
def test_an_unlisted_or_ended_group_is_404(groups: dict[str, Group], which: str) -> None:
    assert Client().get(f"/api/v1/groups/{groups[which].code}").status_code == 404


def test_reference_lists(contact_point: ContactPoint) -> None:
    client = Client()
    themes = client.get("/api/v1/themes").json()
    assert {item["slug"]: item["name"] for item in themes}["sorg"] == "Sorg og tap"
    counties = client.get("/api/v1/counties").json()
    assert {"code": "55", "name": "Troms"} in counties
    municipalities = client.get("/api/v1/municipalities").json()
    assert {"code": "0301", "name": "Oslo", "county": "03"} in municipalities
    assert len(municipalities) == 357
    points = client.get("/api/v1/contact-points").json()
    assert [(p["name"], p["municipalities"]) for p in points] == [("LINK Oslo", ["0301"])]


def test_names_follow_the_accept_language_header() -> None:
    themes = Client(headers={"accept-language": "en"}).get("/api/v1/themes").json()
    assert any(item["name"] == "Grief and loss" for item in themes)


def test_answers_carry_an_etag_and_may_be_cached(groups: dict[str, Group]) -> None:
    client = Client()
    response = client.get("/api/v1/groups")
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/api/v1/groups", headers={"if-none-match": etag})
    assert again.status_code == 304
    groups["sorg-oslo"].title = "Nytt navn"
    groups["sorg-oslo"].save()
    changed = client.get("/api/v1/groups", headers={"if-none-match": etag})
    assert changed.status_code == 200


def test_any_origin_may_read_and_nothing_may_write() -> None:
    client = Client()
    response = client.get("/api/v1/themes", headers={"origin": "https://kommune.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/themes")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/v1/themes").status_code == 405
    assert "csrftoken" not in client.cookies
    assert "sessionid" not in client.cookies


@pytest.mark.parametrize("path", ["/api/v1/themes", "/api/v1/groups?q=oslo&r=1"])
def test_head_answers_as_get_does_without_a_body_on_a_first_visit(path: str) -> None:
    """HEAD once answered 405 unless a GET of the same address had just been kept."""
    head = Client().head(path)
    assert head.status_code == 200
    assert head["Content-Type"] == "application/json; charset=utf-8"
    assert head.content == b""
    get = Client().get(path)
    assert head["ETag"] == get["ETag"]


@pytest.mark.parametrize(("asked", "answered"), [("en", "en"), ("nn", "nn"), ("", "nb")])
def test_an_answer_says_the_language_it_is_in(asked: str, answered: str) -> None:
    headers = {"accept-language": asked} if asked else {}
    for _ in range(2):  # drawn, then kept
        response = Client().get("/api/v1/themes", headers=headers)
        assert response["Content-Language"] == answered


def test_the_hundred_and_twenty_first_request_in_a_minute_gets_429_with_retry_after(
    settings,
) -> None:
    settings.SELVHJELP_API_REQUESTS_PER_MINUTE = 3
    client = Client()
    assert [client.get("/api/v1/counties").status_code for _ in range(3)] == [200] * 3
    limited = client.get("/api/v1/counties")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["Access-Control-Allow-Origin"] == "*"
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.get("/api/v1/counties").status_code == 200


def test_behind_a_proxy_the_limit_counts_the_visitors_own_address(settings) -> None:
    settings.SELVHJELP_API_REQUESTS_PER_MINUTE = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"

    def visitor(address: str) -> int:
        return (
            Client(REMOTE_ADDR=proxy)
            .get("/api/v1/counties", headers={"x-forwarded-for": address})
            .status_code
        )

    assert visitor("192.0.2.1") == 200
    assert visitor("192.0.2.2") == 200
    assert visitor("192.0.2.1") == 429


def test_the_openapi_document_is_3_1_and_names_every_address() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/v1/groups",
        "/api/v1/groups/{code}",
        "/api/v1/themes",
        "/api/v1/contact-points",
        "/api/v1/counties",
        "/api/v1/municipalities",
        "/api/v1/meeting-guide.json",
        "/api/v1/contact-points/{slug}/meeting-guide.json",
    }


def test_the_docs_page_lists_every_address_and_runs_no_script_of_its_own() -> None:
    response = Client().get("/api/v1/docs/")
    html = response.content.decode()
    assert "GET /api/v1/groups/{code}" in html
    assert "<script>" not in html
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_root_leads_to_the_docs_in_the_language_asked_for() -> None:
    response = Client().get("/api/v1/")
    assert (response.status_code, response["Location"]) == (302, "/api/v1/docs/")
    response = Client().get("/api/v1/", headers={"accept-language": "nn"})
    assert (response.status_code, response["Location"]) == (302, "/nn/api/v1/docs/")


@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_docs_page_has_an_address_in_each_language(language: str) -> None:
    response = Client().get(f"/{language}/api/v1/docs/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    assert "GET /api/v1/groups/{code}" in response.content.decode()


@pytest.mark.drawn
def test_the_list_runs_the_same_number_of_queries_for_few_and_many_groups(
    make_group: Callable[..., Group], contact_point: ContactPoint
) -> None:
    make_group("Første", contact_point=contact_point)

    def more() -> None:
        for n in range(25):
            group = make_group(f"Gruppe {n}", contact_point=contact_point)
            group.themes.add(theme("angst"))

    response = assert_queries_do_not_grow(Client(), "/api/v1/groups", more, at_most=8)
    assert response.json()["count"] == 26
