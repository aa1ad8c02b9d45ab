"""robots.txt and the sitemap: every public page and every listed group and contact point, in
each language with its alternates; nothing behind a login, no unlisted or ended group."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _sitemap() -> list[ET.Element]:
    """Every <url> of every part the index names, read from the addresses the index gives."""
    index = Client().get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"].startswith("application/xml")
    urls: list[ET.Element] = []
    parts = ET.fromstring(index.content)  # noqa: S314 (our own answer, not untrusted data)
    for loc in parts.findall("s:sitemap/s:loc", NS):
        assert loc.text
        assert loc.text.startswith(settings.SITE_URL + "/sitemap-")
        part = Client().get(urlsplit(loc.text).path)
        assert part.status_code == 200
        urls += ET.fromstring(part.content).findall("s:url", NS)  # noqa: S314
    return urls


def _locations(urls: list[ET.Element]) -> set[str]:
    return {url.findtext("s:loc", namespaces=NS) or "" for url in urls}


@pytest.fixture
def groups(make_group, contact_point: ContactPoint) -> dict[str, Group]:
    return {
        "listed": make_group("Oppført", contact_point=contact_point),
        "running": make_group("Går", state="running"),
        "unlisted": make_group("Ikke oppført", listed=False),
        "ended": make_group("Avsluttet", state="ended"),
    }


def test_the_sitemap_lists_exactly_the_listed_groups_in_every_language(groups) -> None:
    site = settings.SITE_URL
    group_urls = {loc for loc in _locations(_sitemap()) if "/grupper/" in loc}
    group_urls.discard(site + "/grupper/")
    group_urls -= {site + "/nn/grupper/", site + "/en/grupper/"}
    expected = {
        f"{site}{prefix}/grupper/{groups[name].code}/"
        for name in ("listed", "running")
        for prefix in ("", "/nn", "/en")
    }
    assert group_urls == expected


def test_the_sitemap_has_every_public_page_and_contact_point_and_nothing_behind_a_login(
    groups, contact_point: ContactPoint
) -> None:
    locations = _locations(_sitemap())
    site = settings.SITE_URL
    pages = (
        "/",
        "/grupper/",
        "/prinsipper/",
        "/samtalekompasset/",
        "/personvern/",
        "/api/v1/docs/",
    )
    for path in pages:
        for prefix in ("", "/nn", "/en"):
            assert f"{site}{prefix}{path}" in locations
    assert f"{site}/en/kontaktpunkt/{contact_point.slug}/" in locations
    anonymous = Client()
    for location in locations:
        response = anonymous.get(urlsplit(location).path)
        assert response.status_code == 200, location


def test_each_address_names_its_alternates_and_x_default(groups) -> None:
    code = groups["listed"].code
    site = settings.SITE_URL
    entry = next(
        url
        for url in _sitemap()
        if url.findtext("s:loc", namespaces=NS) == f"{site}/nn/grupper/{code}/"
    )
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
    assert alternates == {
        "nb": f"{site}/grupper/{code}/",
        "nn": f"{site}/nn/grupper/{code}/",
        "en": f"{site}/en/grupper/{code}/",
        "x-default": f"{site}/grupper/{code}/",
    }


def test_the_sitemap_runs_a_fixed_number_of_queries(make_group, django_assert_max_num_queries):
    for n in range(30):
        make_group(f"Gruppe {n}")
    with django_assert_max_num_queries(1):
        assert Client().get("/sitemap-groups.xml").status_code == 200


def test_an_unknown_part_of_the_sitemap_is_404() -> None:
    assert Client().get("/sitemap-medlemmer.xml").status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_from_sign_in_pages() -> None:
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    for path in ("/konto/", "/en/konto/", "/nn/profil/", "/admin/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /grupper/" not in lines
    assert "Disallow: /" not in lines
