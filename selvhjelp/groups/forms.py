from __future__ import annotations

from django import forms

from selvhjelp.groups.models import Theme


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = [
            "name_nb",
            "name_nn",
            "name_en",
            "kind",
            "description_nb",
            "description_nn",
            "description_en",
            "active",
            "position",
        ]
        widgets = {
            "description_nb": forms.Textarea(attrs={"rows": 3}),
            "description_nn": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }
