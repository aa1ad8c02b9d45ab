from __future__ import annotations

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.privacy.forms import DeleteAccountForm
from selvhjelp.privacy.selectors import EXPORTED_AT, person_export, person_export_sections
from selvhjelp.privacy.services import person_erase


@reauthentication_required
def export(request: AuthedRequest) -> HttpResponse:
    """Everything we hold about the person, to read."""
    data = person_export(request.user)
    return render(
        request,
        "privacy/export.html",
        {"exported_at": data[EXPORTED_AT], "sections": person_export_sections(data)},
    )


@reauthentication_required
def export_download(request: AuthedRequest) -> HttpResponse:
    """The same, as a JSON file to keep or take elsewhere."""
    data = person_export(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"selvhjelp-mine-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
