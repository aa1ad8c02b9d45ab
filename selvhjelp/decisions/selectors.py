"""Reads about proposals: who counts, the tallies, and who may propose or answer."""

from __future__ import annotations

from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.decisions.models import Proposal, ProposalState, Vote
from selvhjelp.decisions.rule import tally
from selvhjelp.groups.models import Group, GroupState
from selvhjelp.groups.selectors import is_member, member_ids


def may_propose(group: Group, user: User) -> bool:
    """Members propose; the initiator may too while the group is not yet running on its own."""
    initiating = group.initiator_id == user.pk and not group.is_self_governed
    return is_member(group, user) or (initiating and group.state != GroupState.RUNNING)


def counting_now(proposal: Proposal) -> set[int]:
    """The members when it was proposed who are still members."""
    return set(proposal.counting) & member_ids(proposal.group)


def may_vote(proposal: Proposal, user: User) -> bool:
    """Open, before its deadline, and the person counts: a member then and now."""
    return (
        proposal.state == ProposalState.OPEN
        and proposal.deadline > timezone.now()
        and user.pk in counting_now(proposal)
    )


def answers_of(proposal: Proposal) -> dict[int, bool]:
    return dict(Vote.objects.filter(proposal=proposal).values_list("voter_id", "yes"))


def answer_of(proposal: Proposal, user: User) -> bool | None:
    """The person's own answer, which only they see."""
    return Vote.objects.filter(proposal=proposal, voter=user).values_list("yes", flat=True).first()


def tallies(group: Group, proposals: list[Proposal]) -> dict[int, tuple[int, int, int]]:
    """The tally of each proposal in two queries, however many there are (for list pages)."""
    still = member_ids(group)
    answers: dict[int, dict[int, bool]] = {proposal.pk: {} for proposal in proposals}
    for proposal_id, voter_id, yes in Vote.objects.filter(proposal__in=proposals).values_list(
        "proposal_id", "voter_id", "yes"
    ):
        answers[proposal_id][voter_id] = yes
    return {
        proposal.pk: tally(counting=set(proposal.counting) & still, answers=answers[proposal.pk])
        for proposal in proposals
    }


def proposal_tally(proposal: Proposal) -> tuple[int, int, int]:
    return tallies(proposal.group, [proposal])[proposal.pk]
