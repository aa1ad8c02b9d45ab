"""The meeting page: who moves a meeting there, who cancels it, and what the others see."""

from __future__ import annotations

from datetime import datetime

import pytest
from time_machine import TimeMachineFixture

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting, MeetingSeries
from selvhjelp.notifications.models import Message
from tests.conftest import meet_weekly

pytestmark = pytest.mark.django_db

PASSED = "Det tidspunktet har passert. Velg et tidspunkt som ikke har vært ennå."
TOO_FAR = "Et møte kan ligge høyst 18 måneder fram i tid. Velg en tidligere dato."
TOO_EARLY = "Det første møtet kan ligge høyst 12 måneder tilbake. Velg en senere dato."
SERIES = {
    "start_time": "18:00",
    "weekdays": ["0"],
    "interval": "1",
    "length_minutes": "120",
    "place_kind": "video",
    "place_details": "https://video.example.org/rom",
}


@pytest.fixture
def frozen(time_machine: TimeMachineFixture) -> datetime:
    """Stop the clock at Monday 1 March 2027, 12:00 in Oslo."""
    moment = datetime(2027, 3, 1, 12, tzinfo=OSLO)
    time_machine.move_to(moment, tick=False)
    return moment


def _second_meeting(group: Group) -> Meeting:
    """Monday 8 March 2027, 18:00–20:00."""
    meet_weekly(group)
    return Meeting.objects.filter(series__group=group).order_by("starts_at")[1]


def _page(group: Group, meeting: Meeting) -> str:
    return f"/grupper/{group.code}/inne/moter/{meeting.code}/"


def _move(date: str, time: str) -> dict[str, str]:
    return {"step": "move", "date": date, "time": time, "place_details": "", "message": ""}


def test_a_member_of_a_running_group_sees_no_move_form_but_a_link_to_propose_the_move(
    running_group: Group, member: User, client_for, frozen
) -> None:
    meeting = _second_meeting(running_group)
    client = client_for(member)
    html = client.get(_page(running_group, meeting)).content.decode()
    assert 'value="move"' not in html
    assert (
        f'href="/grupper/{running_group.code}/inne/beslutninger/ny/'
        f'?type=move_meeting&amp;meeting={meeting.code}">Foreslå å flytte det</a>'
    ) in html
    response = client.post(_page(running_group, meeting), _move("2027-03-09", "18:00"))
    assert response.status_code == 200
    before = meeting.starts_at
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.moved) == (before, False)
    assert not Message.objects.filter(dedupe_key__startswith="moved:").exists()


def test_a_member_cancels_a_meeting_and_the_others_see_who_did(
    running_group: Group, member: User, other_member: User, client_for, frozen
) -> None:
    meeting = _second_meeting(running_group)
    # The meeting page asks nothing: posting its old one-click form cancels nothing.
    client_for(member).post(
        _page(running_group, meeting), {"step": "cancel", "message": "Rommet er stengt"}
    )
    meeting.refresh_from_db()
    assert meeting.cancelled is False
    confirm = f"{_page(running_group, meeting)}avlys/"
    asked = client_for(member).get(confirm).content.decode()
    assert "Avlyse møtet for alle?" in asked
    assert "De 2 andre medlemmene får en e-post" in asked
    assert not Message.objects.filter(dedupe_key__startswith="cancelled:").exists()
    response = client_for(member).post(confirm, {"message": "Rommet er stengt"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.cancelled, meeting.cancelled_by) == (True, member)
    others = client_for(other_member)
    listing = others.get(f"/grupper/{running_group.code}/inne/moter/").content.decode()
    assert "Avlyst</span> Avlyst av Jonas. Rommet er stengt</p>" in listing
    page = others.get(_page(running_group, meeting)).content.decode()
    assert "Dette møtet er avlyst. Avlyst av Jonas. Rommet er stengt</p>" in page


def test_the_initiator_of_a_starting_group_still_moves_a_meeting_directly(
    starting_group: Group, initiator: User, client_for, frozen
) -> None:
    meeting = _second_meeting(starting_group)
    client = client_for(initiator)
    assert 'value="move"' in client.get(_page(starting_group, meeting)).content.decode()
    response = client.post(
        _page(starting_group, meeting),
        {"step": "move", "date": "2027-03-09", "time": "19:00", "place_details": "", "message": ""},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at, meeting.moved) == (
        datetime(2027, 3, 9, 19, tzinfo=OSLO),
        datetime(2027, 3, 9, 21, tzinfo=OSLO),
        True,
    )


@pytest.mark.parametrize(
    ("date", "time", "field", "error"),
    [
        ("2027-02-28", "18:00", "date", PASSED),  # yesterday
        ("2027-03-01", "11:00", "time", PASSED),  # an hour ago
        ("2028-10-01", "18:00", "date", TOO_FAR),  # 19 months ahead
        ("9999-12-31", "23:30", "date", TOO_FAR),
    ],
)
def test_a_move_into_the_past_or_beyond_18_months_is_a_form_error_and_nothing_changes(
    starting_group: Group,
    initiator: User,
    client_for,
    frozen,
    date: str,
    time: str,
    field: str,
    error: str,
) -> None:
    meeting = _second_meeting(starting_group)
    response = client_for(initiator).post(_page(starting_group, meeting), _move(date, time))
    assert response.status_code == 200
    assert response.context["move_form"].errors == {field: [error]}
    before = meeting.starts_at
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.moved) == (before, False)
    assert not Message.objects.filter(dedupe_key__startswith="moved:").exists()


