from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from selvhjelp.accounts.models import User
from selvhjelp.decisions.forms import AdmitForm, DeclarationForm, ProposalForm, SeatsForm, VoteForm
from selvhjelp.decisions.models import Proposal, ProposalKind, ProposalState, Vote
from selvhjelp.decisions.services import proposal_create, proposal_tally, tallies, vote_cast
from selvhjelp.groups.access import INITIATOR, MEMBER, Inside, inside_view
from selvhjelp.groups.forms import AgreementForm
from selvhjelp.groups.models import GroupState, MembershipState
from selvhjelp.groups.starting import NotAllowed, declaration_current
from selvhjelp.interest.models import GroupInterest
from selvhjelp.meetings.forms import SeriesForm
from selvhjelp.meetings.models import Premises

# Lazy: the reason is written in the reader's language when the page is drawn.
REASONS = {
    "group_full": gettext_lazy("the group has no free place"),
    "room_taken": gettext_lazy("the room is taken at those times"),
    "applicant_gone": gettext_lazy("the person no longer has an account"),
}


def _may_propose(inside: Inside) -> bool:
    return inside.is_member or (inside.is_initiator and inside.group.state != GroupState.RUNNING)


def _applicants(inside: Inside) -> list[tuple[int, str]]:
    wanting = GroupInterest.objects.filter(group=inside.group).exclude(
        user__memberships__group=inside.group,
        user__memberships__state=MembershipState.MEMBER,
    )
    return [(item.user_id, item.user.display_name) for item in wanting.select_related("user")]


def _rows(
    proposals: list[Proposal], counts: dict[int, tuple[int, int, int]]
) -> list[dict[str, object]]:
    return [{"proposal": p, "tally": counts[p.pk]} for p in proposals]


@inside_view(MEMBER, INITIATOR)
def decisions(request: HttpRequest, inside: Inside) -> HttpResponse:
    proposals = list(Proposal.objects.filter(group=inside.group))
    counts = tallies(inside.group, proposals)
    return render(
        request,
        "decisions/list.html",
        {
            "group": inside.group,
            "inside": inside,
            "open": _rows([p for p in proposals if p.state == ProposalState.OPEN], counts),
            "history": _rows([p for p in proposals if p.state != ProposalState.OPEN], counts),
            "kinds": ProposalKind.choices,
            "may_propose": _may_propose(inside),
        },
    )


def _extra_form(kind: str, inside: Inside, data: object):  # type: ignore[no-untyped-def]
    group = inside.group
    if kind == ProposalKind.ADMIT:
        return AdmitForm(data, applicants=_applicants(inside))
    if kind == ProposalKind.OPEN_SEATS:
        return SeatsForm(data)
    if kind == ProposalKind.SERIES:
        rooms = Premises.objects.filter(contact_point_id=group.contact_point_id)
        return SeriesForm(data, rooms=rooms)
    if kind == ProposalKind.AGREEMENT:
        return AgreementForm(data, instance=group.agreement)
    if kind == ProposalKind.DECLARATION:
        current = declaration_current(group)
        return DeclarationForm(data, initial={"declaration": current.text if current else ""})
    return None


def _payload(kind: str, extra) -> dict[str, object]:  # type: ignore[no-untyped-def]
    if extra is None:
        return {}
    data = extra.cleaned_data
    if kind == ProposalKind.ADMIT:
        return {"applicant": data["applicant"]}
    if kind == ProposalKind.OPEN_SEATS:
        return {"seats": data["seats"]}
    if kind == ProposalKind.SERIES:
        return {
            "start_date": data["start_date"].isoformat(),
            "start_time": data["start_time"].isoformat(),
            "weekdays": data["weekdays"],
            "interval": data["interval"],
            "length_minutes": data["length_minutes"],
            "place_kind": data["place_kind"],
            "premises": data["premises"].pk if data.get("premises") else None,
            "place_details": data["place_details"],
        }
    if kind == ProposalKind.AGREEMENT:
        return {"changes": data}
    if kind == ProposalKind.DECLARATION:
        return {"text": data["declaration"]}
    return {}


@inside_view(MEMBER, INITIATOR)
def propose(request: HttpRequest, inside: Inside) -> HttpResponse:
    if not _may_propose(inside):
        raise Http404
    kind = request.GET.get("type") or request.POST.get("type") or ""
    if kind not in ProposalKind.values:
        raise Http404
    data = request.POST if request.method == "POST" else None
    base = ProposalForm(data, text_required=kind == ProposalKind.QUESTION)
    extra = _extra_form(kind, inside, data)
    if data is not None and base.is_valid() and (extra is None or extra.is_valid()):
        proposal = proposal_create(
            group=inside.group,
            by=request.user,
            kind=kind,
            text=base.cleaned_data["text"],
            payload=_payload(kind, extra),
            days=base.cleaned_data["days"],
        )
        messages.success(request, _("Your proposal has been put to the group."))
        return redirect("decisions:detail", code=inside.group.code, proposal=proposal.code)
    return render(
        request,
        "decisions/propose.html",
        {
            "group": inside.group,
            "inside": inside,
            "kind": kind,
            "kind_label": ProposalKind(kind).label,
            "base": base,
            "extra": extra,
        },
    )


def _proposal(inside: Inside, code: str) -> Proposal:
    proposal = Proposal.objects.filter(group=inside.group, code=code).first()
    if proposal is None:
        raise Http404
    return proposal


@inside_view(MEMBER, INITIATOR)
def detail(request: HttpRequest, inside: Inside, proposal: str) -> HttpResponse:
    found = _proposal(inside, proposal)
    mine = (
        Vote.objects.filter(proposal=found, voter=request.user)
        .values_list("yes", flat=True)
        .first()
    )
    applicant = None
    if found.kind == ProposalKind.ADMIT:
        applicant = User.objects.filter(pk=found.payload.get("applicant")).first()
    yes, no, waiting = proposal_tally(found)
    return render(
        request,
        "decisions/detail.html",
        {
            "group": inside.group,
            "inside": inside,
            "proposal": found,
            "mine": mine,
            "yes": yes,
            "no": no,
            "waiting": waiting,
            "applicant": applicant,
            "reason": REASONS.get(found.reason, ""),
            "may_vote": found.state == ProposalState.OPEN
            and found.deadline > timezone.now()
            and request.user.pk in set(found.counting)
            and inside.is_member,
        },
    )


@inside_view(MEMBER)
@require_POST
def vote(request: HttpRequest, inside: Inside, proposal: str) -> HttpResponse:
    found = _proposal(inside, proposal)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer yes or no."))
    else:
        try:
            decided = vote_cast(
                proposal=found, voter=request.user, yes=form.cleaned_data["answer"] == "yes"
            )
        except NotAllowed:
            messages.error(request, _("This proposal is no longer open for answers."))
        else:
            if decided.state == ProposalState.ADOPTED:
                messages.success(request, _("Everyone said yes: the proposal is adopted."))
            elif decided.state == ProposalState.NOT_ADOPTED:
                messages.info(request, _("The proposal could not be adopted."))
            else:
                messages.success(
                    request, _("Your answer is saved. You can change it until the proposal closes.")
                )
    return redirect("decisions:detail", code=inside.group.code, proposal=found.code)
