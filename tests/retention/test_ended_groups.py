"""An ended group keeps its personal data for 90 days; then only the group and its counts stay."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.background.retention import ended_groups_erase
from selvhjelp.decisions.models import Proposal, Vote
from selvhjelp.decisions.services import proposal_create, vote_cast
from selvhjelp.groups.models import (
    Agreement,
    DeclarationVersion,
    Group,
    GroupInterest,
    GroupState,
    Intake,
    Membership,
    Signature,
)
from selvhjelp.groups.services.membership import intake_record
from selvhjelp.interest.models import Interest
from selvhjelp.interest.services import group_interest_add
from selvhjelp.meetings.models import Absence, LeavingNotice, Meeting, MeetingSeries
from selvhjelp.meetings.selectors import feed_calendar
from selvhjelp.meetings.services import absence_give, feed_for, leaving_notice_give, meeting_cancel
from tests.concurrency import at_once
from tests.conftest import (
    meet_weekly,
    members_of,
    ready_for_hand_over,
    register_interest,
    sorg_group,
)

pytestmark = pytest.mark.django_db

DAYS_90 = timedelta(days=90)
MINUTE = timedelta(minutes=1)
PRIVATE = "Ring Kari på 99 88 77 66"


def at(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def rows() -> Counter[str]:
    """How many rows every table holds (of the tables migrations make: SQLite's search table
    is read through a model, and follows the groups)."""
    return Counter(
        {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if model._meta.managed
        }
    )


def personal_rows(group: Group) -> Counter[str]:
    """The rows that tie a person to the group, table by table."""
    meetings = Meeting.objects.filter(series__group=group)
    return Counter(
        {
            "groups.Membership": Membership.objects.filter(group=group).count(),
            "groups.Signature": Signature.objects.filter(declaration__group=group).count(),
            "groups.Intake": Intake.objects.filter(group=group).count(),
            "groups.GroupInterest": GroupInterest.objects.filter(group=group).count(),
            "meetings.Absence": Absence.objects.filter(meeting__in=meetings).count(),
            "meetings.LeavingNotice": LeavingNotice.objects.filter(membership__group=group).count(),
            "decisions.Proposal": Proposal.objects.filter(group=group).count(),
            "decisions.Vote": Vote.objects.filter(proposal__group=group).count(),
        }
    )


def end_by_decision(group: Group) -> None:
    people = members_of(group)
    proposal = proposal_create(group=group, by=people[0], kind="end", text="", payload={})
    for person in people:
        vote_cast(proposal=proposal, voter=person, yes=True)


@dataclass
class Ended:
    group: Group
    ended_at: datetime
    members: list[User]
    wants_to_join: User
    elsewhere: Group


@pytest.fixture
def ended(
    running_group: Group,
    initiator: User,
    contact_point,
    make_user: Callable[..., User],
) -> Ended:
    """Onsdagsgruppa's whole life: intake, signatures, weekly meetings (a notice of absence, a
    meeting cancelled with a message, a leaving notice), a wish to join, an open question with
    a vote, and finally the decision to end, just after its third meeting. Jonas is also in
    Torsdagsgruppa, which goes on."""
    group = running_group
    jonas, amina, per = members_of(group)
    for person in (jonas, amina, per):
        intake_record(
            group=group,
            user=person,
            held_on=timezone.localdate(),
            outcome="suitable",
            recorded_by=initiator,
        )
    tomorrow = timezone.localdate() + timedelta(days=1)
    meet_weekly(
        group,
        start_date=tomorrow,
        weekday=tomorrow.weekday(),
        start_time=time(18),
        place_details=PRIVATE,
    )
    first, second, third, _fourth, fifth = Meeting.objects.filter(series__group=group)[:5]
    absence_give(meeting=first, user=jonas)
    meeting_cancel(meeting=second, by=amina, message=PRIVATE)
    leaving_notice_give(
        membership=Membership.objects.get(group=group, user=per), last_meeting=fifth
    )
    wants_to_join = make_user("Siri")
    group_interest_add(user=wants_to_join, group=group, consent=True)
    register_interest(jonas)

    elsewhere = sorg_group(initiator, title="Torsdagsgruppa", contact_point=contact_point)
    ready_for_hand_over(elsewhere, [jonas, make_user("Lise")])
    meet_weekly(elsewhere, start_date=tomorrow, weekday=tomorrow.weekday(), start_time=time(12))
    absence_give(meeting=Meeting.objects.filter(series__group=elsewhere)[0], user=jonas)

    ended_at = third.ends_at + timedelta(hours=1)
    with at(ended_at):
        question = proposal_create(
            group=group, by=amina, kind="question", text="Kaffe?", payload={}, days=30
        )
        vote_cast(proposal=question, voter=per, yes=True)
        end_by_decision(group)
    group.refresh_from_db()
    return Ended(group, ended_at, [jonas, amina, per], wants_to_join, elsewhere)


def test_ending_a_group_by_decision_records_when_it_ended(ended: Ended) -> None:
    assert ended.group.state == GroupState.ENDED
    assert ended.group.ended_at == ended.ended_at


def test_for_90_days_after_it_ended_the_group_keeps_everything(ended: Ended) -> None:
    before = rows()
    with at(ended.ended_at + DAYS_90 - MINUTE):
        assert ended_groups_erase() == 0
    assert rows() == before
    kept = personal_rows(ended.group)
    assert kept["groups.Membership"] == 3
    assert min(kept.values()) >= 1
    ended.group.refresh_from_db()
    assert ended.group.personal_data_erased_at is None


def test_after_90_days_nothing_ties_a_person_to_the_group_and_nothing_else_goes(
    ended: Ended,
) -> None:
    group = ended.group
    feed_for(ended.members[0])  # the member has a calendar address before the erasure
    expected = personal_rows(group)
    before = rows()
    in_the_feed = str(MeetingSeries.objects.get(group=group).uid)
    assert (
        in_the_feed in feed_calendar(feed_for(ended.members[0]), summary="Gruppemøte").body.decode()
    )
    erased_at = ended.ended_at + DAYS_90 + MINUTE
    with at(erased_at):
        assert ended_groups_erase() == 1

    assert personal_rows(group) == Counter()
    assert before - rows() == expected
    # Only the statistics record, written before the people go (the hourly job had not run).
    assert rows() - before == Counter({"statistics.GroupRecord": 1})
    group.refresh_from_db()
    assert group.initiator is None
    assert group.invitation_token == ""
    assert group.personal_data_erased_at == erased_at
    assert Agreement.objects.get(group=group).place == ""
    series = MeetingSeries.objects.get(group=group)
    assert series.place_details == ""
    meetings = Meeting.objects.filter(series__group=group)
    assert not meetings.filter(cancelled_by__isnull=False).exists()
    assert not meetings.exclude(message="", place_details="").exists()
    assert (
        in_the_feed
        not in feed_calendar(feed_for(ended.members[0]), summary="Gruppemøte").body.decode()
    )


def test_the_group_stays_with_its_anonymous_counts(ended: Ended) -> None:
    with at(ended.ended_at + DAYS_90 + MINUTE):
        ended_groups_erase()
    group = Group.objects.get(pk=ended.group.pk)
    assert (group.state, group.title) == (GroupState.ENDED, "Onsdagsgruppa")
    # Three people were members; two meetings were held (the second was cancelled).
    assert (group.former_members, group.meetings_held) == (3, 2)
    assert list(group.themes.values_list("slug", flat=True)) == ["sorg"]
    # The declaration's wording is the group's, not a person's; who signed it is gone.
    assert DeclarationVersion.objects.filter(group=group).exists()


def test_the_people_and_their_other_groups_are_left_alone(ended: Ended) -> None:
    jonas = ended.members[0]
    elsewhere = personal_rows(ended.elsewhere)
    with at(ended.ended_at + DAYS_90 + MINUTE):
        ended_groups_erase()
    assert (
        User.objects.filter(pk__in=[p.pk for p in [*ended.members, ended.wants_to_join]]).count()
        == 4
    )
    assert Interest.objects.filter(user=jonas).exists()
    assert personal_rows(ended.elsewhere) == elsewhere
    assert Membership.objects.get(group=ended.elsewhere, user=jonas).state == "member"
    series = MeetingSeries.objects.get(group=ended.elsewhere)
    assert str(series.uid) in feed_calendar(feed_for(jonas), summary="Gruppemøte").body.decode()


def test_running_the_erasure_again_changes_nothing_and_counts_nothing_twice(ended: Ended) -> None:
    later = ended.ended_at + DAYS_90 + MINUTE
    with at(later):
        assert ended_groups_erase() == 1
    before = rows()
    with at(later + timedelta(days=1)):
        assert ended_groups_erase() == 0
    assert rows() == before
    group = Group.objects.get(pk=ended.group.pk)
    assert (group.former_members, group.meetings_held, group.personal_data_erased_at) == (
        3,
        2,
        later,
    )


def test_a_group_ended_another_way_counts_its_90_days_from_when_the_job_first_saw_it(
    participant: User, own_group: Callable[[User], Group]
) -> None:
    group = own_group(participant)  # self-started: the starter is its initiator; it has a link
    assert group.invitation_token
    group.state = GroupState.ENDED  # as an administrator would, in the admin
    group.save()
    seen = timezone.now()
    with at(seen):
        assert ended_groups_erase() == 0
    with at(seen + DAYS_90 - MINUTE):
        assert ended_groups_erase() == 0
    with at(seen + DAYS_90 + MINUTE):
        assert ended_groups_erase() == 1
    group.refresh_from_db()
    assert (group.ended_at, group.initiator, group.invitation_token) == (seen, None, "")
    assert group.former_members == 1
    assert not Membership.objects.filter(group=group).exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_erase_a_group_once_and_count_its_members_once(
    running_group: Group,
) -> None:
    Group.objects.filter(pk=running_group.pk).update(
        state=GroupState.ENDED, ended_at=timezone.now() - DAYS_90 - MINUTE
    )
    outcomes = at_once(lambda _n: ended_groups_erase(), range(3))
    assert sorted(o for o in outcomes if isinstance(o, int)) == [0, 0, 1]
    group = Group.objects.get(pk=running_group.pk)
    assert group.former_members == 3
    assert not Membership.objects.filter(group=group).exists()
