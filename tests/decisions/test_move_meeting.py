"""Moving one meeting of a group that governs itself: a proposal, adopted by all, and its
reasons when the meeting cannot be moved by then."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.forms import ModelChoiceField
from django.utils import translation
from time_machine import TimeMachineFixture

from selvhjelp.accounts.models import User
from selvhjelp.decisions.kinds import KINDS, reason_text
from selvhjelp.decisions.models import Proposal, ProposalState
from selvhjelp.decisions.services import proposal_create, vote_cast
from selvhjelp.groups.models import Group
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import meeting_cancel
from tests.conftest import meet_weekly, members_of

pytestmark = pytest.mark.django_db

TUESDAY_9_MARCH_1900 = datetime(2027, 3, 9, 19, tzinfo=OSLO)


@pytest.fixture
def meeting(running_group: Group, time_machine: TimeMachineFixture) -> Meeting:
    """The running group's second meeting, Monday 8 March 2027 at 18:00; the clock stands at
    Monday 1 March, 12:00."""
    time_machine.move_to(datetime(2027, 3, 1, 12, tzinfo=OSLO), tick=False)
    meet_weekly(running_group)
    return Meeting.objects.filter(series__group=running_group).order_by("starts_at")[1]


def _propose(group: Group, by: User, meeting: Meeting, *, to: datetime) -> Proposal:
    """Propose the move the way the page does: through the kind's form and payload."""
    kind = KINDS["move_meeting"]
    form = kind.form(
        {
            "meeting": meeting.code,
            "date": to.date().isoformat(),
            "time": to.time().isoformat("minutes"),
            "place_details": "",
            "message": "",
        },
        group=group,
    )
    assert form is not None
    assert form.is_valid(), form.errors
    return proposal_create(
        group=group,
        by=by,
        kind="move_meeting",
        text="",
        payload=kind.payload(form.cleaned_data),
        days=14,
    )


def _everyone_says_yes(group: Group, proposal: Proposal) -> Proposal:
    for person in members_of(group):
        vote_cast(proposal=proposal, voter=person, yes=True)
    proposal.refresh_from_db()
    return proposal


def test_a_proposal_to_move_a_meeting_is_adopted_by_all_members_and_moves_it(
    running_group: Group, member: User, meeting: Meeting, client_for
) -> None:
    client = client_for(member)
    propose = f"/grupper/{running_group.code}/inne/beslutninger/ny/"
    form = client.get(f"{propose}?type=move_meeting&meeting={meeting.code}").content.decode()
    assert f'<option value="{meeting.code}" selected>Mandag 8. mars kl. 18:00</option>' in form
    response = client.post(
        propose,
        {
            "type": "move_meeting",
            "meeting": meeting.code,
            "date": "2027-03-09",
            "time": "19:00",
            "place_details": "Biblioteket, rom 3",
            "message": "Tirsdag denne gangen",
            "text": "",
            "days": "7",
        },
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == f"{propose.removesuffix('ny/')}{proposal.code}/"
    assert proposal.payload == {
        "meeting": meeting.code,
        "from": "2027-03-08T17:00:00+00:00",
        "from_place": "",
        "starts_at": "2027-03-09T19:00:00+01:00",
        "place_details": "Biblioteket, rom 3",
        "message": "Tirsdag denne gangen",
    }
    page = client.get(response["Location"]).content.decode()
    assert "<dt>Hvilket møte</dt><dd><a class=" in page
    assert "Mandag 8. mars kl. 18:00</a></dd>" in page
    # What it decides, as now → proposed: the time and the place.
    assert (
        '<del class="change__before"><span class="ds-sr-only">nå: </span>'
        "Mandag 8. mars kl. 18:00</del>"
    ) in page
    assert (
        '<ins class="change__after"><span class="ds-sr-only">foreslått: </span>'
        "Tirsdag 9. mars kl. 19:00</ins>"
    ) in page
    assert "<dt>Sted</dt>" in page
    assert "foreslått: </span>Biblioteket, rom 3</ins>" in page
    meeting.refresh_from_db()
    assert meeting.moved is False
    assert _everyone_says_yes(running_group, proposal).state == ProposalState.ADOPTED
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at, meeting.place_details, meeting.message) == (
        TUESDAY_9_MARCH_1900,
        TUESDAY_9_MARCH_1900 + timedelta(hours=2),
        "Biblioteket, rom 3",
        "Tirsdag denne gangen",
    )
    assert meeting.moved is True


