"""The migration that turns the votes of decided proposals into numbers, on a filled database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from selvhjelp.decisions.models import Proposal, ProposalState, Vote
from selvhjelp.groups.models import Group, Membership, MembershipState
from tests.conftest import members_of

# Schema changes on SQLite cannot run inside the test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("decisions", "0002_move_meeting_kind")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_decided_proposals_keep_numbers_and_lose_their_votes_open_ones_keep_them(
    running_group: Group,
) -> None:
    jonas, amina, per = members_of(running_group)
    now = timezone.now()
    # Per left the group a day before the second proposal was decided: he no longer counted.
    Membership.objects.filter(user=per).update(
        state=MembershipState.LEFT, left_at=now - timedelta(days=1)
    )
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        OldProposal = old.get_model("decisions", "Proposal")
        OldVote = old.get_model("decisions", "Vote")

        def proposal(state: str, answers: dict, deadline: timedelta) -> int:
            made = OldProposal.objects.create(
                group_id=running_group.pk,
                kind="question",
                text="?",
                counting=sorted(p.pk for p in (jonas, amina, per)),
                deadline=now + deadline,
                state=state,
                decided_at=None if state == "open" else now,
            )
            for person, yes in answers.items():
                OldVote.objects.create(proposal=made, voter_id=person.pk, yes=yes)
            return made.pk

        adopted = proposal("adopted", {jonas: True, amina: True, per: True}, timedelta(days=-2))
        stopped = proposal("not_adopted", {jonas: True, amina: False, per: True}, timedelta(0))
        still_open = proposal("open", {jonas: True, amina: False}, timedelta(days=3))
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def kept(pk: int) -> tuple:
        p = Proposal.objects.get(pk=pk)
        return (p.state, p.counted_count, p.answered_count, p.yes_count, p.no_count)

    assert kept(adopted) == (ProposalState.ADOPTED, 3, 3, 3, 0)
    # Per's vote no longer counted; "1 yes, 1 no" between two would tell each the other's answer.
    assert kept(stopped) == (ProposalState.NOT_ADOPTED, 2, 2, None, None)
    assert kept(still_open) == (ProposalState.OPEN, None, None, None, None)
    assert not Vote.objects.filter(proposal_id__in=[adopted, stopped]).exists()
    assert dict(Vote.objects.filter(proposal_id=still_open).values_list("voter_id", "yes")) == {
        jonas.pk: True,
        amina.pk: False,
    }
