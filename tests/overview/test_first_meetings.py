"""The initiator's first meetings: which early meetings they attended, no meeting ticked as
held before it has happened, and the follow-up visit due after the group's third meeting on
its own, listed for the initiator."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group
from selvhjelp.groups.services import NotAllowed, NotYet
from selvhjelp.groups.services.handover import follow_up_plan, group_hand_over, group_mark
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.selectors import follow_ups_due, meetings_on_own
from selvhjelp.meetings.services import (
    Cancelled,
    first_meeting_mark,
    initiator_attendance_set,
    meeting_cancel,
)
from selvhjelp.overview.selectors import checklist
from tests.conftest import admit, meet_weekly, ready_for_hand_over

pytestmark = pytest.mark.django_db

# Mondays at 18:00 from 1 March 2027; the clock starts on Sunday 28 February.
BEFORE_THE_FIRST = datetime(2027, 2, 28, 12, tzinfo=OSLO)


def _meetings(group: Group) -> list[Meeting]:
    return list(Meeting.objects.filter(series__group=group).order_by("starts_at"))


@pytest.fixture
def planned(starting_group: Group, member: User) -> Group:
    admit(starting_group, member)
    with time_machine.travel(BEFORE_THE_FIRST, tick=False):
        meet_weekly(starting_group)
    return starting_group


def test_the_first_meeting_cannot_be_marked_before_it_is_held(planned: Group) -> None:
    with time_machine.travel(BEFORE_THE_FIRST, tick=False):
        with pytest.raises(NotYet):
            first_meeting_mark(group=planned)
        planned.refresh_from_db()
        assert planned.first_meeting_held_at is None
    with time_machine.travel(datetime(2027, 3, 1, 20, 5, tzinfo=OSLO), tick=False):
        first_meeting_mark(group=planned)
    planned.refresh_from_db()
    assert planned.first_meeting_held_at is not None


def test_a_group_that_meets_outside_the_plan_may_mark_its_first_meeting(
    starting_group: Group, member: User
) -> None:
    admit(starting_group, member)
    first_meeting_mark(group=starting_group)
    starting_group.refresh_from_db()
    assert starting_group.first_meeting_held_at is not None


def test_a_group_without_members_has_not_met_and_the_checklist_says_so(
    starting_group: Group, initiator: User, client_for
) -> None:
    with pytest.raises(NotAllowed):
        first_meeting_mark(group=starting_group)
    response = client_for(initiator).post(
        f"/grupper/{starting_group.code}/inne/sjekkliste/", {"step": "first_meeting"}
    )
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told == ["Gruppa har ingen medlemmer ennå, så den har ikke møttes. Inviter folk først."]
    starting_group.refresh_from_db()
    assert starting_group.first_meeting_held_at is None


def test_the_initiator_records_which_early_meetings_they_attended(
    planned: Group, initiator: User, make_user, client_for
) -> None:
    first, second, third = _meetings(planned)[:3]
    with (
        time_machine.travel(datetime(2027, 3, 1, 19, tzinfo=OSLO), tick=False),
        pytest.raises(NotYet),
    ):
        initiator_attendance_set(meeting=first, by=initiator, attended=True)
    with time_machine.travel(datetime(2027, 3, 3, 12, tzinfo=OSLO), tick=False):
        meeting_cancel(meeting=third, by=initiator, message="")
        with pytest.raises(NotAllowed):
            initiator_attendance_set(meeting=first, by=make_user("Noen"), attended=True)
        assert not {i.key: i.done for i in checklist(planned)}["initiator_present"]
        client_for(initiator).post(
            f"/grupper/{planned.code}/inne/sjekkliste/",
            {"step": "attended", "meeting": first.code, "attended": "yes"},
        )
        # A meeting still to come is not offered, whatever is posted.
        client_for(initiator).post(
            f"/grupper/{planned.code}/inne/sjekkliste/",
            {"step": "attended", "meeting": second.code, "attended": "yes"},
        )
        home = client_for(initiator).get(f"/grupper/{planned.code}/inne/").content.decode()
        assert {i.key: i.done for i in checklist(planned)}["initiator_present"]
    with (
        time_machine.travel(datetime(2027, 3, 30, 12, tzinfo=OSLO), tick=False),
        pytest.raises(Cancelled),
    ):
        initiator_attendance_set(meeting=third, by=initiator, attended=True)
    assert [m.initiator_attended for m in _meetings(planned)[:3]] == [True, False, False]
    assert "Mandag 1. mars: du var der" in home


def test_a_follow_up_planned_for_a_later_day_cannot_be_done_yet(running_group: Group) -> None:
    follow_up_plan(group=running_group, on=timezone.localdate() + timedelta(days=3))
    with pytest.raises(NotYet):
        group_mark(group=running_group, step="follow_up_done")
    follow_up_plan(group=running_group, on=timezone.localdate())
    group_mark(group=running_group, step="follow_up_done")
    running_group.refresh_from_db()
    assert running_group.follow_up_done_at is not None


def test_the_follow_up_is_due_after_the_third_meeting_on_its_own_and_listed(
    planned: Group, initiator: User, make_user, client_for
) -> None:
    with time_machine.travel(datetime(2027, 3, 2, 12, tzinfo=OSLO), tick=False):
        # One meeting with the initiator (1 March), then the hand-over.
        ready_for_hand_over(planned, [make_user("A"), make_user("B")])
        group_hand_over(group=planned)
        assert meetings_on_own(planned) == 0
    own = _meetings(planned)[1:5]
    with time_machine.travel(datetime(2027, 3, 10, 12, tzinfo=OSLO), tick=False):
        meeting_cancel(meeting=own[1], by=initiator, message="")
    with time_machine.travel(datetime(2027, 3, 22, 21, tzinfo=OSLO), tick=False):
        # 8 and 22 March held (15 March cancelled): two on its own.
        assert meetings_on_own(planned) == 2
        assert list(follow_ups_due(initiator)) == []
        page = client_for(initiator).get("/oppfolging/").content.decode()
        assert "Ingen besøk er aktuelle nå." in page
        assert "2 av 3 møter på egen hånd" in page
    with time_machine.travel(datetime(2027, 3, 29, 21, tzinfo=OSLO), tick=False):
        assert meetings_on_own(planned) == 3
        assert list(follow_ups_due(initiator)) == [planned]
        page = client_for(initiator).get("/oppfolging/").content.decode()
        due = page[page.index('id="due-heading"') : page.index("</section>")]
        assert planned.title in due
        profile = client_for(initiator).get("/profil/").content.decode()
        assert 'href="/oppfolging/"' in profile
        follow_up_plan(group=planned, on=date(2027, 3, 29))
        group_mark(group=planned, step="follow_up_done")
        assert list(follow_ups_due(initiator)) == []


def test_the_list_of_follow_ups_is_for_staff(participant: User, client_for) -> None:
    assert client_for(participant).get("/oppfolging/").status_code == 404
