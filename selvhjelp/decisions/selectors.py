"""Reads about proposals: who counts, how many have answered, and who may propose or answer.

No read here returns anyone's answer but the reader's own (`answer_of`): while a proposal is
open only the number who have answered is shown, and once it is closed the answers are gone.
"""

from __future__ import annotations

from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.decisions.models import Proposal, ProposalState, Vote
from selvhjelp.decisions.rule import answered
from selvhjelp.groups.models import Group, GroupState
from selvhjelp.groups.selectors import is_member, member_ids
from selvhjelp.lib.prepared import Prepared

# Asked on the decisions page: prepared (lib/prepared.py), with the group's id as argument.
_proposals = Prepared(
    lambda group_id: Proposal.objects.filter(group_id=group_id).order_by("-created_at", "-pk"),
    int,
)
_open_voters = Prepared(
    lambda group_id: Vote.objects.filter(
        proposal__group_id=group_id, proposal__state=ProposalState.OPEN
    ).values_list("proposal_id", "voter_id"),
    int,
)


def proposals_of(group: Group) -> list[Proposal]:
    """The group's proposals, newest first."""
    return _proposals(group.pk)


def may_propose(group: Group, user: User, *, member: bool | None = None) -> bool:
    """Members propose; the initiator may too while the group is not yet running on its own.
    `member`: whether the person is a member, when the caller knows (an inside page does)."""
    initiating = group.initiator_id == user.pk and not group.is_self_governed
    if member is None:
        member = is_member(group, user)
    return member or (initiating and group.state != GroupState.RUNNING)


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


def answered_by(proposal: Proposal) -> set[int]:
    """Who has answered an open proposal, not what (for the reminder)."""
    return set(Vote.objects.filter(proposal=proposal).values_list("voter_id", flat=True))


def answer_of(proposal: Proposal, user: User) -> bool | None:
    """The person's own answer, which only they see, while the proposal is open."""
    return Vote.objects.filter(proposal=proposal, voter=user).values_list("yes", flat=True).first()


def progress(group: Group, proposals: list[Proposal]) -> dict[int, tuple[int, int]]:
    """(answered, counting) for each open proposal, in two queries however many there are.

    A closed proposal keeps its own numbers (`Proposal.answered_count`, `counted_count`).
    """
    open_ = [proposal for proposal in proposals if proposal.state == ProposalState.OPEN]
    if not open_:
        return {}
    still = member_ids(group)
    voters: dict[int, set[int]] = {proposal.pk: set() for proposal in open_}
    for proposal_id, voter_id in _open_voters(group.pk):
        if proposal_id in voters:
            voters[proposal_id].add(voter_id)
    result = {}
    for proposal in open_:
        counting = set(proposal.counting) & still
        done = answered(counting=counting, voters=voters[proposal.pk])
        result[proposal.pk] = (done, len(counting))
    return result


def progress_of(proposal: Proposal) -> tuple[int, int]:
    """(answered, counting) of one proposal: as it stands while open, as kept once closed."""
    if proposal.state == ProposalState.OPEN:
        return progress(proposal.group, [proposal])[proposal.pk]
    # Set at closing, which a database constraint holds to.
    return proposal.answered_count or 0, proposal.counted_count or 0
