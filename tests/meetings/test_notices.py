from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Absence, Meeting
from selvhjelp.meetings.services import (
    TooLate,
    absence_give,
    absence_withdraw,
    leaving_complete,
    leaving_notice_give,
    meeting_cancel,
    reminders_send,
)
from selvhjelp.notifications.models import Message, OptOut
from tests.conftest import meet_weekly, members_of

pytestmark = pytest.mark.django_db


def at(moment: datetime) -> time_machine.travel:
    """Stop the clock at this moment."""
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def group(running_group: Group) -> Group:
    """The running group, meeting on Mondays at 18:00 from 1 March 2027."""
    with at(datetime(2027, 3, 1, 9, tzinfo=OSLO)):
        meet_weekly(running_group)
    return running_group


def _membership(group: Group, user: User) -> Membership:
    return Membership.objects.get(group=group, user=user)


def test_i_cant_come_is_shown_to_the_others_and_can_be_withdrawn_until_the_end(
    group, member, other_member, client_for
) -> None:
    meeting = Meeting.objects.earliest("starts_at")
    with at(datetime(2027, 3, 1, 12, tzinfo=OSLO)):
        client_for(member).post(f"/grupper/{group.code}/inne/moter/{meeting.code}/fravaer/")
        page = client_for(other_member).get(f"/grupper/{group.code}/inne/moter/").content.decode()
        assert f"Kan ikke komme: {member.display_name}" in page
        client_for(member).post(
            f"/grupper/{group.code}/inne/moter/{meeting.code}/fravaer/", {"action": "withdraw"}
        )
    assert not Absence.objects.exists()
    with at(datetime(2027, 3, 1, 20, 1, tzinfo=OSLO)), pytest.raises(TooLate):
        absence_withdraw(meeting=meeting, user=member)
    with at(datetime(2027, 3, 1, 20, 1, tzinfo=OSLO)), pytest.raises(TooLate):
        absence_give(meeting=meeting, user=member)


def test_each_i_cant_come_says_which_meeting_and_leads_back_to_it(
    group, member, client_for
) -> None:
    meetings = list(Meeting.objects.filter(series__group=group).order_by("starts_at")[:2])
    with at(datetime(2027, 3, 1, 12, tzinfo=OSLO)):
        client = client_for(member)
        page = client.get(f"/grupper/{group.code}/inne/moter/").content.decode()
        # Each button's name has its meeting's day, for a screen reader's list of buttons.
        assert 'Jeg kan ikke komme<span class="ds-sr-only"> mandag 1. mars</span>' in page
        assert 'Jeg kan ikke komme<span class="ds-sr-only"> mandag 8. mars</span>' in page
        second = meetings[1]
        assert f'id="meeting-{second.code}"' in page
        answered = client.post(f"/grupper/{group.code}/inne/moter/{second.code}/fravaer/")
        assert answered["Location"] == f"/grupper/{group.code}/inne/moter/#meeting-{second.code}"


def test_the_meetings_page_shows_the_notices_for_its_eight_meetings_only(
    group, member, other_member, client_for
) -> None:
    meetings = list(Meeting.objects.filter(series__group=group).order_by("starts_at"))
    with at(datetime(2027, 3, 1, 12, tzinfo=OSLO)):
        absence_give(meeting=meetings[0], user=member)  # over by the time the page is read
        absence_give(meeting=meetings[2], user=other_member)
        absence_give(meeting=meetings[9], user=member)  # the tenth: beyond the eight shown
    with at(datetime(2027, 3, 1, 21, tzinfo=OSLO)):
        page = client_for(member).get(f"/grupper/{group.code}/inne/moter/").content.decode()
    assert page.count("Kan ikke komme:") == 1
    assert f"Kan ikke komme: {other_member.display_name}" in page
    assert page.count('value="withdraw"') == 0


def test_reminders_go_the_day_before_to_those_who_want_them_and_are_coming(group) -> None:
    coming, absent, opted_out = members_of(group)
    monday = Meeting.objects.filter(starts_at__date=date(2027, 3, 8)).get()
    with at(datetime(2027, 3, 2, 12, tzinfo=OSLO)):
        absence_give(meeting=monday, user=absent)
    OptOut.objects.create(user=opted_out, kind="meeting_reminder")
    with at(datetime(2027, 3, 6, 10, tzinfo=OSLO)):
        assert reminders_send() == 0
    with at(datetime(2027, 3, 7, 10, tzinfo=OSLO)):
        assert reminders_send() == 1
        assert reminders_send() == 1  # the same message again is not queued twice
    reminders = Message.objects.filter(kind="meeting_reminder")
    assert [m.recipient for m in reminders] == [coming]
    assert "18:00" in reminders[0].body_text
    assert group.title not in reminders[0].subject


def test_a_cancelled_meeting_is_told_to_the_others_in_the_group(group, member) -> None:
    meeting = Meeting.objects.earliest("starts_at")
    meeting_cancel(meeting=meeting, by=member, message="Vinterferie")
    told = Message.objects.filter(kind="group_news", dedupe_key__startswith="cancelled")
    assert {m.recipient for m in told} == {p for p in members_of(group) if p != member}
    assert told.count() == 2


def test_i_want_to_stop_ends_the_membership_after_the_chosen_meeting(group, member) -> None:
    leaving = _membership(group, member)
    last = Meeting.objects.order_by("starts_at")[1]
    leaving_notice_give(membership=leaving, last_meeting=last)
    assert Message.objects.filter(kind="group_news", dedupe_key__startswith="leaving").count() == 2
    with at(last.ends_at - timedelta(minutes=1)):
        assert leaving_complete() == 0
    with at(last.ends_at + timedelta(minutes=1)):
        assert leaving_complete() == 1
    leaving.refresh_from_db()
    assert leaving.state == MembershipState.LEFT


def test_i_want_to_stop_at_once(group, other_member, client_for) -> None:
    leaving = _membership(group, other_member)
    with at(datetime(2027, 3, 1, 12, tzinfo=OSLO)):
        page = client_for(other_member).get(f"/grupper/{group.code}/inne/slutte/")
        assert page.status_code == 200
        asked = client_for(other_member).post(
            f"/grupper/{group.code}/inne/slutte/", {"last": "now"}
        )
        # "Now" is asked again on a page of its own, which says what it means.
        assert asked["Location"] == f"/grupper/{group.code}/inne/forlat/"
        leaving.refresh_from_db()
        assert leaving.state == MembershipState.MEMBER
        page = client_for(other_member).get(asked["Location"]).content.decode()
        assert "Du slutter å være medlem av" in page
        client_for(other_member).post(asked["Location"])
    leaving.refresh_from_db()
    assert leaving.state == MembershipState.LEFT


@pytest.mark.parametrize("who", ["outsider", "other_coordinator"])
def test_outsiders_get_404_on_meeting_pages(group, request, client_for, who) -> None:
    meeting = Meeting.objects.earliest("starts_at")
    person = request.getfixturevalue(who)
    for path in ("moter/", f"moter/{meeting.code}/", f"moter/{meeting.code}.ics", "slutte/"):
        assert client_for(person).get(f"/grupper/{group.code}/inne/{path}").status_code == 404
