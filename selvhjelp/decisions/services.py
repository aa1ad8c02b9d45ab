"""Proposals and secret consensus votes; an adopted proposal's effect is made by its kind
(`decisions/kinds.py`), in the same transaction that adopts it. That transaction also keeps the
numbers (`rule.final_count`) and deletes the answers: once closed, no row pairs a member with an
answer. What is shown, and why, is in `decisions/rule.py`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.decisions.kinds import KINDS, EffectFailed
from selvhjelp.decisions.models import (
    DAYS_DEFAULT,
    DAYS_MAX,
    DAYS_MIN,
    Proposal,
    ProposalState,
    Vote,
)
from selvhjelp.decisions.rule import Outcome, final_count, outcome
from selvhjelp.decisions.selectors import answered_by, counting_now, may_propose, may_vote
from selvhjelp.groups.links import group_link
from selvhjelp.groups.models import Group
from selvhjelp.groups.selectors import member_users
from selvhjelp.groups.services import NotAllowed
from selvhjelp.notifications.kinds import GROUP_NEWS
from selvhjelp.notifications.services import Notice, notify_many

REMIND_BEFORE = timedelta(hours=24)


def _tell(proposal: Proposal, event: str, people: list[User]) -> None:
    # A private link: the group's code would open its public page, which names the theme.
    url = group_link(proposal.group, "beslutninger")
    notify_many(
        kind=GROUP_NEWS.name,
        notices=[
            Notice(
                recipient=person,
                dedupe_key=f"proposal:{proposal.code}:{event}:{person.pk}",
                context={"group_url": url},
            )
            for person in people
        ],
    )


def proposal_create(
    *,
    group: Group,
    by: User,
    kind: str,
    text: str,
    payload: dict[str, Any],
    days: int = DAYS_DEFAULT,
) -> Proposal:
    """Put a proposal to the group; everyone who is a member now decides on it.

    The kind refuses (`Refused`) what the group could not carry out as it stands now, and keeps
    what the proposal would change as it is now, beside the payload."""
    if kind not in KINDS or not DAYS_MIN <= days <= DAYS_MAX:
        raise ValueError(kind if kind not in KINDS else "deadline")
    if not may_propose(group, by):
        raise NotAllowed
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        KINDS[kind].check(group=locked, payload=payload)
        current = member_users(group)
        proposal = Proposal.objects.create(
            group=group,
            kind=kind,
            text=text,
            payload={**payload, **KINDS[kind].before(locked)},
            proposed_by=by,
            counting=sorted(person.pk for person in current),
            deadline=timezone.now() + timedelta(days=days),
        )
        _tell(proposal, "new", [person for person in current if person.pk != by.pk])
    return proposal


def vote_cast(*, proposal: Proposal, voter: User, yes: bool) -> Proposal:
    """Answer yes or no (again, if one changes one's mind) while the proposal is open.

    The proposal's row is locked, so concurrent answers are counted one at a time; the database
    keeps one vote per member and proposal.
    """
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("group").get(pk=proposal.pk)
        if not may_vote(locked, voter):
            raise NotAllowed
        try:
            with transaction.atomic():
                Vote.objects.update_or_create(proposal=locked, voter=voter, defaults={"yes": yes})
        except IntegrityError:
            Vote.objects.filter(proposal=locked, voter=voter).update(yes=yes)
        return _settle(locked)


def _answers(proposal: Proposal) -> dict[int, bool]:
    """Everyone's answer, for the rule only: never shown, and gone once the proposal closes."""
    return dict(Vote.objects.filter(proposal=proposal).values_list("voter_id", "yes"))


def _settle(proposal: Proposal) -> Proposal:
    """Decide the proposal if the rule says it is decided; apply the effect, keep the numbers
    and delete the answers, all in the caller's transaction (the proposal's row is locked)."""
    counting = counting_now(proposal)
    answers = _answers(proposal)
    result = outcome(
        counting=counting, answers=answers, deadline_passed=proposal.deadline <= timezone.now()
    )
    if result == Outcome.OPEN:
        return proposal
    kind = KINDS[proposal.kind]
    reason = ""
    if result == Outcome.ADOPTED:
        try:
            with transaction.atomic():
                group = Group.objects.select_for_update().get(pk=proposal.group_id)
                kind.apply(group=group, payload=proposal.payload)
        except EffectFailed as failure:
            result, reason = Outcome.NOT_ADOPTED, failure.reason
    proposal.state = (
        ProposalState.ADOPTED if result == Outcome.ADOPTED else ProposalState.NOT_ADOPTED
    )
    proposal.reason = reason
    proposal.decided_at = timezone.now()
    count = final_count(counting=counting, answers=answers)
    proposal.counted_count, proposal.answered_count = count.counted, count.answered
    proposal.yes_count, proposal.no_count = count.yes, count.no
    proposal.save(
        update_fields=[
            "state",
            "reason",
            "decided_at",
            "counted_count",
            "answered_count",
            "yes_count",
            "no_count",
        ]
    )
    Vote.objects.filter(proposal=proposal).delete()
    _tell(proposal, "outcome", member_users(proposal.group))
    kind.decided(proposal)
    return proposal


def proposals_close_due() -> int:
    """The periodic job: decide proposals whose deadline has passed."""
    closed = 0
    for proposal in Proposal.objects.filter(state=ProposalState.OPEN, deadline__lte=timezone.now()):
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if locked.state == ProposalState.OPEN:
                _settle(locked)
                closed += 1
    return closed


def proposals_remind() -> int:
    """The periodic job: 24 hours before the deadline, remind those who have not answered."""
    now = timezone.now()
    due = Proposal.objects.filter(
        state=ProposalState.OPEN,
        reminded=False,
        deadline__lte=now + REMIND_BEFORE,
        deadline__gt=now,
    )
    sent = 0
    for proposal in due:
        with transaction.atomic():
            if not Proposal.objects.filter(pk=proposal.pk, reminded=False).update(reminded=True):
                continue
            answered = answered_by(proposal)
            waiting = list(User.objects.filter(pk__in=counting_now(proposal) - answered))
            _tell(proposal, "reminder", waiting)
            sent += len(waiting)
    return sent
