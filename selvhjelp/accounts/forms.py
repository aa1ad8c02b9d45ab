from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.webauthn import forms as passkey_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput
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
        help_text=_(
            "The language of our emails to you, and of the pages you come to when you log in."
        ),
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


# A real answer is a few kilobytes, even with the attestation's certificates.
PASSKEY_ANSWER_LONGEST = 50_000


class CredentialField(forms.JSONField):
    """The answer of a passkey, as JSON. Django's field lets a number of more than 4300 digits
    through as a ValueError (a 500), when it reads the answer and again when it shows the form;
    here it is invalid JSON, as any other broken answer."""

    def __init__(self) -> None:
        super().__init__(required=True, widget=forms.HiddenInput)
        # Checked on the text, before it is read: Django's validator would measure the result.
        self.max_length = PASSKEY_ANSWER_LONGEST

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and len(value) > PASSKEY_ANSWER_LONGEST:
            raise self._invalid(value)
        try:
            return super().to_python(value)
        except ValueError:
            raise self._invalid(value) from None

    def _invalid(self, value: str) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid"], code="invalid", params={"value": value}
        )

    def bound_data(self, data: Any, initial: Any) -> Any:
        try:
            return super().bound_data(data, initial)
        except ValueError:
            return InvalidJSONInput(data)


def _passkey_name(*, required: bool) -> forms.CharField:
    return forms.CharField(label=_("Name"), required=required, max_length=100)


# allauth's passkey forms with that field, and with a limit on the name a person gives the key;
# MFA_FORMS in the settings puts them in allauth's views.
class AddPasskeyForm(passkey_forms.AddWebAuthnForm):
    name = _passkey_name(required=False)
    credential = CredentialField()


class SignupPasskeyForm(passkey_forms.SignupWebAuthnForm):
    name = _passkey_name(required=False)
    credential = CredentialField()


class EditPasskeyForm(passkey_forms.EditWebAuthnForm):
    name = _passkey_name(required=True)


class AuthenticatePasskeyForm(passkey_forms.AuthenticateWebAuthnForm):
    credential = CredentialField()


class LoginPasskeyForm(passkey_forms.LoginWebAuthnForm):
    credential = CredentialField()


class ReauthenticatePasskeyForm(passkey_forms.ReauthenticateWebAuthnForm):
    credential = CredentialField()
