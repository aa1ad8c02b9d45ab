"""Intake outcomes are erased 90 days after the group started (its first meeting held, or the
hand-over), and never sooner than 90 days after the conversation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.background.retention import intakes_expire
from selvhjelp.groups.models import Group, Intake
from selvhjelp.groups.services.handover import group_hand_over, group_mark
from selvhjelp.groups.services.membership import intake_record
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import meeting_cancel
from tests.conftest import meet_weekly, ready_for_hand_over, sorg_group

pytestmark = pytest.mark.django_db

DAYS_90 = timedelta(days=90)
MINUTE = timedelta(minutes=1)


def at(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def group_with_intakes(
    initiator: User, contact_point, make_user: Callable[..., User]
) -> Callable[[], Group]:
    """A new group of LINK Oslo with three intake conversations held today."""

    def make() -> Group:
        group = sorg_group(initiator, title="Ny sorggruppe", contact_point=contact_point)
        for name in ("Jonas", "Amina", "Per"):
            intake_record(
                group=group,
                user=make_user(name),
                held_on=timezone.localdate(),
                outcome="suitable",
                recorded_by=initiator,
            )
        return group

    return make


def _hand_over(group: Group) -> datetime:
    ready_for_hand_over(group, [intake.user for intake in Intake.objects.filter(group=group)])
    group_hand_over(group=group)
    return group.handed_over_at or timezone.now()


def _mark_first_meeting(group: Group) -> datetime:
    group_mark(group=group, step="first_meeting")
    return group.first_meeting_held_at or timezone.now()


def _cancel(meeting: Meeting) -> None:
    initiator = meeting.series.group.initiator
    assert initiator is not None
    meeting_cancel(meeting=meeting, by=initiator, message="")


def _hold_a_meeting(group: Group) -> datetime:
    """The first meeting is cancelled, the second held: the group started when it ended."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    meet_weekly(group, start_date=tomorrow, weekday=tomorrow.weekday(), start_time=time(18))
    first, second = Meeting.objects.filter(series__group=group)[:2]
    _cancel(first)
    return second.ends_at


@pytest.mark.parametrize("start", [_hand_over, _mark_first_meeting, _hold_a_meeting])
def test_intake_outcomes_go_90_days_after_the_group_started(
    group_with_intakes: Callable[[], Group], start: Callable[[Group], datetime]
) -> None:
    group = group_with_intakes()
    not_started = group_with_intakes()
    started_at = start(group)
    with at(started_at + DAYS_90 - MINUTE):
        assert intakes_expire() == 0
    assert Intake.objects.filter(group=group).count() == 3
    with at(started_at + DAYS_90 + MINUTE):
        assert intakes_expire() == 3
    assert not Intake.objects.filter(group=group).exists()
    assert Intake.objects.filter(group=not_started).count() == 3


def test_a_group_that_has_not_started_keeps_its_intake_outcomes(
    group_with_intakes: Callable[[], Group],
) -> None:
    group = group_with_intakes()
    tomorrow = timezone.localdate() + timedelta(days=1)
    meet_weekly(group, start_date=tomorrow, weekday=tomorrow.weekday(), start_time=time(18))
    # Its meetings are all to come, or cancelled: no meeting has been held.
    for meeting in Meeting.objects.filter(series__group=group):
        _cancel(meeting)
    with at(timezone.now() + timedelta(days=400)):
        assert intakes_expire() == 0
    assert Intake.objects.filter(group=group).count() == 3


def test_an_intake_held_after_the_start_is_kept_90_days_from_the_conversation(
    group_with_intakes: Callable[[], Group], initiator: User, make_user: Callable[..., User]
) -> None:
    group = group_with_intakes()
    started_at = _hand_over(group)
    late = started_at + timedelta(days=200)
    with at(late):
        intake_record(
            group=group,
            user=make_user("Siri"),
            held_on=timezone.localdate(),
            outcome="suitable",
            recorded_by=initiator,
        )
        assert intakes_expire() == 3
    with at(late + DAYS_90 - timedelta(days=1)):
        assert intakes_expire() == 0
    with at(late + DAYS_90 + timedelta(days=1)):
        assert intakes_expire() == 1
    assert not Intake.objects.exists()
