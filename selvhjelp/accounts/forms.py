from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import Language, User
from selvhjelp.accounts.names import display_name_clean

ADULTS_ONLY = _(
    "Self-help groups here are for people who are 18 or older, so we cannot create an account "
    "for you. Nothing you typed has been stored. If you need someone to talk to now, the "
    "numbers at the bottom of the page are there for you, whatever your age."
)


def _display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("A first name or a pseudonym is fine. Other members see this name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        help_text=_("The language we use on the pages and in emails to you."),
    )


class SignupForm(AllauthSignupForm):
    """Asks for the least we need: email, password, a display name, a language, and 18+."""

    display_name = _display_name_field()
    language = _language_field()
    adult = forms.BooleanField(
        label=_("I am 18 or older"),
        required=True,
        error_messages={"required": ADULTS_ONLY},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = (get_language() or "nb")[:2]
        if current in Language.values:
            self.fields["language"].initial = current
        self.order_fields(["email", "password1", "display_name", "language", "adult"])

    def clean_display_name(self) -> str:
        return display_name_clean(self.cleaned_data["display_name"])

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        """For a known address allauth creates nothing and so hashes no password; hash it anyway
        and throw the result away, so that the answer takes as long as for a new account and
        its timing does not tell whether the address has an account."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class ProfileForm(forms.ModelForm):
    display_name = _display_name_field()
    language = _language_field()

    class Meta:
        model = User
        fields = ["display_name", "language"]

    def clean_display_name(self) -> str:
        return display_name_clean(self.cleaned_data["display_name"])