@pytest.mark.parametrize(
    ("start_date", "error"),
    [
        ("2028-09-02", TOO_FAR),
        ("9999-12-31", TOO_FAR),
        ("2026-02-28", TOO_EARLY),
        # A first meeting in the year 1 once made every member's calendar feed fail.
        ("0001-01-01", TOO_EARLY),
    ],
)
def test_the_series_form_refuses_a_first_meeting_more_than_18_months_ahead_or_12_back(
    starting_group: Group, initiator: User, client_for, frozen, start_date: str, error: str
) -> None:
    response = client_for(initiator).post(
        f"/grupper/{starting_group.code}/inne/moter/", SERIES | {"start_date": start_date}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"start_date": [error]}
    assert not MeetingSeries.objects.filter(group=starting_group).exists()


def test_a_group_that_already_meets_keeps_its_first_meeting_however_long_ago_it_was(
    starting_group: Group,
    initiator: User,
    client_for,
    frozen,
    time_machine: TimeMachineFixture,
) -> None:
    page = f"/grupper/{starting_group.code}/inne/moter/"
    # Twelve months back, to the day (a Monday): the group has met for a year already.
    made = client_for(initiator).post(page, SERIES | {"start_date": "2026-03-02"})
    assert made["Location"] == page
    time_machine.move_to(datetime(2029, 3, 5, 12, tzinfo=OSLO), tick=False)
    client = client_for(initiator)
    changed = SERIES | {"start_date": "2026-03-02", "place_details": "Nytt rom"}
    assert client.post(page, changed)["Location"] == page
    series = MeetingSeries.objects.get(group=starting_group)
    assert (str(series.start_date), series.place_details) == ("2026-03-02", "Nytt rom")
    # Another date as far back is refused, as it is for a new series.
    refused = client.post(page, changed | {"start_date": "2026-03-09"})
    assert refused.context["form"].errors == {"start_date": [TOO_EARLY]}


def test_a_member_says_i_cant_come_on_the_meeting_page_itself(
    running_group: Group, member: User, client_for, frozen
) -> None:
    meeting = _second_meeting(running_group)
    client = client_for(member)
    html = client.get(_page(running_group, meeting)).content.decode()
    assert 'Jeg kan ikke komme<span class="ds-sr-only"> mandag 8. mars</span></button>' in html
    response = client.post(f"{_page(running_group, meeting)}fravaer/", {"back": "meeting"})
    assert response["Location"] == _page(running_group, meeting)
    html = client.get(_page(running_group, meeting)).content.decode()
    assert "Kan ikke komme: Jonas" in html
    assert 'Jeg kan komme likevel<span class="ds-sr-only"> mandag 8. mars</span></button>' in html


def test_english_dates_read_day_month_at_time(
    running_group: Group, make_user, add_member, client_for, frozen
) -> None:
    reader = make_user("Reader", language="en")
    add_member(running_group, reader)
    meeting = _second_meeting(running_group)
    html = client_for(reader).get("/en" + _page(running_group, meeting)).content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Monday 8 March, 18:00–20:00</h1>' in html
    from selvhjelp.meetings.services import _when

    assert _when(meeting.starts_at, "en") == "Monday 8 March at 18:00"
    # Inside a sentence ("Gruppa di møtes i morgen, mandag …") a Norwegian weekday is small.
    assert _when(meeting.starts_at, "nb") == "mandag 8. mars kl. 18:00"
    assert _when(meeting.starts_at, "nn") == "måndag 8. mars kl. 18:00"
