"""Two-factor sign-in for staff and administrators, checked per session.

Having an authenticator on the account is not enough: a session signed in with a password alone
stays a password session even if the account gets a code app in another session. Staff pages,
a group's inside for staff and the admin ask that this session completed a second factor, as
allauth records it (at sign-in, or when confirming with a code or a passkey afterwards).
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from selvhjelp.accounts.models import User


def session_used_second_factor(request: HttpRequest) -> bool:
    """allauth keeps the records for the person they were made for; none for anyone else."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def second_factor_missing(request: HttpRequest, user: User) -> HttpResponse | None:
    """None when this session was signed in with a second factor; otherwise where to go first:
    turning one on, or confirming with it, and then back to the page asked for."""
    back = urlencode({"next": request.get_full_path()})
    if not is_mfa_enabled(user):
        messages.info(
            request,
            _("Staff pages need two-factor sign-in. Turn it on here, then go back to the page."),
        )
        return redirect(f"{reverse('mfa_index')}?{back}")
    if not session_used_second_factor(request):
        messages.info(
            request,
            _("Staff pages need two-factor sign-in. Confirm with your code app or passkey."),
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{back}")
    return None
