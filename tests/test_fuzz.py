"""No 500s (issue 12): each input that caused a server error, and what it gets now."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, Staff
from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import LeavingNotice, Meeting
from selvhjelp.reflection.models import ReflectionAnswer
from tests.conftest import PASSWORD, meet_weekly

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

MEETINGS_FROM = datetime(2027, 3, 1, 9, tzinfo=OSLO)


def at(moment: datetime) -> time_machine.travel:
    """Stop the clock at this moment."""
    return time_machine.travel(moment, tick=False)


def said(response: TestResponse) -> list[str]:
    """The messages the response leaves for the person."""
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def meeting_group(running_group: Group) -> Group:
    """The running group, meeting on Mondays at 18:00 from 1 March 2027."""
    with at(MEETINGS_FROM):
        meet_weekly(running_group)
    return running_group


def _signed_in_again(client: Client) -> Client:
    """Give the password once more, as pages that delete or secure an account ask for."""
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    return client


def test_i_want_to_stop_after_a_chosen_last_meeting_through_the_page(
    meeting_group: Group, member: User, client_for: Callable[[User | None], Client]
) -> None:
    path = f"/grupper/{meeting_group.code}/inne/slutte/"
    with at(MEETINGS_FROM):
        client = client_for(member)
        page = client.get(path).content.decode()
        offered = re.findall(r'name="last" id="last-\w+" value="(\w+)"', page)
        response = client.post(path, {"last": offered[1]})
    assert response.status_code == 302
    assert response["Location"] == f"/grupper/{meeting_group.code}/inne/"
    notice = LeavingNotice.objects.get(membership__user=member)
    assert notice.last_meeting == Meeting.objects.get(code=offered[1])
    assert Membership.objects.get(user=member, group=meeting_group).state == MembershipState.MEMBER


@pytest.mark.parametrize("posted", ["\x00", "another group's"])
def test_a_last_meeting_the_page_does_not_offer_gets_a_message(
    meeting_group: Group,
    starting_group: Group,
    member: User,
    client_for: Callable[[User | None], Client],
    posted: str,
) -> None:
    """PostgreSQL refuses a NUL character in a query: the choice is matched with the meetings
    the page offers, not looked up."""
    with at(MEETINGS_FROM):
        meet_weekly(starting_group)
        if posted == "another group's":
            posted = Meeting.objects.filter(series__group=starting_group).earliest("starts_at").code
        response = client_for(member).post(
            f"/grupper/{meeting_group.code}/inne/slutte/", {"last": posted}
        )
    assert response.status_code == 200
    assert said(response) == ["Velg et av møtene i listen."]
    assert not LeavingNotice.objects.exists()


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_moving_a_meeting_to_the_end_of_the_calendar_gets_a_message(
    meeting_group: Group, member: User, client_for: Callable[[User | None], Client], date: str
) -> None:
    """At 23:30 on the last day the meeting would end after the year 9999; at 00:30 on the
    first it would start before the year 1 in UTC: both were an OverflowError."""
    meeting = Meeting.objects.earliest("starts_at")
    time = "23:30" if date.startswith("9999") else "00:30"
    with at(MEETINGS_FROM):
        response = client_for(member).post(
            f"/grupper/{meeting_group.code}/inne/moter/{meeting.code}/",
            {"step": "move", "date": date, "time": time},
        )
    assert response.status_code == 200
    assert response.context["move_form"].errors["date"]
    meeting.refresh_from_db()
    assert not meeting.moved


def test_a_series_that_starts_at_the_end_of_the_calendar_is_saved_with_no_meetings_yet(
    starting_group: Group, initiator: User, client_for: Callable[[User | None], Client]
) -> None:
    """31 December 9999 is a Friday: the first Saturday after it was looked for in the year
    10000, a ValueError."""
    with at(MEETINGS_FROM):
        response = client_for(initiator).post(
            f"/grupper/{starting_group.code}/inne/moter/",
            {
                "start_date": "9999-12-31",
                "start_time": "18:00",
                "weekdays": ["5"],
                "interval": "1",
                "length_minutes": "120",
                "place_kind": "video",
            },
        )
    assert response.status_code == 302
    assert starting_group.series.start_date == date(9999, 12, 31)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("posted", ["abc", "\x00", str(2**63), "9" * 5000])
def test_removing_a_staff_role_by_a_value_that_is_no_role_here_gets_a_message(
    coordinator: User,
    other_coordinator: User,
    contact_point: ContactPoint,
    client_for: Callable[[User | None], Client],
    posted: str,
) -> None:
    response = client_for(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/ansatte/fjern/", {"staff": posted}
    )
    assert response.status_code == 302
    assert said(response) == ["Den personen er ikke lenger ansatt her."]
    assert Staff.objects.count() == 2


def test_a_staff_role_of_another_contact_point_is_not_removed(
    coordinator: User,
    other_coordinator: User,
    contact_point: ContactPoint,
    client_for: Callable[[User | None], Client],
) -> None:
    theirs = Staff.objects.get(user=other_coordinator)
    response = client_for(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/ansatte/fjern/", {"staff": theirs.pk}
    )
    assert said(response) == ["Den personen er ikke lenger ansatt her."]
    assert Staff.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("posted", ["²", "9" * 5000, str(2**63), "\x00"])
def test_reflecting_with_a_word_that_is_not_in_the_compass_gets_a_message(
    meeting_group: Group, member: User, client_for: Callable[[User | None], Client], posted: str
) -> None:
    """ "²" is a digit to str.isdigit() but no number to int(); 5000 digits are more than int()
    converts; 2**63 is more than SQLite holds."""
    meeting = Meeting.objects.earliest("starts_at")
    with at(meeting.ends_at):
        response = client_for(member).post(
            f"/grupper/{meeting_group.code}/inne/moter/{meeting.code}/refleksjon/",
            {"word": ["1", posted]},
        )
    assert response.status_code == 302
    assert said(response) == [
        "Ordene i kompasset er endret etter at du åpnet siden. Marker ordene på nytt."
    ]
    assert not ReflectionAnswer.objects.exists()


@pytest.mark.parametrize("path", ["/interesse/", "/grupper/ny/"])
def test_a_theme_id_beyond_any_database_column_gets_a_message(
    participant: User, client_for: Callable[[User | None], Client], path: str
) -> None:
    """Django keeps one such id from SQLite, but not a list of them: an OverflowError."""
    response = client_for(participant).post(path, {"themes": [str(2**63)]})
    assert response.status_code == 200
    assert response.context["form"].errors["themes"]


@pytest.mark.parametrize("posted", ["\x00", "running group's"])
def test_listing_a_group_that_does_not_wait_gets_a_message(
    coordinator: User,
    contact_point: ContactPoint,
    running_group: Group,
    client_for: Callable[[User | None], Client],
    posted: str,
) -> None:
    """PostgreSQL refuses a NUL character in a query: the choice is matched with the groups
    the page offers, not looked up."""
    code = running_group.code if posted == "running group's" else posted
    response = client_for(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/godkjenning/", {"group": code}
    )
    assert response.status_code == 302
    assert said(response) == ["Den gruppa venter ikke lenger på godkjenning."]


def test_the_list_of_passkeys_opens(
    participant: User, client_for: Callable[[User | None], Client]
) -> None:
    """allauth's template loads `humanize`, which was not installed: a TemplateSyntaxError."""
    assert client_for(participant).get("/konto/2fa/webauthn/").status_code == 200


def test_a_passkey_answer_with_a_number_too_long_to_read_gets_a_message(
    participant: User, client_for: Callable[[User | None], Client]
) -> None:
    """Django's JSONField reads such a number with int(), which refuses more than 4300 digits
    with a ValueError, and not the JSONDecodeError the field expects."""
    client = _signed_in_again(client_for(participant))
    response = client.post("/konto/2fa/webauthn/add/", {"credential": "9" * 5000, "name": "Ny"})
    assert response.status_code == 200
    assert response.context["form"].errors["credential"]
