from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypedDict

import pytest
import recurring_ical_events
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Absence, CalendarFeed, Meeting, MeetingSeries, Premises
from selvhjelp.meetings.services import (
    OutOfRange,
    RoomTaken,
    absence_give,
    feed_for,
    feed_renew,
    meeting_cancel,
    meeting_move,
    meetings_generate,
    series_set,
)
from selvhjelp.notifications.models import Message
from tests.concurrency import at_once
from tests.conftest import admit
from tests.queries import assert_queries_do_not_grow

if TYPE_CHECKING:
    # The test client's response, with `context`; it exists in the stubs only.
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db


class SeriesFields(TypedDict):
    start_date: date
    start_time: time
    weekdays: list[int]
    interval: int
    length_minutes: int
    place_kind: str
    premises: Premises | None
    place_details: str


MONDAY_1800: SeriesFields = {
    "start_date": date(2027, 3, 1),
    "start_time": time(18),
    "weekdays": [0],
    "interval": 1,
    "length_minutes": 120,
    "place_kind": "video",
    "premises": None,
    "place_details": "https://video.example.org/rom",
}


@pytest.fixture
def group_with_member(make_group, participant, contact_point):
    group = make_group(contact_point=contact_point)
    admit(group, participant, signed=False)
    return group


def test_twelve_weeks_of_meetings_are_generated_from_the_rule(group_with_member, frozen) -> None:
    series = series_set(group=group_with_member, **MONDAY_1800)
    meetings = list(Meeting.objects.filter(series=series))
    assert len(meetings) == 12
    assert {m.starts_at.astimezone(OSLO).time() for m in meetings} == {time(18)}
    assert all(m.ends_at - m.starts_at == timedelta(hours=2) for m in meetings)
    assert meetings_generate(series).created == 0


@pytest.mark.parametrize("start_date", [date(1, 1, 1), date(2026, 2, 28)])
def test_a_first_meeting_more_than_12_months_back_is_refused_by_the_service(
    group_with_member, frozen, start_date: date
) -> None:
    with pytest.raises(OutOfRange):
        series_set(group=group_with_member, **(MONDAY_1800 | {"start_date": start_date}))
    assert not MeetingSeries.objects.exists()


def test_a_series_chosen_by_a_decision_whose_first_meeting_fell_too_far_back_is_not_made(
    group_with_member, frozen
) -> None:
    from selvhjelp.decisions.kinds import EffectFailed, Series

    payload = {
        "start_date": "2026-02-27",
        "start_time": "18:00",
        "weekdays": [0],
        "interval": 1,
        "length_minutes": 120,
        "place_kind": "video",
        "premises": None,
        "place_details": "",
    }
    with pytest.raises(EffectFailed) as failed:
        Series().apply(group=group_with_member, payload=payload)
    assert failed.value.reason in Series.reasons
    assert not MeetingSeries.objects.exists()


@pytest.mark.parametrize("start_date", [date(1, 1, 1), date(2000, 1, 3)])
def test_a_series_stored_with_a_first_meeting_long_ago_still_gives_a_small_feed(
    group_with_member, participant, frozen, start_date: date
) -> None:
    """Saved before the 12 months' bound: year 1 made every member's feed fail, year 2000
    listed some 1,400 weeks as exceptions."""
    series = series_set(group=group_with_member, **MONDAY_1800)
    MeetingSeries.objects.filter(pk=series.pk).update(start_date=start_date)
    response = Client().get(f"/kalender/{feed_for(participant).token}.ics")
    assert response.status_code == 200
    [master] = [
        event for event in Calendar.from_ical(response.content).walk("VEVENT") if "RRULE" in event
    ]
    assert master.decoded("DTSTART") == datetime(2027, 3, 1, 18, tzinfo=OSLO)
    assert "EXDATE" not in master


def test_changing_the_series_keeps_notices_on_surviving_dates_and_tells_the_others(
    group_with_member, participant, frozen
) -> None:
    series = series_set(group=group_with_member, **MONDAY_1800)
    kept, dropped = Meeting.objects.filter(series=series).order_by("starts_at")[:2]
    # Every other week from now: the first Monday survives, the second does not.
    absence_give(meeting=kept, user=participant)
    absence_give(meeting=dropped, user=participant)
    series_set(group=group_with_member, **(MONDAY_1800 | {"interval": 2}))
    assert Absence.objects.filter(meeting=kept).exists()
    assert not Meeting.objects.filter(pk=dropped.pk).exists()
    told = Message.objects.filter(kind="group_news", dedupe_key__startswith="absence-gone")
    assert [m.recipient for m in told] == [participant]
    assert Meeting.objects.filter(series=series).count() == 6


