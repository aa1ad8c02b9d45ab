"""Proposal kinds as classes, and the rules of proposing and answering, refused by the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.template.loader import get_template
from django.utils import timezone, translation

import selvhjelp
from selvhjelp.accounts.models import User
from selvhjelp.decisions.forms import SeatsForm
from selvhjelp.decisions.kinds import KINDS, Refused, reason_text
from selvhjelp.decisions.models import ProposalKind, ProposalState, Vote
from selvhjelp.decisions.selectors import may_propose, may_vote
from selvhjelp.decisions.services import proposal_create, vote_cast
from selvhjelp.groups.models import PLACES, Group, Openness
from selvhjelp.groups.selectors import member_users, places_free
from selvhjelp.groups.services import NotAllowed
from selvhjelp.groups.services.membership import membership_leave
from selvhjelp.notifications.models import Message
from tests.conftest import admit, applicant_turned_away

pytestmark = pytest.mark.django_db


def test_every_proposal_kind_has_one_class_and_its_template_exists() -> None:
    assert set(KINDS) == set(ProposalKind.values)
    for value, kind in KINDS.items():
        assert kind.value == value
        if kind.template:
            get_template(kind.template)
    templates = Path(selvhjelp.__file__).parent / "templates" / "decisions" / "kinds"
    assert {path.stem for path in templates.glob("*.html")} == {
        kind.value for kind in KINDS.values() if kind.template
    }


def test_only_a_question_needs_words_of_its_own() -> None:
    assert [kind.value for kind in KINDS.values() if kind.text_required] == ["question"]


def test_the_seats_form_stops_at_the_frame() -> None:
    assert SeatsForm({"seats": PLACES}).is_valid()
    assert not SeatsForm({"seats": PLACES + 1}).is_valid()


def test_outsiders_cannot_propose(running_group: Group, outsider: User) -> None:
    assert not may_propose(running_group, outsider)
    with pytest.raises(NotAllowed):
        proposal_create(
            group=running_group, by=outsider, kind="question", text="Hei?", payload={}, days=7
        )
    assert not running_group.proposals.exists()


def test_an_unknown_kind_or_deadline_is_refused(running_group: Group, member: User) -> None:
    for kind, days, why in (
        ("coffee", 7, "coffee"),
        ("question", 0, "deadline"),
        ("question", 31, "deadline"),
    ):
        with pytest.raises(ValueError, match=why):
            proposal_create(
                group=running_group, by=member, kind=kind, text="Hei?", payload={}, days=days
            )
    assert not running_group.proposals.exists()


def test_only_those_who_count_answer_and_only_before_the_deadline(
    running_group: Group, member: User, outsider: User, make_user: Callable[..., User]
) -> None:
    proposal = proposal_create(
        group=running_group, by=member, kind="question", text="Tur?", payload={}, days=1
    )
    newcomer = make_user("Ny")
    admit(running_group, newcomer)
    for person in (outsider, newcomer):
        assert not may_vote(proposal, person)
        with pytest.raises(NotAllowed):
            vote_cast(proposal=proposal, voter=person, yes=False)
    leaver = next(p for p in member_users(running_group) if p.pk != member.pk)
    membership_leave(group=running_group, user=leaver)
    with pytest.raises(NotAllowed):
        vote_cast(proposal=proposal, voter=leaver, yes=False)
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert not may_vote(proposal, member)
        with pytest.raises(NotAllowed):
            vote_cast(proposal=proposal, voter=member, yes=True)
    assert not Vote.objects.filter(proposal=proposal).exists()


def test_seats_beyond_the_free_places_are_refused_when_proposed(
    running_group: Group, member: User, make_user: Callable[..., User]
) -> None:
    """Five members in a group of eight: five seats cannot be held, so nobody is asked."""
    admit(running_group, make_user("Fjerde"))
    admit(running_group, make_user("Femte"))
    assert places_free(running_group) == 3
    with translation.override("en"), pytest.raises(Refused) as refusal:
        proposal_create(
            group=running_group,
            by=member,
            kind="open_seats",
            text="",
            payload={"seats": 5},
            days=7,
        )
    assert str(refusal.value) == (
        "The group has room for 3 more people, so it cannot open 5 places."
    )
    assert not running_group.proposals.exists()
    assert not Message.objects.filter(kind="group_news").exists()


def test_seats_that_fitted_when_proposed_fail_if_the_group_filled_up_since(
    running_group: Group, member: User, make_user: Callable[..., User]
) -> None:
    running_group.capacity = 4
    running_group.save(update_fields=["capacity"])
    proposal = proposal_create(
        group=running_group, by=member, kind="open_seats", text="", payload={"seats": 1}, days=7
    )
    admit(running_group, make_user("Fjerde"))
    for person in proposal.counting:
        vote_cast(proposal=proposal, voter=User.objects.get(pk=person), yes=True)
    proposal.refresh_from_db()
    running_group.refresh_from_db()
    assert (proposal.state, proposal.reason) == (ProposalState.NOT_ADOPTED, "group_full")
    with translation.override("en"):
        assert reason_text(proposal) == "the group has no free place"
    assert (running_group.openness, running_group.free_seats) == (Openness.CLOSED, 0)


def test_a_full_group_is_told_it_has_no_place_to_open(running_group: Group, member: User) -> None:
    running_group.capacity = 3
    running_group.save(update_fields=["capacity"])
    with translation.override("en"):
        assert KINDS["open_seats"].unavailable(running_group) == (
            "Every place in the group is taken, so it cannot open any."
        )
        with pytest.raises(Refused, match="Every place"):
            proposal_create(
                group=running_group,
                by=member,
                kind="open_seats",
                text="",
                payload={"seats": 1},
                days=7,
            )


def test_an_applicant_who_is_not_admitted_gets_a_neutral_answer_of_its_own_kind(
    running_group: Group, member: User, make_user: Callable[..., User]
) -> None:
    applicant = make_user("Søker")
    applicant_turned_away(running_group, proposer=member, applicant=applicant)
    answer = Message.objects.get(recipient=applicant)
    assert answer.kind == "join_answer"
    assert not Message.objects.filter(recipient=applicant, kind="group_news").exists()
