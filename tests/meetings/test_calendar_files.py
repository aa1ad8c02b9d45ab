"""The calendar feed and the single-meeting download: one UID per meeting in both, stable bytes
with a strong ETag, Europe/Oslo as a yearly rule, no group code or theme, and only the groups a
person is a member of, while they meet."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.test import Client
from icalendar import Calendar
from time_machine import TimeMachineFixture

from selvhjelp.decisions.kinds import KINDS
from selvhjelp.groups.services.membership import membership_leave
from selvhjelp.lib.ics import oslo_timezone
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.forms import SeriesForm
from selvhjelp.meetings.models import CalendarFeed, Meeting, Premises
from selvhjelp.meetings.selectors import feed_by_token
from selvhjelp.meetings.services import feed_for, meeting_cancel
from tests.conftest import admit, meet_weekly, move_later

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(make_group, participant, contact_point, frozen):
    group = make_group("Sorggruppe på Majorstua", contact_point=contact_point)
    admit(group, participant)
    meet_weekly(group)
    return group


def feed_path(user) -> str:
    return f"/kalender/{feed_for(user).token}.ics"


def events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def exdates(event) -> set[datetime]:
    lists = event.get("EXDATE", [])
    lists = lists if isinstance(lists, list) else [lists]
    return {each.dt for dates in lists for each in dates.dts}


def test_the_time_zone_is_oslos_yearly_rule_and_agrees_with_the_tz_database() -> None:
    zone = oslo_timezone()
    text = zone.to_ical().decode()
    assert text.count("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=") == 2
    assert "COMMENT" not in text
    as_tz = zone.to_tz()
    oslo = ZoneInfo("Europe/Oslo")
    moment = datetime(2026, 1, 1, 12)
    while moment.year < 2046:
        assert as_tz.utcoffset(moment) == moment.replace(tzinfo=oslo).utcoffset(), moment
        moment += timedelta(hours=23)


def test_the_feed_is_the_same_bytes_twice_and_answers_304_to_its_etag(
    group, participant, time_machine: TimeMachineFixture
) -> None:
    client = Client()
    first = client.get(feed_path(participant))
    time_machine.shift(timedelta(minutes=5))
    second = client.get(feed_path(participant))
    assert first.content == second.content
    etag = first["ETag"]
    assert etag.startswith('"')
    assert not etag.startswith("W/")
    assert client.get(feed_path(participant), headers={"if-none-match": etag}).status_code == 304
    since = first["Last-Modified"]
    assert (
        client.get(feed_path(participant), headers={"if-modified-since": since}).status_code == 304
    )

    time_machine.shift(timedelta(minutes=5))
    meeting = Meeting.objects.earliest("starts_at")
    meeting_cancel(meeting=meeting, by=participant, message="")
    changed = client.get(feed_path(participant), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert (
        client.get(feed_path(participant), headers={"if-modified-since": since}).status_code == 200
    )


def test_stamps_and_sequence_come_from_the_data(group, participant, frozen) -> None:
    [master] = events(Client().get(feed_path(participant)).content)
    assert master["DTSTAMP"].dt == master["LAST-MODIFIED"].dt <= frozen
    assert master["SEQUENCE"] == 0
    meeting = Meeting.objects.order_by("starts_at")[2]
    move_later(meeting, timedelta(days=1))
    master, override = events(Client().get(feed_path(participant)).content)
    assert override["SEQUENCE"] == 1
    assert override["RECURRENCE-ID"].dt == meeting.original_start
    meeting_cancel(meeting=Meeting.objects.earliest("starts_at"), by=participant, message="")
    master, override = events(Client().get(feed_path(participant)).content)
    assert master["SEQUENCE"] == 1
    assert override["SEQUENCE"] == 2


def test_the_single_meeting_file_shares_the_feeds_uid_and_says_when_it_is_cancelled(
    group, participant, client_for
) -> None:
    meetings = list(Meeting.objects.order_by("starts_at")[:2])
    move_later(meetings[0], timedelta(hours=1))
    meeting_cancel(meeting=meetings[1], by=participant, message="")
    client = client_for(participant)
    master, override = events(Client().get(feed_path(participant)).content)
    path = f"/grupper/{group.code}/inne/moter/{{}}.ics"
    [moved] = events(client.get(path.format(meetings[0].code)).content)
    [cancelled] = events(client.get(path.format(meetings[1].code)).content)
    assert str(moved["UID"]) == str(override["UID"]) == str(master["UID"])
    assert moved["RECURRENCE-ID"].dt == override["RECURRENCE-ID"].dt
    assert moved["DTSTART"].dt == override["DTSTART"].dt
    # The move raised the meeting's sequence, the cancellation of the other one the series'.
    assert moved["SEQUENCE"] == override["SEQUENCE"] == 2
    assert str(cancelled["UID"]) == str(master["UID"])
    assert cancelled["RECURRENCE-ID"].dt == meetings[1].original_start
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 2
    assert exdates(master) == {meetings[1].original_start}
    assert "STATUS" not in moved
    # Both link the same way: the private link on the site's address.
    assert (
        str(moved["URL"])
        == str(master["URL"])
        == f"http://127.0.0.1:8000/inne/{group.link_key}/moter/"
    )


def test_the_cancelled_meeting_page_offers_no_download(group, participant, client_for) -> None:
    meeting = Meeting.objects.earliest("starts_at")
    page = f"/grupper/{group.code}/inne/moter/{meeting.code}/"
    client = client_for(participant)
    assert f"{meeting.code}.ics" in client.get(page).content.decode()
    meeting_cancel(meeting=meeting, by=participant, message="")
    assert f"{meeting.code}.ics" not in client.get(page).content.decode()


def test_no_address_in_the_feed_carries_the_group_code_or_theme(group, participant) -> None:
    body = Client().get(feed_path(participant)).content.decode()
    assert group.code not in body
    assert "Sorg" not in body
    assert "sorg" not in body
    [url] = {str(event["URL"]) for event in events(body.encode())}
    assert group.link_key in url


def test_the_private_link_takes_members_on_and_is_404_to_others(
    group, participant, outsider, client_for
) -> None:
    [url] = {str(event["URL"]) for event in events(Client().get(feed_path(participant)).content)}
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client_for(participant).get(f"/{path}")
    assert response.status_code == 302
    assert response["Location"] == f"/grupper/{group.code}/inne/moter/"
    assert client_for(outsider).get(f"/{path}").status_code == 404
    anonymous = Client().get(f"/{path}")
    assert anonymous.status_code == 302
    assert group.code not in anonymous["Location"]
    assert client_for(participant).get("/inne/no-such-key/moter/").status_code == 404


def test_the_feed_speaks_the_persons_language(group, participant) -> None:
    participant.language = "en"
    participant.save(update_fields=["language"])
    response = Client().get(feed_path(participant))
    assert response["Content-Language"] == "en"
    assert {str(event["SUMMARY"]) for event in events(response.content)} == {"Group meeting"}


def test_the_feed_is_404_for_an_unknown_address_and_for_a_deactivated_person(
    group, participant
) -> None:
    path = feed_path(participant)
    assert Client().get(path).status_code == 200
    assert Client().get("/kalender/" + "x" * 43 + ".ics").status_code == 404
    participant.is_active = False
    participant.save(update_fields=["is_active"])
    assert Client().get(path).status_code == 404


def test_the_feed_is_found_by_its_address_as_stored(participant, django_assert_num_queries) -> None:
    stored = feed_for(participant)
    participant.language = "nn"
    participant.save(update_fields=["language"])
    with django_assert_num_queries(1):
        found = feed_by_token(stored.token)
    assert found is not None
    feed, language = found
    assert language == "nn"
    assert (feed.pk, feed.user_id, feed.token, feed.created_at) == (
        stored.pk,
        stored.user_id,
        stored.token,
        CalendarFeed.objects.get(pk=stored.pk).created_at,
    )
    assert feed.created_at.tzinfo is not None
    assert feed_by_token(stored.token + "x") is None


def test_the_calendar_page_offers_a_webcal_link(group, participant, client_for) -> None:
    page = client_for(participant).get("/kalender/").content.decode()
    token = feed_for(participant).token
    assert f'href="webcal://127.0.0.1:8000/kalender/{token}.ics"' in page
    assert f"http://127.0.0.1:8000/kalender/{token}.ics" in page


def test_a_person_who_left_loses_the_groups_meetings(group, participant) -> None:
    assert events(Client().get(feed_path(participant)).content)
    membership_leave(group=group, user=participant)
    assert events(Client().get(feed_path(participant)).content) == []


def test_a_paused_group_stops_at_its_last_meeting_and_continues_after_resuming(
    group, participant, time_machine: TimeMachineFixture
) -> None:
    time_machine.shift(timedelta(weeks=3))  # three meetings held
    KINDS["pause"].apply(group=group, payload={})
    assert not Meeting.objects.filter(starts_at__gt=datetime.now(tz=OSLO)).exists()
    body = Client().get(feed_path(participant)).content
    [master] = events(body)
    assert master["RRULE"]["UNTIL"] == [datetime(2027, 3, 15, 17, tzinfo=ZoneInfo("UTC"))]
    later = recurring_ical_events.of(Calendar.from_ical(body)).between(
        date(2027, 3, 16), date(2028, 3, 1)
    )
    assert later == []

    time_machine.shift(timedelta(weeks=1))  # resumed on 29 March at noon: 22 March is gone
    KINDS["resume"].apply(group=group, payload={})
    body = Client().get(feed_path(participant)).content
    starts = [
        event["DTSTART"].dt.date()
        for event in recurring_ical_events.of(Calendar.from_ical(body)).between(
            date(2027, 3, 1), date(2027, 4, 13)
        )
    ]
    assert starts == [
        date(2027, 3, 1),
        date(2027, 3, 8),
        date(2027, 3, 15),
        date(2027, 3, 29),
        date(2027, 4, 5),
        date(2027, 4, 12),
    ]


def test_the_series_form_refuses_a_first_date_that_is_not_a_meeting_day() -> None:
    data = {
        "start_date": "2027-03-05",  # a Friday
        "start_time": "18:00",
        "weekdays": ["0", "1"],
        "interval": "1",
        "length_minutes": "120",
        "place_kind": "video",
        "place_details": "https://video.example.org/rom",
    }
    form = SeriesForm(data, rooms=Premises.objects.none())
    assert list(form.errors) == ["start_date"]
    assert SeriesForm(data | {"start_date": "2027-03-09"}, rooms=Premises.objects.none()).is_valid()


def test_the_service_moves_a_mismatched_first_date_to_the_first_meeting(
    make_group, contact_point, frozen
) -> None:
    friday = date(2027, 3, 5)
    series = meet_weekly(
        make_group(contact_point=contact_point), start_date=friday, weekday=1, interval=2
    )
    assert series.start_date == date(2027, 3, 16)
    assert Meeting.objects.earliest("starts_at").starts_at.date() == date(2027, 3, 16)
