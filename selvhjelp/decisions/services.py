"""Proposals, secret consensus votes, and the changes an adopted proposal makes."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.decisions.models import Proposal, ProposalKind, ProposalState, Vote
from selvhjelp.decisions.rule import Outcome, outcome, tally
from selvhjelp.groups.models import Group, GroupState, MembershipState
from selvhjelp.groups.starting import (
    GroupFull,
    NotAllowed,
    agreement_update,
    declaration_new_version,
    member_invite,
    members,
)
from selvhjelp.interest.services import group_open_seats
from selvhjelp.meetings.models import Premises
from selvhjelp.meetings.services import RoomTaken, series_set
from selvhjelp.notifications.kinds import GROUP_NEWS
from selvhjelp.notifications.services import notify

MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 1, 30, 7
REMIND_BEFORE = timedelta(hours=24)


class EffectFailed(Exception):
    """The change could not be made (the group is full, the room is taken …)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _url(proposal: Proposal) -> str:
    return settings.SITE_URL + reverse(
        "decisions:detail", kwargs={"code": proposal.group.code, "proposal": proposal.code}
    )


def _tell(proposal: Proposal, event: str, people: list[User]) -> None:
    for person in people:
        notify(
            recipient=person,
            kind=GROUP_NEWS.name,
            dedupe_key=f"proposal:{proposal.code}:{event}:{person.pk}",
            context={"group_url": _url(proposal)},
        )


def proposal_create(
    *,
    group: Group,
    by: User,
    kind: str,
    text: str,
    payload: dict[str, Any],
    days: int = DEFAULT_DAYS,
) -> Proposal:
    """Put a proposal to the group; everyone who is a member now decides on it."""
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValueError("deadline")
    with transaction.atomic():
        current = [m.user for m in members(group)]
        proposal = Proposal.objects.create(
            group=group,
            kind=kind,
            text=text,
            payload=payload,
            proposed_by=by,
            counting=sorted(person.pk for person in current),
            deadline=timezone.now() + timedelta(days=days),
        )
        _tell(proposal, "new", [person for person in current if person.pk != by.pk])
    return proposal


def counting_now(proposal: Proposal) -> set[int]:
    """The members when it was proposed who are still members."""
    still = set(
        proposal.group.memberships.filter(state=MembershipState.MEMBER).values_list(
            "user_id", flat=True
        )
    )
    return set(proposal.counting) & still


def answers_of(proposal: Proposal) -> dict[int, bool]:
    return dict(Vote.objects.filter(proposal=proposal).values_list("voter_id", "yes"))


def tallies(group: Group, proposals: list[Proposal]) -> dict[int, tuple[int, int, int]]:
    """The tally of each proposal in two queries, however many there are (for list pages)."""
    still = set(
        group.memberships.filter(state=MembershipState.MEMBER).values_list("user_id", flat=True)
    )
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


def vote_cast(*, proposal: Proposal, voter: User, yes: bool) -> Proposal:
    """Answer yes or no (again, if one changes one's mind) while the proposal is open.

    The proposal's row is locked, so concurrent answers are counted one at a time; the database
    keeps one vote per member and proposal.
    """
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("group").get(pk=proposal.pk)
        if locked.state != ProposalState.OPEN or locked.deadline <= timezone.now():
            raise NotAllowed
        if voter.pk not in counting_now(locked):
            raise NotAllowed
        try:
            with transaction.atomic():
                Vote.objects.update_or_create(proposal=locked, voter=voter, defaults={"yes": yes})
        except IntegrityError:
            Vote.objects.filter(proposal=locked, voter=voter).update(yes=yes)
        return _settle(locked)


def _settle(proposal: Proposal) -> Proposal:
    """Decide the proposal if the rule says it is decided; apply the effect atomically."""
    result = outcome(
        counting=counting_now(proposal),
        answers=answers_of(proposal),
        deadline_passed=proposal.deadline <= timezone.now(),
    )
    if result == Outcome.OPEN:
        return proposal
    reason = ""
    if result == Outcome.ADOPTED:
        try:
            with transaction.atomic():
                _apply(proposal)
        except EffectFailed as failure:
            result, reason = Outcome.NOT_ADOPTED, failure.reason
    proposal.state = (
        ProposalState.ADOPTED if result == Outcome.ADOPTED else ProposalState.NOT_ADOPTED
    )
    proposal.reason = reason
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["state", "reason", "decided_at"])
    _tell(proposal, "outcome", [m.user for m in members(proposal.group)])
    _tell_applicant(proposal)
    return proposal


def _tell_applicant(proposal: Proposal) -> None:
    if proposal.kind != ProposalKind.ADMIT:
        return
    applicant = User.objects.filter(pk=proposal.payload.get("applicant")).first()
    if applicant is None or proposal.state == ProposalState.ADOPTED:
        return  # an admitted applicant gets the invitation itself
    notify(
        recipient=applicant,
        kind=GROUP_NEWS.name,
        dedupe_key=f"proposal:{proposal.code}:applicant",
        context={"group_url": settings.SITE_URL + reverse("interest:mine")},
    )


def _apply(proposal: Proposal) -> None:
    group = Group.objects.select_for_update().get(pk=proposal.group_id)
    data = proposal.payload
    kind = proposal.kind
    if kind == ProposalKind.ADMIT:
        applicant = User.objects.filter(pk=data.get("applicant")).first()
        if applicant is None:
            raise EffectFailed("applicant_gone")
        taken = group.memberships.filter(state=MembershipState.MEMBER).count()
        if taken >= group.capacity:
            raise EffectFailed("group_full")
        try:
            member_invite(group=group, user=applicant, by_decision=True)
        except (NotAllowed, GroupFull):
            raise EffectFailed("group_full") from None
    elif kind == ProposalKind.OPEN_SEATS:
        seats = int(data.get("seats", 0))
        free = group.capacity - group.memberships.filter(state=MembershipState.MEMBER).count()
        if seats < 1 or seats > free:
            raise EffectFailed("group_full")
        group_open_seats(group=group, seats=seats)
    elif kind == ProposalKind.SERIES:
        try:
            series_set(
                group=group,
                start_date=date.fromisoformat(data["start_date"]),
                start_time=time.fromisoformat(data["start_time"]),
                weekdays=data["weekdays"],
                interval=data["interval"],
                length_minutes=data["length_minutes"],
                place_kind=data["place_kind"],
                premises=Premises.objects.filter(pk=data.get("premises")).first(),
                place_details=data.get("place_details", ""),
            )
        except RoomTaken:
            raise EffectFailed("room_taken") from None
    elif kind == ProposalKind.AGREEMENT:
        agreement_update(group=group, changes=data.get("changes", {}), by_decision=True)
    elif kind == ProposalKind.DECLARATION:
        declaration_new_version(group=group, text=data["text"])
    elif kind == ProposalKind.PAUSE:
        group.state = GroupState.PAUSED
        group.save(update_fields=["state"])
    elif kind == ProposalKind.RESUME:
        group.state = GroupState.RUNNING
        group.save(update_fields=["state"])
    elif kind == ProposalKind.END:
        group.state = GroupState.ENDED
        group.listed = False
        group.save(update_fields=["state", "listed"])


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
            answered = set(answers_of(proposal))
            waiting = User.objects.filter(pk__in=counting_now(proposal) - answered)
            _tell(proposal, "reminder", list(waiting))
            sent += len(waiting)
    return sent
