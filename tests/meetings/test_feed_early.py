"""The calendar feed's 304 is given before the session and the person are looked at
(lib/unchanged.py), and says exactly what the view's own 304 says; everything else still
reaches the view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import feed_for, feed_renew, meeting_cancel
from tests.conftest import admit, meet_weekly

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(make_group: Callable[..., Group], participant: User, frozen: object) -> Group:
    group = make_group("Sorggruppe på Majorstua")
    admit(group, participant)
    meet_weekly(group)
    return group


def feed_path(user: User, language: str = "") -> str:
    return f"{language}/kalender/{feed_for(user).token}.ics"


def _person_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, fail any request that asks who is signed in."""

    def refuse(request: object) -> object:
        raise AssertionError("the person was looked up")

    monkeypatch.setattr("django.contrib.auth.middleware.get_user", refuse)


def test_the_304_is_given_before_the_person_is_looked_at(
    group: Group,
    participant: User,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = Client()
    path = feed_path(participant)
    etag = client.get(path)["ETag"]
    _person_never_read(monkeypatch)
    with django_assert_num_queries(2):  # the feed by its address, and its digest
        unchanged = client.get(path, headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    with django_assert_num_queries(2):
        assert client.head(path, headers={"if-none-match": etag}).status_code == 304


# What the middleware after the early answer adds to every answer, and a 304 need not repeat:
# the first three are about a page drawn in a browser, and a 304 has no body; Django's common
# middleware says every body's length, where a 304 may only repeat its 200's (RFC 9110, 8.6).
FOR_DRAWN_PAGES = {
    "X-Frame-Options",
    "Content-Security-Policy",
    "Permissions-Policy",
    "Content-Length",
}


def test_the_early_304_carries_what_the_views_304_carries(
    group: Group, participant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    first = client.get(feed_path(participant))
    early = client.get(feed_path(participant), headers={"if-none-match": first["ETag"]})
    # The view's own 304, when its early check is not there.
    from selvhjelp.meetings import views

    monkeypatch.delattr(views.feed, "unchanged")
    late = client.get(feed_path(participant), headers={"if-none-match": first["ETag"]})
    assert early.status_code == late.status_code == 304
    assert dict(early.items()) == {
        name: value for name, value in late.items() if name not in FOR_DRAWN_PAGES
    }
    for header in ("ETag", "Cache-Control", "Content-Language", "Vary"):
        assert early[header] == first[header], header
    # Django's security headers are set outside: every answer carries them.
    assert early["X-Content-Type-Options"] == "nosniff"


def test_a_signed_in_browser_gets_the_views_answer(
    group: Group,
    participant: User,
    client_for: Callable[[User | None], Client],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(participant)
    path = feed_path(participant)
    etag = client.get(path)["ETag"]
    with django_assert_num_queries(4):  # the session and the person too
        answer = client.get(path, headers={"if-none-match": etag})
    assert answer.status_code == 304
    assert "no-store" in answer["Cache-Control"]  # as every answer to a signed-in person


def test_an_address_the_site_does_not_answer_to_is_refused(group: Group, participant: User) -> None:
    client = Client()
    path = feed_path(participant)
    etag = client.get(path)["ETag"]
    answer = client.get(path, headers={"if-none-match": etag, "host": "elsewhere.example"})
    assert answer.status_code == 400


def test_a_renewed_address_ends_the_old_one(group: Group, participant: User) -> None:
    client = Client()
    old = feed_path(participant)
    etag = client.get(old)["ETag"]
    feed_renew(user=participant)
    assert client.get(old, headers={"if-none-match": etag}).status_code == 404
    assert client.get(feed_path(participant)).status_code == 200


def test_anything_but_an_unchanged_feed_reaches_the_view(group: Group, participant: User) -> None:
    client = Client()
    path = feed_path(participant)
    first = client.get(path)
    # Another ETag, or a list of them without this one: the file.
    for sent in ('"0123"', 'W/"a", "b"', "*x"):
        answer = client.get(path, headers={"if-none-match": sent})
        assert answer.status_code == 200, sent
        assert answer.content == first.content
    # A list holding it: 304.
    held = client.get(path, headers={"if-none-match": f'"other", {first["ETag"]}'})
    assert held.status_code == 304
    # No feed at that address: the view's 404, as without an ETag.
    assert client.get("/kalender/ukjent.ics", headers={"if-none-match": '"x"'}).status_code == 404
    # A NUL in the address: the bad-request page, not a query.
    nul = client.get("/kalender/a%00b.ics", headers={"if-none-match": '"x"'})
    assert nul.status_code == 400


def test_a_changed_calendar_gets_the_new_file(group: Group, participant: User) -> None:
    client = Client()
    path = feed_path(participant)
    etag = client.get(path)["ETag"]
    meeting_cancel(meeting=Meeting.objects.earliest("starts_at"), by=participant, message="")
    changed = client.get(path, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert client.get(path, headers={"if-none-match": changed["ETag"]}).status_code == 304


def test_each_language_address_keeps_its_own_etag(group: Group, participant: User) -> None:
    client = Client()
    bokmal = client.get(feed_path(participant))["ETag"]
    nynorsk = client.get(feed_path(participant, "/nn"))["ETag"]
    assert bokmal != nynorsk  # its links are to the nynorsk pages
    unchanged = client.get(feed_path(participant, "/nn"), headers={"if-none-match": nynorsk})
    assert unchanged.status_code == 304
    other = client.get(feed_path(participant, "/nn"), headers={"if-none-match": bokmal})
    assert other.status_code == 200


def test_a_person_no_longer_active_gets_no_304(group: Group, participant: User) -> None:
    client = Client()
    path = feed_path(participant)
    etag = client.get(path)["ETag"]
    participant.is_active = False
    participant.save(update_fields=["is_active"])
    assert client.get(path, headers={"if-none-match": etag}).status_code == 404


def test_a_changed_file_costs_no_more_queries_than_a_first_visit(
    group: Group, participant: User
) -> None:
    client = Client()
    path = feed_path(participant)
    client.get(path)  # the file is built and kept
    with CaptureQueriesContext(connection) as plain:
        assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as stale:
        assert client.get(path, headers={"if-none-match": '"old"'}).status_code == 200
    # The early check's reading of the feed is the view's too.
    assert len(stale.captured_queries) == len(plain.captured_queries)