def test_the_move_fails_with_its_reason_when_the_meeting_is_over_by_then(
    running_group: Group, member: User, meeting: Meeting, time_machine: TimeMachineFixture
) -> None:
    proposal = _propose(running_group, member, meeting, to=TUESDAY_9_MARCH_1900)
    time_machine.move_to(meeting.ends_at + timedelta(minutes=1), tick=False)
    proposal = _everyone_says_yes(running_group, proposal)
    assert (proposal.state, proposal.reason) == (ProposalState.NOT_ADOPTED, "meeting_over")
    with translation.override("nb"):
        assert reason_text(proposal) == "møtet er over"
    starts_at = meeting.starts_at
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.moved) == (starts_at, False)


def test_the_move_fails_with_its_reason_when_the_meeting_is_cancelled_by_then(
    running_group: Group, member: User, other_member: User, meeting: Meeting
) -> None:
    proposal = _propose(running_group, member, meeting, to=TUESDAY_9_MARCH_1900)
    meeting_cancel(meeting=meeting, by=other_member, message="Rommet er stengt")
    proposal = _everyone_says_yes(running_group, proposal)
    assert (proposal.state, proposal.reason) == (ProposalState.NOT_ADOPTED, "meeting_cancelled")
    with translation.override("nb"):
        assert reason_text(proposal) == "møtet er avlyst"
    meeting.refresh_from_db()
    assert (meeting.cancelled, meeting.moved) == (True, False)


def test_the_move_fails_with_its_reason_when_the_new_time_has_passed_by_then(
    running_group: Group, member: User, meeting: Meeting, time_machine: TimeMachineFixture
) -> None:
    proposal = _propose(running_group, member, meeting, to=datetime(2027, 3, 2, 18, tzinfo=OSLO))
    time_machine.move_to(datetime(2027, 3, 3, 12, tzinfo=OSLO), tick=False)
    proposal = _everyone_says_yes(running_group, proposal)
    assert (proposal.state, proposal.reason) == (ProposalState.NOT_ADOPTED, "time_passed")
    meeting.refresh_from_db()
    assert meeting.moved is False


def test_the_move_fails_with_its_reason_when_the_meeting_is_gone_from_the_plan(
    running_group: Group, member: User, meeting: Meeting
) -> None:
    proposal = _propose(running_group, member, meeting, to=TUESDAY_9_MARCH_1900)
    meet_weekly(running_group, weekday=2)  # the group has decided to meet on Wednesdays
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    proposal = _everyone_says_yes(running_group, proposal)
    assert (proposal.state, proposal.reason) == (ProposalState.NOT_ADOPTED, "meeting_gone")


@pytest.mark.parametrize(
    ("date", "error"),
    [
        ("2027-02-28", "Det tidspunktet har passert. Velg et tidspunkt som ikke har vært ennå."),
        ("2028-10-01", "Et møte kan ligge høyst 18 måneder fram i tid. Velg en tidligere dato."),
        ("9999-12-31", "Et møte kan ligge høyst 18 måneder fram i tid. Velg en tidligere dato."),
    ],
)
def test_a_proposal_to_move_into_the_past_or_beyond_18_months_is_a_form_error(
    running_group: Group, member: User, meeting: Meeting, client_for, date: str, error: str
) -> None:
    response = client_for(member).post(
        f"/grupper/{running_group.code}/inne/beslutninger/ny/",
        {
            "type": "move_meeting",
            "meeting": meeting.code,
            "date": date,
            "time": "23:30",
            "place_details": "",
            "message": "",
            "text": "",
            "days": "7",
        },
    )
    assert response.status_code == 200
    assert response.context["extra"].errors == {"date": [error]}
    assert not Proposal.objects.exists()


def test_only_a_meeting_that_is_neither_over_nor_cancelled_can_be_chosen_to_move(
    running_group: Group, member: User, meeting: Meeting, time_machine: TimeMachineFixture
) -> None:
    first, _second, third = Meeting.objects.filter(series__group=running_group)[:3]
    meeting_cancel(meeting=meeting, by=member, message="")
    time_machine.move_to(first.ends_at + timedelta(minutes=1), tick=False)
    form = KINDS["move_meeting"].form(None, group=running_group)
    assert form is not None
    field = form.fields["meeting"]
    assert isinstance(field, ModelChoiceField)
    assert field.queryset is not None
    codes = [choice.code for choice in field.queryset]
    assert (codes[0], len(codes)) == (third.code, 10)
    assert first.code not in codes
    assert meeting.code not in codes
