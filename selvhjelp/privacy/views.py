from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.privacy.forms import DeleteAccountForm
from selvhjelp.privacy.services import person_erase


@reauthentication_required
def delete(request: AuthedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        person_erase(user=user)
        messages.success(request, _("Your account and everything tied to it has been deleted."))
        return redirect("home")
    return render(request, "privacy/delete.html", {"form": form})
