"""The rules about a group's meetings, refused by the services themselves."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group
from selvhjelp.groups.services import NotAllowed
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting, MeetingSeries
from selvhjelp.meetings.services import (
    Cancelled,
    OutOfRange,
    TooLate,
    absence_give,
    meeting_cancel,
    meeting_move,
    series_set,
)
from selvhjelp.notifications.models import Message
from tests.conftest import admit, meet_weekly

pytestmark = pytest.mark.django_db

NOON_1_MARCH = datetime(2027, 3, 1, 12, tzinfo=OSLO)


def _meetings(group: Group) -> list[Meeting]:
    return list(Meeting.objects.filter(series__group=group).order_by("starts_at"))


def _move(meeting: Meeting, starts_at: datetime, *, by_decision: bool = False) -> Meeting:
    """Move one meeting to a new start, keeping its place, with no message."""
    return meeting_move(
        meeting=meeting,
        starts_at=starts_at,
        premises=None,
        place_details="",
        message="",
        by_decision=by_decision,
    )


def test_a_self_governed_group_changes_its_series_only_by_a_decision(
    running_group: Group,
) -> None:
    with time_machine.travel(NOON_1_MARCH, tick=False):
        with pytest.raises(NotAllowed):
            series_set(
                group=running_group,
                start_date=date(2027, 3, 1),
                start_time=time(18),
                weekdays=[0],
                interval=1,
                length_minutes=120,
                place_kind="video",
                premises=None,
                place_details="",
            )
        assert not MeetingSeries.objects.filter(group=running_group).exists()
        series = meet_weekly(running_group)
    assert series.meetings.count() == 12


def test_a_meeting_that_is_over_is_neither_cancelled_nor_moved(
    running_group: Group, member: User
) -> None:
    with time_machine.travel(NOON_1_MARCH, tick=False):
        meet_weekly(running_group)
    first = _meetings(running_group)[0]
    with time_machine.travel(first.ends_at + timedelta(minutes=1), tick=False):
        assert first.is_over
        with pytest.raises(TooLate):
            meeting_cancel(meeting=first, by=member, message="For sent")
        with pytest.raises(TooLate):
            _move(first, first.starts_at + timedelta(days=1), by_decision=True)
        with pytest.raises(TooLate):
            absence_give(meeting=first, user=member)
    first.refresh_from_db()
    assert (first.cancelled, first.moved, first.absences.count()) == (False, False, 0)


def test_a_member_of_a_self_governed_group_cannot_move_a_meeting_directly(
    running_group: Group,
) -> None:
    with time_machine.travel(NOON_1_MARCH, tick=False):
        meet_weekly(running_group)
        second = _meetings(running_group)[1]
        with pytest.raises(NotAllowed):
            _move(second, second.starts_at + timedelta(days=1))
    before = second.starts_at
    second.refresh_from_db()
    assert (second.starts_at, second.moved, second.message) == (before, False, "")
    assert not Message.objects.filter(dedupe_key__startswith="moved:").exists()


def test_a_member_of_a_self_governed_group_cancels_a_meeting_and_the_others_are_told(
    running_group: Group, member: User, other_member: User
) -> None:
    with time_machine.travel(NOON_1_MARCH, tick=False):
        meet_weekly(running_group)
        first = _meetings(running_group)[0]
        meeting_cancel(meeting=first, by=member, message="Rommet er stengt")
    first.refresh_from_db()
    assert (first.cancelled, first.cancelled_by, first.message) == (
        True,
        member,
        "Rommet er stengt",
    )
    told = Message.objects.filter(dedupe_key__startswith="cancelled:")
    assert other_member in [message.recipient for message in told]
    assert member not in [message.recipient for message in told]
    # Who cancelled shows on the group's pages; a stored email would outlive an erased account.
    assert not any("Jonas" in message.subject + message.body_text for message in told)


def test_a_cancelled_meeting_is_neither_cancelled_again_nor_moved(
    starting_group: Group, initiator: User, member: User
) -> None:
    admit(starting_group, member)
    with time_machine.travel(NOON_1_MARCH, tick=False):
        meet_weekly(starting_group)
        first = _meetings(starting_group)[0]
        meeting_cancel(meeting=first, by=member, message="")
        with pytest.raises(Cancelled):
            meeting_cancel(meeting=first, by=initiator, message="Igjen")
        with pytest.raises(Cancelled):
            _move(first, first.starts_at + timedelta(days=1))
    first.refresh_from_db()
    assert (first.cancelled_by, first.message, first.moved) == (member, "", False)


@pytest.mark.parametrize(
    "new_start",
    [
        datetime(2027, 2, 28, 18, tzinfo=OSLO),  # yesterday
        datetime(2027, 3, 1, 11, tzinfo=OSLO),  # an hour ago
        datetime(2028, 10, 1, 18, tzinfo=OSLO),  # 19 months ahead
        datetime(9999, 12, 31, 18, tzinfo=OSLO),
    ],
)
def test_a_move_into_the_past_or_beyond_18_months_is_refused(
    starting_group: Group, new_start: datetime
) -> None:
    with time_machine.travel(NOON_1_MARCH, tick=False):
        meet_weekly(starting_group)
        first = _meetings(starting_group)[0]
        with pytest.raises(OutOfRange):
            _move(first, new_start)
    before = first.starts_at
    first.refresh_from_db()
    assert (first.starts_at, first.moved) == (before, False)


def test_a_move_up_to_18_months_ahead_is_made(starting_group: Group) -> None:
    with time_machine.travel(NOON_1_MARCH, tick=False):
        meet_weekly(starting_group)
        first = _meetings(starting_group)[0]
        _move(first, datetime(2028, 9, 1, 12, tzinfo=OSLO))
    first.refresh_from_db()
    assert (first.starts_at, first.moved) == (datetime(2028, 9, 1, 12, tzinfo=OSLO), True)


def test_a_series_that_would_start_more_than_18_months_ahead_is_refused(
    starting_group: Group,
) -> None:
    with time_machine.travel(NOON_1_MARCH, tick=False), pytest.raises(OutOfRange):
        meet_weekly(starting_group, start_date=date(2028, 9, 2))
    assert not MeetingSeries.objects.filter(group=starting_group).exists()
