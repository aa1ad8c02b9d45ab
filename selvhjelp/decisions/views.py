from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.decisions.forms import ProposalForm, VoteForm
from selvhjelp.decisions.kinds import KINDS, Refused, reason_text
from selvhjelp.decisions.models import Proposal, ProposalState
from selvhjelp.decisions.selectors import (
    answer_of,
    may_propose,
    may_vote,
    progress,
    progress_of,
    proposals_of,
)
from selvhjelp.decisions.services import proposal_create, vote_cast
from selvhjelp.groups.access import INITIATOR, MEMBER, Inside, inside_view
from selvhjelp.groups.services import NotAllowed


@inside_view(MEMBER, INITIATOR)
def decisions(request: AuthedRequest, inside: Inside) -> HttpResponse:
    proposals = proposals_of(inside.group)
    answered = progress(inside.group, proposals)
    return render(
        request,
        "decisions/list.html",
        {
            "group": inside.group,
            "inside": inside,
            "open": [
                {"proposal": p, "answered": answered[p.pk][0], "counting": answered[p.pk][1]}
                for p in proposals
                if p.state == ProposalState.OPEN
            ],
            "history": [p for p in proposals if p.state != ProposalState.OPEN],
            "kinds": [(kind.value, kind.label) for kind in KINDS.values()],
            "may_propose": may_propose(inside.group, request.user, member=inside.is_member),
        },
    )


@inside_view(MEMBER, INITIATOR)
def propose(request: AuthedRequest, inside: Inside) -> HttpResponse:
    if not may_propose(inside.group, request.user, member=inside.is_member):
        raise Http404
    kind = KINDS.get(request.GET.get("type") or request.POST.get("type") or "")
    if kind is None:
        raise Http404
    unavailable = kind.unavailable(inside.group)
    data = request.POST if request.method == "POST" and not unavailable else None
    base = ProposalForm(data, text_required=kind.text_required)
    extra = kind.form(data, group=inside.group)
    if data is None and extra is not None:
        # A page may link here with a field chosen, e.g. the meeting to move (?meeting=<code>).
        chosen = {name: request.GET[name] for name in extra.fields if name in request.GET}
        extra.initial.update(chosen)
    if data is not None and base.is_valid() and (extra is None or extra.is_valid()):
        try:
            proposal = proposal_create(
                group=inside.group,
                by=request.user,
                kind=kind.value,
                text=base.cleaned_data["text"],
                payload=kind.payload(extra.cleaned_data) if extra is not None else {},
                days=base.cleaned_data["days"],
            )
        except Refused as refusal:
            (extra or base).add_error(None, str(refusal))
        else:
            messages.success(request, _("Your proposal has been put to the group."))
            return redirect("decisions:detail", code=inside.group.code, proposal=proposal.code)
    return render(
        request,
        "decisions/propose.html",
        {
            "group": inside.group,
            "inside": inside,
            "kind": kind.value,
            "kind_label": kind.label,
            "unavailable": unavailable,
            "base": base,
            "extra": extra,
        },
    )


@inside_view(MEMBER, INITIATOR)
def detail(request: AuthedRequest, inside: Inside, proposal: str) -> HttpResponse:
    found = get_object_or_404(Proposal, group=inside.group, code=proposal)
    kind = KINDS[found.kind]
    answered, counting = progress_of(found)
    return render(
        request,
        "decisions/detail.html",
        {
            "group": inside.group,
            "inside": inside,
            "proposal": found,
            "kind_template": kind.template,
            **kind.context(found),
            "mine": answer_of(found, request.user),
            "answered": answered,
            "counting": counting,
            "reason": reason_text(found),
            "may_vote": may_vote(found, request.user),
        },
    )


@inside_view(MEMBER)
@require_POST
def vote(request: AuthedRequest, inside: Inside, proposal: str) -> HttpResponse:
    found = get_object_or_404(Proposal, group=inside.group, code=proposal)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer yes or no."))
        return redirect("decisions:detail", code=inside.group.code, proposal=found.code)
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
