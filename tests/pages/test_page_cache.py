"""The page cache keeps whole public pages for visitors without a session, and never serves a
signed-in page, another person's content or a listing from before a change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group
from selvhjelp.groups.services.search import theme_save
from tests.conftest import sorg_group, theme

pytestmark = [pytest.mark.urls("tests.pages.page_cache_urls"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _page_cache_on(settings) -> None:
    settings.SELVHJELP_PAGE_CACHE = True


def _kept(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def test_a_second_visitor_gets_the_kept_page(make_group: Callable[..., Group]) -> None:
    make_group("Sorg i Oslo")
    first = Client().get("/list/")
    second = Client().get("/list/")
    assert not _kept(first)
    assert _kept(second)
    assert second.content == first.content


def test_each_language_and_each_query_is_its_own_page(make_group: Callable[..., Group]) -> None:
    make_group("Sorg i Oslo")
    Client().get("/list/")
    assert not _kept(Client().get("/list/?q=sorg"))
    # The address alone decides the language: a browser asking for English gets the same page.
    assert _kept(Client(headers={"accept-language": "en"}).get("/list/"))


def test_a_new_group_is_listed_at_once(
    initiator: User, contact_point: ContactPoint, django_capture_on_commit_callbacks
) -> None:
    sorg_group(initiator, title="Den første", contact_point=contact_point)
    assert b"Den f" in Client().get("/list/").content
    with django_capture_on_commit_callbacks(execute=True):
        sorg_group(initiator, title="Den andre", contact_point=contact_point)
    after = Client().get("/list/")
    assert not _kept(after)
    assert b"Den andre" in after.content


def test_a_renamed_theme_is_seen_at_once(
    make_group: Callable[..., Group], admin_user: User, django_capture_on_commit_callbacks
) -> None:
    make_group("Sorg i Oslo")
    Client().get("/list/")
    grief = theme("sorg")
    grief.name_nb = "Sorg og savn"
    with django_capture_on_commit_callbacks(execute=True):
        theme_save(theme=grief, by=admin_user)
    assert not _kept(Client().get("/list/"))


def test_a_signed_in_person_never_gets_a_kept_page_nor_leaves_one(
    make_group: Callable[..., Group], participant: User, client_for
) -> None:
    make_group("Sorg i Oslo")
    Client().get("/list/")
    theirs = client_for(participant).get("/list/")
    assert not _kept(theirs)
    assert participant.email.encode() in theirs.content
    anonymous = Client().get("/list/")
    assert _kept(anonymous)
    assert participant.email.encode() not in anonymous.content
    assert b"signed in: nobody" in anonymous.content


def test_a_page_rendered_for_a_signed_in_person_is_never_kept(
    make_group: Callable[..., Group], participant: User, client_for
) -> None:
    make_group("Sorg i Oslo")
    client_for(participant).get("/list/")
    first_anonymous = Client().get("/list/")
    assert not _kept(first_anonymous)
    assert participant.email.encode() not in first_anonymous.content


def test_a_page_with_a_visitors_own_token_is_never_kept() -> None:
    first = Client().get("/form/")
    second = Client().get("/form/")
    assert not _kept(second)
    assert first.content != second.content


def test_a_visitor_with_a_waiting_message_or_any_other_cookie_is_not_served_from_it(
    make_group: Callable[..., Group],
) -> None:
    make_group("Sorg i Oslo")
    Client().get("/list/")
    client = Client()
    client.cookies["messages"] = "something for this visitor"
    assert not _kept(client.get("/list/"))


def test_a_response_that_validates_itself_is_left_to_its_view() -> None:
    from django.http import HttpResponse

    from selvhjelp.lib.pagecache import response_cacheable

    plain = HttpResponse("same for everyone")
    assert response_cacheable(plain)
    plain["ETag"] = '"v1"'
    assert not response_cacheable(plain)


def test_an_address_that_validates_itself_is_not_looked_up_again(monkeypatch) -> None:
    """Once its answer carried an ETag, the address goes straight to its view: no reads of
    the shared cache, which could only miss. Every request still reaches the view."""
    from selvhjelp.lib import pagecache

    reads: list[str] = []

    def counted(name: str) -> object:
        original = getattr(pagecache, name)

        def read(*args: object) -> object:
            reads.append(name)
            return original(*args)

        return read

    for name in ("_version", "_kept_get"):
        monkeypatch.setattr(pagecache, name, counted(name))
    first = Client().get("/validated/?n=1")
    assert first.content == b"asked for 1"
    assert reads == ["_version", "_kept_get"]
    second = Client().get("/validated/?n=2")
    assert second.content == b"asked for 2"
    assert not _kept(second)
    assert reads == ["_version", "_kept_get"]
    # Another address is looked up as before.
    Client().get("/list/")
    assert reads[2:] == ["_version", "_kept_get"]


@pytest.mark.parametrize(
    ("urls", "path"),
    [("tests.pages.page_cache_urls", "/list/"), ("selvhjelp.urls", "/api/v1/groups")],
)
def test_a_very_long_address_is_kept_under_a_key_the_database_cache_takes(
    settings, urls, path
) -> None:
    """The database cache (the default without Redis) keeps keys in a column of 255
    characters; PostgreSQL refused a longer key, and the visitor got a server error."""
    from django.core.cache import caches
    from django.core.management import call_command

    settings.ROOT_URLCONF = urls
    settings.CACHES = {
        name: {"BACKEND": "selvhjelp.lib.dbcache.DatabaseCache", "LOCATION": table}
        for name, table in (("default", "selvhjelp_cache"), ("pages", "selvhjelp_pages"))
    }
    call_command("createcachetable", verbosity=0)
    long_path = f"{path}?kilde={'sorg' * 100}"
    first = Client().get(long_path)
    assert first.status_code == 200
    second = Client().get(long_path)
    assert second.content == first.content
    if path == "/list/":
        assert _kept(second)
    # A different long address is another key.
    assert Client().get(long_path + "x").status_code == 200
    for cache in caches.all():
        cache.clear()
