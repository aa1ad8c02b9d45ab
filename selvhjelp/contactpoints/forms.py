from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffRole, origins_parse


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices, widget=forms.RadioSelect)


class StaffRemoveForm(forms.Form):
    """The role to remove: one of this contact point's staff rows, whatever was posted."""

    staff = forms.ModelChoiceField(queryset=Staff.objects.none())

    def __init__(self, *args: Any, contact_point: ContactPoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = self.fields["staff"]
        assert isinstance(staff, forms.ModelChoiceField)
        staff.queryset = Staff.objects.filter(contact_point=contact_point)


class ContactPointForm(forms.ModelForm):
    """What a coordinator keeps up to date: the public contact details, the visiting address,
    the web sites that may embed the directory, and the threshold."""

    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = ContactPoint
        fields = [
            *("description", "email", "phone", "opening_hours", "website"),
            *("visit_street", "visit_postcode", "visit_place", "embed_origins"),
            "interest_threshold",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "embed_origins": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_embed_origins(self) -> str:
        return "\n".join(origins_parse(self.cleaned_data["embed_origins"]))
