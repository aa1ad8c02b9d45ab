"""A person's part in joint decisions: proposals they made, proposals to admit them, and their
own answers while a proposal is open (see accounts.personal).

User ids also stand inside two JSON columns of `Proposal`: `counting` (who decides) and
`payload["applicant"]` (whom an admission is about). Erasure takes the person out of both; a
decided proposal keeps its outcome and counts, and an open one still counts only members, so
nothing the others see changes. Text the others still need (a proposal's words, the wording it
would adopt) keeps its place without the person's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row, choice_label, names_scrub, traces_scrub
from selvhjelp.decisions.models import Proposal, ProposalKind, ProposalState, Vote


def _applicant(proposal: Proposal) -> object:
    payload = proposal.payload
    return payload.get("applicant") if isinstance(payload, dict) else None


def _all() -> list[Proposal]:
    """Every proposal, with the columns that may hold the person. `counting` is a JSON list,
    which SQLite cannot search by element, so each proposal is looked at."""
    return list(Proposal.objects.only("pk", "proposed_by", "counting", "payload", "text"))


def _scrub_in(proposal: Proposal, *, user: User, addresses: set[str], **changes: Any) -> None:
    """Save the changes, with the person's name and addresses taken out of the proposal's
    words and of every text in its payload."""

    def scrub(text: str) -> str:
        return traces_scrub(text, user=user, addresses=addresses)

    payload = changes.pop("payload", proposal.payload)
    Proposal.objects.filter(pk=proposal.pk).update(
        text=scrub(proposal.text), payload=_scrubbed(payload, scrub), **changes
    )


def _scrubbed(value: Any, scrub: Callable[[str], str]) -> Any:
    """The payload with every text in it scrubbed."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrubbed(item, scrub) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, scrub) for key, item in value.items()}
    return value


def _others_names(proposals: list[Proposal], user: User) -> list[str]:
    """The names of the other people a set of proposals is about: left out of the export."""
    ids: set[int] = set()
    for proposal in proposals:
        ids.update(proposal.counting or [])
        applicant = _applicant(proposal)
        if isinstance(applicant, int):
            ids.add(applicant)
    ids.discard(user.pk)
    return list(User.objects.filter(pk__in=ids).values_list("display_name", flat=True))


def _proposals_export(*, user: User) -> list[Row]:
    """What the person proposed, in their own words, with other members' names taken out."""
    proposals = list(
        Proposal.objects.filter(proposed_by=user).select_related("group").order_by("created_at")
    )
    others = _others_names(proposals, user)
    return [
        {
            "group": proposal.group.title,
            "kind": choice_label(ProposalKind.choices, proposal.kind),
            "text": names_scrub(proposal.text, others),
            "created_at": proposal.created_at,
            "deadline": proposal.deadline,
            "state": choice_label(ProposalState.choices, proposal.state),
        }
        for proposal in proposals
    ]


def _proposals_erase(*, user: User, addresses: set[str]) -> None:
    """Out of `counting` and `proposed_by`, and the name out of the words and the payload."""
    for proposal in _all():
        counting = proposal.counting or []
        if proposal.proposed_by_id == user.pk or user.pk in counting:
            _scrub_in(
                proposal,
                user=user,
                addresses=addresses,
                counting=[pk for pk in counting if pk != user.pk],
                proposed_by=None if proposal.proposed_by_id == user.pk else proposal.proposed_by_id,
            )


def _applications_export(*, user: User) -> list[Row]:
    """Proposals to admit the person: whether the group took them in. Never how anyone voted."""
    return [
        {
            "group": proposal.group.title,
            "created_at": proposal.created_at,
            "state": choice_label(ProposalState.choices, proposal.state),
            "decided_at": proposal.decided_at,
        }
        for proposal in Proposal.objects.filter(payload__applicant=user.pk)
        .select_related("group")
        .order_by("created_at")
    ]


def _applications_erase(*, user: User, addresses: set[str]) -> None:
    """The applicant out of the payload: adopting it then fails as "no longer has an account"."""
    for proposal in Proposal.objects.filter(payload__applicant=user.pk):
        payload = {key: value for key, value in proposal.payload.items() if key != "applicant"}
        _scrub_in(proposal, user=user, addresses=addresses, payload=payload)


def _votes_export(*, user: User) -> list[Row]:
    """The person's own answers to proposals still open; nobody else's, and no tally."""
    return [
        {
            "group": vote.proposal.group.title,
            "proposal": choice_label(ProposalKind.choices, vote.proposal.kind),
            "yes": vote.yes,
        }
        for vote in Vote.objects.filter(voter=user)
        .select_related("proposal__group")
        .order_by("proposal__created_at")
    ]


def _votes_erase(*, user: User, addresses: set[str]) -> None:
    Vote.objects.filter(voter=user).delete()


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="proposals",
        title=_("Proposals you made"),
        purpose=_("A group decides together; a proposal shows who made it."),
        models=("decisions.Proposal",),
        export=_proposals_export,
        erase=_proposals_erase,
        labels={
            "group": _("Group"),
            "kind": _("Kind"),
            "text": _("The proposal in words"),
            "created_at": _("Made"),
            "deadline": _("Deadline"),
            "state": _("Outcome"),
        },
    ),
    PersonalData(
        name="applications",
        title=_("Proposals to take you into a group"),
        purpose=_("A group decides together whether to take in someone who wants to join."),
        models=("decisions.Proposal",),
        export=_applications_export,
        erase=_applications_erase,
        labels={
            "group": _("Group"),
            "created_at": _("Made"),
            "state": _("Outcome"),
            "decided_at": _("Decided"),
        },
    ),
    PersonalData(
        name="votes",
        title=_("Your answers to proposals"),
        purpose=_("Only you see your answer. It counts until the proposal is decided."),
        models=("decisions.Vote",),
        export=_votes_export,
        erase=_votes_erase,
        labels={"group": _("Group"), "proposal": _("Proposal"), "yes": _("Your answer is yes")},
    ),
)
