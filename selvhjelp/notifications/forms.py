from __future__ import annotations

from typing import Any

from django import forms

from selvhjelp.notifications.kinds import optional_kinds


class PreferencesForm(forms.Form):
    """One checkbox per kind of message a person may turn off."""

    def __init__(self, *args: Any, enabled: set[str], staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in optional_kinds(staff=staff):
            self.fields[kind.name] = forms.BooleanField(
                label=kind.label,
                help_text=kind.description,
                required=False,
                initial=kind.name in enabled,
            )

    def enabled(self) -> set[str]:
        return {name for name, on in self.cleaned_data.items() if on}

    def offered(self) -> set[str]:
        return set(self.fields)
