from __future__ import annotations

from allauth.account.views import LoginView as AllauthLoginView
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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


@login_not_required
@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch language without JavaScript; a signed-in person keeps the choice on the account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    next_url = translate_url(next_url, language)
    response = HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        user_update_profile(
            user=request.user, display_name=request.user.display_name, language=language
        )
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            language=form.cleaned_data["language"],
        )
        translation.activate(request.user.language)
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