def test_the_feed_keeps_18_00_across_summer_time_and_shows_cancelled_and_moved_meetings(
    group_with_member, participant, frozen
) -> None:
    series = series_set(group=group_with_member, **MONDAY_1800)
    meetings = list(Meeting.objects.filter(series=series).order_by("starts_at"))
    meeting_cancel(meeting=meetings[1], by=participant, message="Påskeferie")
    new_start = datetime(2027, 3, 24, 17, tzinfo=OSLO)
    meeting_move(
        meeting=meetings[3], starts_at=new_start, premises=None, place_details="", message=""
    )
    token = feed_for(participant).token
    response = Client().get(f"/kalender/{token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert "VTIMEZONE" in response.content.decode()
    assert "REFRESH-INTERVAL" in response.content.decode()
    assert "X-PUBLISHED-TTL" in response.content.decode()
    events = recurring_ical_events.of(calendar).between(date(2027, 3, 1), date(2027, 11, 1))
    starts = sorted(event["DTSTART"].dt for event in events)
    assert meetings[1].original_start not in starts
    assert new_start in [s.astimezone(OSLO) for s in starts]
    regular = [s for s in starts if s.astimezone(OSLO) != new_start]
    assert {s.astimezone(OSLO).time() for s in regular} == {time(18)}
    assert {s.astimezone(OSLO).utcoffset() for s in regular} == {
        timedelta(hours=1),
        timedelta(hours=2),
    }
    assert {str(event["SUMMARY"]) for event in events} == {"Gruppemøte"}
    assert str(series.uid) in response.content.decode()
    assert group_with_member.title not in response.content.decode()


def test_a_renewed_feed_address_makes_the_old_one_answer_404(participant) -> None:
    old = feed_for(participant).token
    feed_renew(user=participant)
    assert Client().get(f"/kalender/{old}.ics").status_code == 404
    assert Client().get(f"/kalender/{feed_for(participant).token}.ics").status_code == 200


def test_a_room_cannot_be_booked_twice_at_overlapping_times(
    make_group, contact_point, frozen
) -> None:
    room = Premises.objects.create(
        contact_point=contact_point, name="Rom 2", owner_kind="library", address="Hemmelig gate 1"
    )
    first, second = (
        make_group("A", contact_point=contact_point),
        make_group("B", contact_point=contact_point),
    )
    series_set(group=first, **(MONDAY_1800 | {"place_kind": "room", "premises": room}))
    with pytest.raises(RoomTaken) as refused:
        series_set(
            group=second,
            **(MONDAY_1800 | {"place_kind": "room", "premises": room, "start_time": time(19)}),
        )
    assert len(refused.value.times) == 12
    assert not MeetingSeries.objects.filter(group=second).exists()
    series_set(
        group=second,
        **(MONDAY_1800 | {"place_kind": "room", "premises": room, "start_time": time(20)}),
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_room_give_one_series(make_group, contact_point) -> None:
    room = Premises.objects.create(
        contact_point=contact_point, name="Rom 3", owner_kind="school", address="x"
    )
    groups = [make_group(f"G{n}", contact_point=contact_point) for n in range(4)]
    booking = MONDAY_1800 | {
        "start_date": timezone.localdate(),
        "place_kind": "room",
        "premises": room,
    }
    outcomes = at_once(lambda group: series_set(group=group, **booking), groups)
    assert sum(isinstance(outcome, MeetingSeries) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, RoomTaken) for outcome in outcomes) == 3
    assert MeetingSeries.objects.count() == 1


def test_the_meetings_page_runs_a_fixed_number_of_queries(
    group_with_member, participant, client_for, make_user, frozen
) -> None:
    from selvhjelp.groups.services.frames import declaration_sign

    declaration_sign(group=group_with_member, user=participant)
    series_set(group=group_with_member, **MONDAY_1800)
    for meeting in Meeting.objects.all()[:6]:
        absence_give(meeting=meeting, user=participant)

    def more_meetings_members_and_notices() -> None:
        series_set(group=group_with_member, **(MONDAY_1800 | {"weekdays": [0, 3]}))
        assert Meeting.objects.count() == 24
        for n in range(4):
            other = make_user(f"M{n}")
            admit(group_with_member, other, signed=False)
            for meeting in Meeting.objects.all():
                absence_give(meeting=meeting, user=other)

    response = assert_queries_do_not_grow(
        client_for(participant),
        f"/grupper/{group_with_member.code}/inne/moter/",
        more_meetings_members_and_notices,
        # One more once a meeting is cancelled: the contact point's staff, for their mark.
        at_most=8,
    )
    rows = response.context["rows"]
    assert len(rows) == 8
    assert all({"M0", "M1", "M2", "M3"} <= set(row["absent"]) for row in rows)


def test_a_single_meeting_downloads_as_ics(
    group_with_member, participant, client_for, frozen
) -> None:
    from selvhjelp.groups.services.frames import declaration_sign

    declaration_sign(group=group_with_member, user=participant)
    series_set(group=group_with_member, **MONDAY_1800)
    meeting = Meeting.objects.earliest("starts_at")
    response = client_for(participant).get(
        f"/grupper/{group_with_member.code}/inne/moter/{meeting.code}.ics"
    )
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == meeting.starts_at.astimezone(OSLO)


def test_staff_keep_a_registry_of_rooms_whose_address_is_never_public(
    coordinator, contact_point, client_for
) -> None:
    client = client_for(coordinator)
    response = client.post(
        f"/kontaktpunkt/{contact_point.slug}/lokaler/",
        {
            "name": "Biblioteket",
            "owner_kind": "library",
            "address": "Storgata 99",
            "capacity": "12",
            "step_free": "on",
            "hearing_loop": "on",
        },
    )
    assert response.status_code == 302
    room = Premises.objects.get()
    assert (
        room.contact_point,
        room.name,
        room.owner_kind,
        room.address,
        room.capacity,
        room.step_free,
        room.hearing_loop,
        room.accessible_toilet,
    ) == (contact_point, "Biblioteket", "library", "Storgata 99", 12, True, True, False)
    listing = client.get(f"/kontaktpunkt/{contact_point.slug}/lokaler/").content.decode()
    assert "Biblioteket</a> – Storgata 99 · trinnfritt · teleslynge</li>" in listing
    assert (
        "Storgata 99" not in Client().get(f"/kontaktpunkt/{contact_point.slug}/").content.decode()
    )


def test_the_calendar_feed_runs_the_same_queries_for_one_and_three_groups(
    make_group, participant, contact_point, frozen
) -> None:
    def join_new_group() -> None:
        group = make_group(contact_point=contact_point)
        admit(group, participant, signed=False)
        series_set(group=group, **MONDAY_1800)
        meeting_cancel(
            meeting=Meeting.objects.filter(series__group=group).earliest("starts_at"),
            by=participant,
            message="",
        )

    def two_more_groups() -> None:
        join_new_group()
        join_new_group()

    client, path = Client(), f"/kalender/{feed_for(participant).token}.ics"

    def counted() -> tuple[int, TestResponse]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return len(queries), response

    join_new_group()
    built_one, _ = counted()
    kept_one, _ = counted()
    two_more_groups()
    built_three, response = counted()
    kept_three, _ = counted()
    # Kept: the address, then the series with a digest of their meetings and of when the person
    # joined or left, then the kept file.
    assert kept_one == kept_three == 2
    # Changed: those, then the series, their meetings and the joining again to build the file.
    assert built_one == built_three == 5
    calendar = Calendar.from_ical(response.content)
    assert len({str(event["UID"]) for event in calendar.walk("VEVENT")}) == 3


def test_members_see_the_calendar_link_and_a_visit_makes_no_calendar_address(
    group_with_member, participant, client_for, starting_group, initiator
) -> None:
    from selvhjelp.groups.services.frames import declaration_sign

    declaration_sign(group=group_with_member, user=participant)
    link = 'href="/kalender/"'
    member_page = client_for(participant).get(f"/grupper/{group_with_member.code}/inne/moter/")
    assert link in member_page.content.decode()
    staff_page = client_for(initiator).get(f"/grupper/{starting_group.code}/inne/moter/")
    assert staff_page.status_code == 200
    assert link not in staff_page.content.decode()
    # The address is secret and made only when its page is opened.
    assert not CalendarFeed.objects.exists()
    assert client_for(participant).get("/kalender/").status_code == 200
    assert CalendarFeed.objects.filter(user=participant).count() == 1
