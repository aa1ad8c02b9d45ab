"""The calendar feed's 304 is given before the session and the person are looked at
(lib/unchanged.py), and says exactly what the view's own 304 says; everything else still
reaches the view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import feed_for, meeting_cancel
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


def test_the_304_needs_neither_session_nor_person(
    group: Group,
    participant: User,
    client_for: Callable[[User | None], Client],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # A calendar app on a computer where the person is also signed in sends the session cookie.
    client = client_for(participant)
    path = feed_path(participant)
    etag = client.get(path)["ETag"]
    with django_assert_num_queries(2):  # the feed by its address, and its digest
        unchanged = client.get(path, headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""


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
    for header in ("ETag", "Cache-Control", "Content-Language"):
        assert early[header] == late[header] == first[header], header
    # Django's security headers are set outside: every answer carries them.
    assert early["X-Content-Type-Options"] == "nosniff"
    assert early["Referrer-Policy"] == late["Referrer-Policy"]


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


def test_head_is_answered_early_too(
    group: Group,
    participant: User,
    client_for: Callable[[User | None], Client],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(participant)
    path = feed_path(participant)
    etag = client.get(path)["ETag"]
    with django_assert_num_queries(2):
        answer = client.head(path, headers={"if-none-match": etag})
    assert answer.status_code == 304
