from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.notifications.forms import PreferencesForm
from selvhjelp.notifications.kinds import KINDS, optional_kinds
from selvhjelp.notifications.models import OptOut
from selvhjelp.notifications.services import opt_out, preferences_set, unsubscribe_target


def preferences(request: AuthedRequest) -> HttpResponse:
    staff = request.user.staff_roles.exists()
    turned_off = set(OptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    enabled = {kind.name for kind in optional_kinds(staff=staff)} - turned_off
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, enabled=enabled, staff=staff
    )
    if request.method == "POST" and form.is_valid():
        preferences_set(user=request.user, enabled=form.enabled(), offered=form.offered())
        messages.success(request, _("Your choices about messages have been saved."))
        return redirect("notifications:preferences")
    essential = [kind for kind in KINDS.values() if kind.essential]
    return render(request, "notifications/preferences.html", {"form": form, "essential": essential})


@login_not_required
@csrf_exempt  # mail programs post here without a form (RFC 8058); the signed token is the key
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A signed link from an email turns one kind of message off, without logging in."""
    target = unsubscribe_target(token)
    if target is None:
        raise Http404
    kind = KINDS[target.kind]
    if request.method == "POST":
        opt_out(user=target.user, kind=target.kind)
        return render(request, "notifications/unsubscribed.html", {"kind": kind})
    return render(request, "notifications/unsubscribe.html", {"kind": kind})
