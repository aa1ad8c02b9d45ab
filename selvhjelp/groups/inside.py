"""The inside pages about the group's frames and one's own place in it: the agreement, the
declaration, and asking for a self-started group to be listed (leaving is in `meetings`,
which tells the group). The overview and the
initiator's start-up pages are in `overview`, which reads from meetings and interest too."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.groups.access import INITIATOR, MEMBER, Inside, inside_view
from selvhjelp.groups.forms import AgreementForm
from selvhjelp.groups.models import Signature
from selvhjelp.groups.selectors import declaration_current, declaration_signed_last, has_signed
from selvhjelp.groups.services import NotAllowed
from selvhjelp.groups.services.frames import agreement_update, declaration_sign
from selvhjelp.groups.services.listing import listing_request
from selvhjelp.lib.textdiff import has_changes, word_changes


@inside_view(MEMBER, INITIATOR)
def agreement(request: AuthedRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    editable = not group.is_self_governed
    form = AgreementForm(
        request.POST if request.method == "POST" and editable else None, instance=group.agreement
    )
    if request.method == "POST" and editable and form.is_valid():
        agreement = agreement_update(group=group, changes=form.cleaned_data)
        messages.success(request, _("The group agreement has been saved."))
        # What the hand-over still needs of it, so "saved" is not taken for "done".
        empty = [
            str(form.fields[name].label)
            for name in agreement.FILLED
            if not getattr(agreement, name).strip()
        ]
        if empty:
            messages.info(
                request,
                _("Before the hand-over, fill in these too: %(fields)s.")
                % {"fields": "; ".join(empty)},
            )
        return redirect("groups:agreement", code=group.code)
    return render(
        request,
        "groups/agreement.html",
        {"group": group, "form": form, "editable": editable, "agreement": group.agreement},
    )


@inside_view(MEMBER, INITIATOR, allow_unsigned=True)
def declaration(request: AuthedRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    if request.method == "POST" and inside.is_member:
        declaration_sign(group=group, user=request.user)
        messages.success(request, _("You have signed the declaration."))
        return redirect("overview:home", code=group.code)
    current = declaration_current(group)
    signed = has_signed(group, request.user)
    earlier = None if signed else declaration_signed_last(group, request.user)
    runs = word_changes(earlier.text, current.text) if earlier and current else None
    return render(
        request,
        "groups/declaration.html",
        {
            "group": group,
            "declaration": current,
            "signed": signed,
            "earlier": earlier,
            "runs": runs if runs and has_changes(runs) else None,
            "inside": inside,
        },
    )


@inside_view(MEMBER, INITIATOR)
def declaration_print(request: AuthedRequest, inside: Inside) -> HttpResponse:
    current = declaration_current(inside.group)
    signatures = (
        Signature.objects.filter(declaration=current).select_related("user").order_by("signed_at")
    )
    return render(
        request,
        "groups/declaration_print.html",
        {"group": inside.group, "declaration": current, "signatures": signatures},
    )


@inside_view(INITIATOR)
@require_POST
def ask_listing(request: AuthedRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    try:
        asked = listing_request(group=group)
    except NotAllowed:
        raise Http404 from None
    if asked:
        messages.success(
            request, _("We have asked the coordinators in your area to list the group.")
        )
    else:
        messages.info(
            request,
            _("No contact point serves this municipality yet, so nobody can list the group now."),
        )
    return redirect("overview:home", code=group.code)
