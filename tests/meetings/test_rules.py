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
    TooLate,
    absence_give,
    meeting_cancel,
    meeting_move,
    series_set,
)
from tests.conftest import meet_weekly

pytestmark = pytest.mark.django_db


def test_a_self_governed_group_changes_its_series_only_by_a_decision(
    running_group: Group,
) -> None:
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=OSLO), tick=False):
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
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=OSLO), tick=False):
        meet_weekly(running_group)
    first = Meeting.objects.filter(series__group=running_group).order_by("starts_at").first()
    assert first is not None
    with time_machine.travel(first.ends_at + timedelta(minutes=1), tick=False):
        assert first.is_over
        with pytest.raises(TooLate):
            meeting_cancel(meeting=first, message="For sent")
        with pytest.raises(TooLate):
            meeting_move(
                meeting=first,
                starts_at=first.starts_at + timedelta(days=1),
                premises=None,
                place_details="",
                message="For sent",
            )
        with pytest.raises(TooLate):
            absence_give(meeting=first, user=member)
    first.refresh_from_db()
    assert (first.cancelled, first.moved, first.absences.count()) == (False, False, 0)


def test_a_coming_meeting_is_cancelled_and_moved_by_any_member(
    running_group: Group,
) -> None:
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=OSLO), tick=False):
        meet_weekly(running_group)
        first, second = Meeting.objects.filter(series__group=running_group).order_by("starts_at")[
            :2
        ]
        assert not first.is_over
        meeting_cancel(meeting=first, message="Rommet er stengt")
        meeting_move(
            meeting=second,
            starts_at=second.starts_at + timedelta(days=1),
            premises=None,
            place_details="",
            message="Tirsdag denne gangen",
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.cancelled, second.moved) == (True, True)
