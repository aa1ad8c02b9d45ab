from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.forms import QuickSelect, RowsField
from selvhjelp.groups.models import (
    DATES_BACK_MONTHS,
    VISIT_AHEAD_MONTHS,
    Agreement,
    GroupFormat,
    IntakeOutcome,
    Theme,
    TimeOfDay,
    Weekday,
    typed_dates,
)
from selvhjelp.groups.services.frames import AGREEMENT_FIELDS
from selvhjelp.places.forms import municipality_choices
from selvhjelp.places.models import Municipality

TOO_FAR_BACK = _("The day can be at most %(months)s months back. Choose a later day.")


class ThemeSuggestionForm(forms.ModelForm):
    """What a coordinator gives when suggesting a theme."""

    class Meta:
        model = Theme
        fields = ["name_nb", "name_nn", "name_en", "kind", "description_nb"]
        widgets = {"description_nb": forms.Textarea(attrs={"rows": 3})}


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


class GroupCreateForm(forms.Form):
    title = forms.CharField(label=_("Name of the group"), max_length=120)
    themes = RowsField(
        label=_("Themes"),
        queryset=Theme.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    municipality = forms.ChoiceField(label=_("Municipality"), widget=QuickSelect)
    format = forms.ChoiceField(
        label=_("How the group meets"),
        choices=GroupFormat.choices,
        widget=forms.RadioSelect,
        initial=GroupFormat.PHYSICAL,
    )
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Not decided yet")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day"),
        choices=[("", _("Not decided yet")), *TimeOfDay.choices],
        required=False,
    )
    contact_point = forms.ModelChoiceField(
        label=_("Contact point"),
        queryset=ContactPoint.objects.none(),
        required=False,
        empty_label=_("None: I start the group myself"),
        help_text=_(
            "Staff choose their contact point. A group you start yourself is not shown "
            "in the directory until a coordinator in your area lists it."
        ),
    )

    def __init__(self, *args: Any, staff_points: QuerySet[ContactPoint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ChoiceField)
        municipality.choices = municipality_choices()
        contact_point = self.fields["contact_point"]
        assert isinstance(contact_point, forms.ModelChoiceField)
        contact_point.queryset = staff_points
        if not staff_points.exists():
            del self.fields["contact_point"]

    def clean_municipality(self) -> Municipality:
        municipality = Municipality.objects.filter(
            code=self.cleaned_data["municipality"], active=True
        ).first()
        if municipality is None:
            raise forms.ValidationError(_("Choose a municipality from the list."))
        return municipality


class IntakeForm(forms.Form):
    """Only that the conversation happened, and its outcome. There is no field for notes."""

    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    held_on = forms.DateField(
        label=_("Date of the conversation"), widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=IntakeOutcome.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.TypedChoiceField)
        person.choices = [("", _("Choose a person")), *people]

    def clean_held_on(self) -> date:
        held_on: date = self.cleaned_data["held_on"]
        earliest, latest = typed_dates(timezone.localdate())
        if held_on > latest:
            raise forms.ValidationError(
                _("The conversation cannot have been held later than today. Give the day it was.")
            )
        if held_on < earliest:
            raise forms.ValidationError(TOO_FAR_BACK, params={"months": DATES_BACK_MONTHS})
        return held_on


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = list(AGREEMENT_FIELDS)
        # Every text of the agreement gets a small box; the model says which fields are texts.
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in AGREEMENT_FIELDS
            if Agreement._meta.get_field(name).get_internal_type() == "TextField"
        }


class FollowUpForm(forms.Form):
    on = forms.DateField(
        label=_("Date of the follow-up visit"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_on(self) -> date:
        on: date = self.cleaned_data["on"]
        earliest, latest = typed_dates(timezone.localdate(), ahead_months=VISIT_AHEAD_MONTHS)
        if on > latest:
            raise forms.ValidationError(
                _("The visit can be at most %(months)s months ahead. Choose an earlier day."),
                params={"months": VISIT_AHEAD_MONTHS},
            )
        if on < earliest:
            raise forms.ValidationError(TOO_FAR_BACK, params={"months": DATES_BACK_MONTHS})
        return on

    def message(self) -> str:
        """What to tell when the day given is refused (or none was given)."""
        if self.data.get("on") and self.errors.get("on"):
            return str(self.errors["on"][0])
        return str(_("Give the date of the follow-up visit."))
