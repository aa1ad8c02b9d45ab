from __future__ import annotations

from allauth.account.views import LoginView as AllauthLoginView
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from selvhjelp.accounts.forms import ProfileForm
from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.accounts.services import user_update_profile

TOO_MANY_ATTEMPTS = "too_many_login_attempts"


class LoginView(AllauthLoginView):
    """allauth's login, answering 429 while an address is blocked after wrong passwords."""

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        response = super().form_invalid(form)
        codes = {error.code for error in form.non_field_errors().as_data()}
        if TOO_MANY_ATTEMPTS in codes:
            response.status_code = 429
        return response


login = login_not_required(LoginView.as_view())


def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            language=form.cleaned_data["language"],
        )
        # The saved language is the one the person lands in: show the profile in it.
        with translation.override(request.user.language):
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    staff_roles = request.user.staff_roles.select_related("contact_point").order_by(
        "contact_point__name"
    )
    my_groups = (
        request.user.memberships.filter(state__in=["member", "invited"])
        .select_related("group")
        .order_by("group__title")
    )
    initiated = request.user.initiated_groups.filter(self_started=False).order_by("title")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "staff_roles": staff_roles, "my_groups": my_groups, "initiated": initiated},
    )
