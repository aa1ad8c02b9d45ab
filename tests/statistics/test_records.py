"""The records statistics are read from: written when a group starts, is handed over and ends,
and still there, unchanged, after the retention jobs and erasure have taken the personal data."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from selvhjelp.background.retention import ended_groups_erase
from selvhjelp.background.schedule import JOBS
from selvhjelp.groups.models import Group, GroupState, Membership
from selvhjelp.groups.services.handover import group_hand_over, group_mark
from selvhjelp.interest.models import Interest, InterestTally
from selvhjelp.interest.services import interest_withdraw
from selvhjelp.meetings.models import Absence, Meeting
from selvhjelp.meetings.services import absence_give
from selvhjelp.privacy.services import person_erase
from selvhjelp.statistics.models import GroupRecord
from selvhjelp.statistics.selectors import Period, statistics_report
from selvhjelp.statistics.services import group_records_refresh
from tests.conftest import (
    meet_weekly,
    members_of,
    ready_for_hand_over,
    register_interest,
    sorg_group,
)

pytestmark = pytest.mark.django_db


def travel(moment):
    return time_machine.travel(moment, tick=False)


def test_the_record_is_made_for_a_forming_group_and_the_start_is_written_once(
    initiator, contact_point, member, other_member
) -> None:
    group = sorg_group(initiator, title="Ny", contact_point=contact_point)
    group_records_refresh()
    record = GroupRecord.objects.get(group=group)
    assert (record.started_on, record.state, record.contact_point) == (
        None,
        "forming",
        contact_point,
    )
    assert [t.slug for t in record.themes.all()] == ["sorg"]

    ready_for_hand_over(group, [member, other_member])
    group_mark(group=group, step="first_meeting")
    group_records_refresh()
    record.refresh_from_db()
    assert (record.started_on, record.members_at_start) == (timezone.localdate(), 2)

    # A member leaving later does not change what the start was.
    Membership.objects.filter(group=group, user=member).update(state="left")
    assert group_records_refresh() == 0
    record.refresh_from_db()
    assert record.members_at_start == 2


def test_the_hand_over_and_a_follow_up_visit_after_three_meetings_are_written(
    initiator, contact_point, member, other_member
) -> None:
    group = sorg_group(initiator, title="Ny", contact_point=contact_point)
    ready_for_hand_over(group, [member, other_member])
    start = date(2027, 3, 1)
    with travel(timezone.make_aware(datetime(2027, 2, 20, 12))):
        meet_weekly(group, start_date=start)
        group_hand_over(group=group)
    # The fourth meeting (22 March) has been held; the visit comes after it, before the sixth.
    with travel(timezone.make_aware(datetime(2027, 3, 23, 12))):
        group_mark(group=group, step="follow_up_done")
        group_records_refresh()
    record = GroupRecord.objects.get(group=group)
    assert record.started_on == start
    assert (record.handed_over_on, record.members_at_handover) == (date(2027, 2, 20), 2)
    assert record.meetings_held == 4
    assert record.follow_up_in_window is True


def test_a_follow_up_visit_before_the_third_meeting_is_outside_the_window(
    initiator, contact_point, member, other_member
) -> None:
    group = sorg_group(initiator, title="Ny", contact_point=contact_point)
    ready_for_hand_over(group, [member, other_member])
    with travel(timezone.make_aware(datetime(2027, 2, 20, 12))):
        meet_weekly(group, start_date=date(2027, 3, 1))
        group_hand_over(group=group)
    with travel(timezone.make_aware(datetime(2027, 3, 9, 12))):
        group_mark(group=group, step="follow_up_done")
        group_records_refresh()
    assert GroupRecord.objects.get(group=group).follow_up_in_window is False


def _report(contact_point):
    year = timezone.localdate().year
    period = Period(date(year - 1, 1, 1), date(year + 1, 12, 31))
    report = statistics_report(period=period, contact_point=contact_point)
    return [(t.key, t.rows, t.total) for t in report.tables]


def reach_rows(contact_point):
    year = timezone.localdate().year
    period = Period(date(year - 1, 1, 1), date(year + 1, 12, 31))
    with translation.override("en"):
        return statistics_report(period=period, contact_point=contact_point).table("reach").rows


def test_statistics_stay_the_same_after_the_group_is_erased_and_its_people_deleted(
    running_group, contact_point, make_record
) -> None:
    """A group's whole life, then the 90 days after its end: the page shows the same."""
    group = running_group
    # Two more groups, so that the figures about groups are large enough to be shown.
    for _ in range(2):
        make_record(
            contact_point, started=timezone.localdate(), meetings_held=5, members_at_start=6
        )
    tomorrow = timezone.localdate() + timedelta(days=1)
    meet_weekly(group, start_date=tomorrow, weekday=tomorrow.weekday(), start_time=time(18))
    jonas, amina, _per = members_of(group)
    meetings = list(Meeting.objects.filter(series__group=group)[:3])
    absence_give(meeting=meetings[0], user=jonas)
    ended_at = meetings[2].ends_at + timedelta(hours=1)
    with travel(ended_at):
        group_records_refresh()
        Group.objects.filter(pk=group.pk).update(state=GroupState.ENDED, ended_at=ended_at)
        group_records_refresh()
    before = _report(contact_point)
    assert ("Meetings held", "13") in [(label, f.text) for label, f in reach_rows(contact_point)]
    record = GroupRecord.objects.get(group=group)
    assert (record.meetings_held, record.meetings_with_notice, record.members_at_end) == (3, 1, 3)

    with travel(ended_at + timedelta(days=91)):
        assert ended_groups_erase() == 1
        person_erase(user=amina)
    assert not Membership.objects.filter(group=group).exists()
    assert not Absence.objects.filter(meeting__series__group=group).exists()
    group_records_refresh()
    record.refresh_from_db()
    assert (record.meetings_held, record.meetings_with_notice, record.members_at_end) == (3, 1, 3)
    assert _report(contact_point) == before


def test_interest_counts_outlive_the_interest(participant, member, contact_point) -> None:
    register_interest(participant, themes=("sorg", "angst"))
    register_interest(participant, themes=("sorg",))  # a change, not a new registration
    register_interest(member)
    interest_withdraw(user=participant)
    Interest.objects.all().delete()
    month = timezone.localdate().replace(day=1)
    people = {
        (tally.theme.slug if tally.theme else None): tally.people
        for tally in InterestTally.objects.filter(month=month, contact_point=contact_point)
    }
    assert people == {None: 2, "sorg": 2, "angst": 1}


def test_a_pool_reaching_its_threshold_is_counted_and_dated(make_user, contact_point) -> None:
    contact_point.interest_threshold = 2
    contact_point.save()
    register_interest(make_user())
    register_interest(make_user())
    tally = InterestTally.objects.get(theme__slug="sorg", contact_point=contact_point)
    assert tally.pools_reached == 1
    group = sorg_group(make_user(), title="Fra poolen", contact_point=None)
    Group.objects.filter(pk=group.pk).update(contact_point=contact_point)
    group_records_refresh()
    assert GroupRecord.objects.get(group=group).pool_reached_on == timezone.localdate()


def test_the_worker_writes_the_records_every_hour() -> None:
    job = next(job for job in JOBS if job.name == "statistics_record")
    assert job.run is group_records_refresh
    assert job.every == timedelta(hours=1)
