from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.consent import GROUP_INTEREST, current_text
from selvhjelp.accounts.models import ConsentPurpose
from selvhjelp.forms import QuickSelect, RowsField
from selvhjelp.groups.models import Theme, TimeOfDay, Weekday
from selvhjelp.interest.models import Reach
from selvhjelp.places.forms import municipality_choices
from selvhjelp.places.models import Municipality


class ConsentField(forms.BooleanField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("I agree that this is stored as described above"),
            required=True,
            error_messages={
                "required": _("We can only store this with your consent. Tick the box to go on.")
            },
            **kwargs,
        )


class InterestForm(forms.Form):
    themes = RowsField(
        label=_("What would you like to talk about?"),
        help_text=_("Choose one or more. “Across problems” means a group open to any theme."),
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    municipality = forms.ChoiceField(label=_("Where do you live?"), widget=QuickSelect)
    reach = forms.ChoiceField(
        label=_("How far can you travel to a meeting?"),
        choices=Reach.choices,
        widget=forms.RadioSelect,
        initial=Reach.MUNICIPALITY,
    )
    digital_ok = forms.BooleanField(
        label=_("A group that meets by video or phone is fine too"), required=False
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Which days suit you?"),
        help_text=_("Leave empty if any day is fine."),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    times_of_day = forms.MultipleChoiceField(
        label=_("Which times of day suit you?"),
        help_text=_("Leave empty if any time is fine."),
        choices=TimeOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, needs_consent: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ChoiceField)
        municipality.choices = municipality_choices()
        self.consent_text = current_text(ConsentPurpose.INTEREST).text
        if needs_consent:
            self.fields["consent"] = ConsentField()

    def clean_municipality(self) -> Municipality:
        code = self.cleaned_data["municipality"]
        municipality = Municipality.objects.filter(code=code, active=True).first()
        if municipality is None:
            raise forms.ValidationError(_("Choose a municipality from the list."))
        return municipality


class GroupInterestForm(forms.Form):
    def __init__(self, *args: Any, needs_consent: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent_text = GROUP_INTEREST.text
        if needs_consent:
            self.fields["consent"] = ConsentField()
