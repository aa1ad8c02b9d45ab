"""Whatever changes what a public page shows forgets the kept pages, wherever the change is
made: through a service, the admin or a plain save (lib/pagecache.forget_on_change)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.places.models import Municipality
from tests.conftest import meet_weekly, theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings) -> None:
    settings.SELVHJELP_PAGE_CACHE = True


def _kept(path: str) -> bool:
    response = Client().get(path)
    assert response.status_code == 200
    return response.get("X-Page-Cache") == "hit"


def _rename_place(group: Group) -> None:
    place = Municipality.objects.get(code="0301")
    place.name = "Christiania"
    place.save()


def _add_theme(group: Group) -> None:
    group.themes.add(theme("angst"))


def _new_member(group: Group) -> None:
    person = User.objects.create_user(email="ny@example.org", password=None)
    Membership.objects.create(group=group, user=person, state=MembershipState.MEMBER)


def _rename_contact_point(group: Group) -> None:
    point = ContactPoint.objects.get(pk=group.contact_point_id or 0)
    point.name = "LINK Christiania"
    point.save()


def _meet_on_thursdays(group: Group) -> None:
    meet_weekly(group, weekday=3)


def _leave_the_area(group: Group) -> None:
    ContactPoint.objects.get(pk=group.contact_point_id or 0).municipalities.clear()


@pytest.mark.parametrize(
    "change",
    [
        _rename_place,
        _add_theme,
        _new_member,
        _rename_contact_point,
        _meet_on_thursdays,
        _leave_the_area,
    ],
)
def test_a_change_to_what_public_pages_show_forgets_them(
    change: Callable[[Group], None],
    make_group: Callable[..., Group],
    contact_point: ContactPoint,
    django_capture_on_commit_callbacks,
) -> None:
    group = make_group("Sorg i Oslo", contact_point=contact_point)
    pages = ["/grupper/", f"/grupper/{group.code}/", f"/kontaktpunkt/{contact_point.slug}/"]
    for path in pages:
        _kept(path)
        assert _kept(path), path
    with django_capture_on_commit_callbacks(execute=True):
        change(group)
    assert [path for path in pages if _kept(path)] == []


def test_a_change_elsewhere_keeps_them(
    make_group: Callable[..., Group], contact_point: ContactPoint, make_user
) -> None:
    group = make_group("Sorg i Oslo", contact_point=contact_point)
    Client().get("/grupper/")
    make_user("Noen")  # a new account shows on no public page
    assert _kept("/grupper/")
    assert group.code


def test_an_open_data_answer_is_kept_yet_every_request_is_counted_and_validated(
    make_group: Callable[..., Group],
    contact_point: ContactPoint,
    settings,
    django_capture_on_commit_callbacks,
) -> None:
    settings.SELVHJELP_API_REQUESTS_PER_MINUTE = 4
    group = make_group("Sorg i Oslo", contact_point=contact_point)
    client = Client()
    first = client.get("/api/v1/groups")
    second = client.get("/api/v1/groups")
    assert first.get("X-Page-Cache") != "hit"
    assert second.get("X-Page-Cache") == "hit"
    assert second.content == first.content
    assert client.get("/api/v1/groups", headers={"if-none-match": first["ETag"]}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        group.title = "Sorg og savn i Oslo"
        group.save()
    changed = client.get("/api/v1/groups")
    assert changed.get("X-Page-Cache") != "hit"
    assert b"Sorg og savn i Oslo" in changed.content
    assert client.get("/api/v1/groups").status_code == 429
