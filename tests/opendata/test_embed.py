"""The embeddable directory: only the web sites a contact point lists may frame it; every other
page keeps frame-ancestors 'none'. And the coordinator's side: the sites, the visiting address
and the snippet."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group
from tests.conftest import signed_in
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

OSLO_SITE = "https://www.oslo.kommune.example"


@pytest.fixture
def embedding(contact_point: ContactPoint, make_group: Callable[..., Group]) -> ContactPoint:
    contact_point.embed_origins = f"{OSLO_SITE}\nhttp://127.0.0.2:8001"
    contact_point.save()
    make_group("Sorg i Oslo", contact_point=contact_point)
    make_group("Sorg i nord", municipality="5501")
    return contact_point


def _frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(
        part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors")
    )


@pytest.mark.parametrize(
    "query", ["?kontaktpunkt={slug}", "?kommune=0301", "?fylke=03", "?kommune=0301&tema=sorg"]
)
def test_the_listed_sites_and_only_they_may_frame_the_list(
    embedding: ContactPoint, query: str
) -> None:
    response = Client().get("/innbygging/" + query.format(slug=embedding.slug))
    assert response.status_code == 200
    assert _frame_ancestors(response) == f"frame-ancestors http://127.0.0.2:8001 {OSLO_SITE}"
    assert "X-Frame-Options" not in response, "it would contradict the policy"


@pytest.mark.parametrize("query", ["", "?kommune=5501", "?fylke=55", "?kontaktpunkt=nei"])
def test_a_list_nobody_has_allowed_may_not_be_framed(embedding: ContactPoint, query: str) -> None:
    response = Client().get("/innbygging/" + query)
    assert response.status_code == 200
    assert _frame_ancestors(response) == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/grupper/", "/", "/api/v1/docs/", "/kontaktpunkt/{slug}/"])
def test_every_other_page_keeps_frame_ancestors_none(embedding: ContactPoint, path: str) -> None:
    response = Client().get(path.format(slug=embedding.slug))
    assert _frame_ancestors(response) == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_the_list_is_prefiltered_opens_groups_in_the_top_window_and_has_no_site_header(
    embedding: ContactPoint,
) -> None:
    response = Client().get("/innbygging/?kommune=0301")
    html = response.content.decode()
    titles = [group.title for group in response.context["page"].object_list]
    assert titles == ["Sorg i Oslo"]
    assert '<base target="_top">' in html
    assert "site-header" not in html
    assert "Selvhjelpsgrupper i Oslo</h1>" in html
    for number in ("113", "116 117", "116 123", "22 40 00 40"):
        assert number in html


@pytest.mark.drawn
def test_the_list_runs_the_same_number_of_queries_for_few_and_many_groups(
    embedding: ContactPoint, make_group: Callable[..., Group]
) -> None:
    def more() -> None:
        for n in range(15):
            make_group(f"Gruppe {n}", contact_point=embedding, themes=("sorg", "angst"))

    response = assert_queries_do_not_grow(
        Client(), f"/innbygging/?kontaktpunkt={embedding.slug}", more, at_most=8
    )
    assert response.context["page"].paginator.count == 16


def _settings(contact_point: ContactPoint, **changes: str) -> dict[str, str]:
    data = {
        "description": "",
        "email": "link@oslo.example.org",
        "phone": "",
        "opening_hours": "",
        "website": "",
        "visit_street": "",
        "visit_postcode": "",
        "visit_place": "",
        "embed_origins": "",
        "interest_threshold": "5",
    }
    data.update(changes)
    return data


def test_a_coordinator_lists_sites_and_a_visiting_address_shown_on_the_public_page(
    coordinator: User, contact_point: ContactPoint
) -> None:
    response = signed_in(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/rediger/",
        _settings(
            contact_point,
            embed_origins="HTTPS://www.Bodo.kommune.no/\n\nhttp://localhost:8080",
            visit_street="Grønlandsleiret 25",
            visit_postcode="0190",
            visit_place="Oslo",
        ),
    )
    assert response.status_code == 302
    contact_point.refresh_from_db()
    assert contact_point.embed_origin_list == [
        "https://www.bodo.kommune.no",
        "http://localhost:8080",
    ]
    page = Client().get(f"/kontaktpunkt/{contact_point.slug}/").content.decode()
    assert "Grønlandsleiret 25, 0190 Oslo" in page


@pytest.mark.parametrize(
    "origins",
    [
        "https://www.bodo.kommune.no/grupper",
        "javascript:alert(1)",
        "https://a.example; script-src *",
        "https://*.example.no",
        "ftp://example.no",
        "https://user@example.no",
    ],
)
def test_only_plain_origins_are_accepted(
    coordinator: User, contact_point: ContactPoint, origins: str
) -> None:
    response = signed_in(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/rediger/",
        _settings(contact_point, embed_origins=origins),
    )
    assert response.status_code == 200
    assert "embed_origins" in response.context["form"].errors
    contact_point.refresh_from_db()
    assert contact_point.embed_origins == ""


def test_a_postcode_has_four_digits(coordinator: User, contact_point: ContactPoint) -> None:
    response = signed_in(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/rediger/",
        _settings(contact_point, visit_postcode="190"),
    )
    assert "visit_postcode" in response.context["form"].errors


def test_the_settings_page_offers_the_snippet_to_paste(
    coordinator: User, contact_point: ContactPoint
) -> None:
    page = signed_in(coordinator).get(f"/kontaktpunkt/{contact_point.slug}/rediger/")
    address = f"http://testserver/innbygging/?kontaktpunkt={contact_point.slug}"
    assert f'&lt;iframe src="{address}"' in page.content.decode()


def test_nonsense_in_the_filters_gets_the_unfiltered_list_and_a_nul_a_bad_request(
    embedding: ContactPoint,
) -> None:
    query = "?kommune=abc&fylke=99&tema=finnes-ikke&kontaktpunkt=nei&side=zz"
    response = Client().get("/innbygging/" + query)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    assert _frame_ancestors(response) == "frame-ancestors 'none'"
    response = Client().get("/innbygging/?kommune=%00&q=a%00")
    assert response.status_code == 400
    assert _frame_ancestors(response) == "frame-ancestors 'none'"
