from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and everything tied to it will be deleted"),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want to delete.")},
    )
