from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from selvhjelp.contactpoints.models import StaffRole


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices, widget=forms.RadioSelect)
