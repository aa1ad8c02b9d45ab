from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selvhjelp.groups.models import Weekday
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import (
    MONTHS_AHEAD,
    MONTHS_BACK,
    PlaceKind,
    Premises,
    earliest_first_meeting,
    latest_start,
)

PASSED = _("That time has passed. Choose a time that is still to come.")
TOO_FAR = _("A meeting can be at most %(months)s months ahead. Choose an earlier date.")
TOO_EARLY = _("The first meeting can be at most %(months)s months back. Choose a later date.")
# When the service refuses a time the form let through (the clock moved on in between).
OUT_OF_RANGE = _("Choose a time that is still to come, and at most %(months)s months ahead.")


class SeriesForm(forms.Form):
    start_date = forms.DateField(
        label=_("First meeting"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one weekday.")},
    )
    interval = forms.TypedChoiceField(
        label=_("How often"),
        choices=[
            (1, _("Every week")),
            (2, _("Every other week")),
            (3, _("Every third week")),
            (4, _("Every fourth week")),
        ],
        coerce=int,
        initial=1,
    )
    length_minutes = forms.IntegerField(
        label=_("Length in minutes (with a break half-way)"),
        min_value=30,
        max_value=240,
        initial=120,
    )
    place_kind = forms.ChoiceField(
        label=_("Where"),
        choices=PlaceKind.choices,
        widget=forms.RadioSelect,
        initial=PlaceKind.ROOM,
    )
    premises = forms.ModelChoiceField(
        label=_("Room"), queryset=Premises.objects.none(), required=False
    )
    place_details = forms.CharField(
        label=_("Details for members (room, video link or phone instructions)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )

    def __init__(
        self,
        *args: Any,
        rooms: QuerySet[Premises],
        current_start: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        premises = self.fields["premises"]
        assert isinstance(premises, forms.ModelChoiceField)
        premises.queryset = rooms
        # The series' first meeting as it stands: kept as it is, however long ago it was.
        self.current_start = current_start

    def clean_start_date(self) -> date:
        start_date: date = self.cleaned_data["start_date"]
        now = timezone.now()
        if start_date > latest_start(now).date():
            raise forms.ValidationError(TOO_FAR, params={"months": MONTHS_AHEAD})
        if start_date < earliest_first_meeting(now) and start_date != self.current_start:
            raise forms.ValidationError(TOO_EARLY, params={"months": MONTHS_BACK})
        return start_date

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start_date, weekdays = data.get("start_date"), data.get("weekdays")
        if start_date is not None and weekdays and start_date.weekday() not in weekdays:
            # A calendar would show a meeting on that date too (see lib/recurrence.py).
            self.add_error(
                "start_date",
                _("The first meeting must be on one of the weekdays you chose."),
            )
        if (
            data.get("place_kind") == PlaceKind.ROOM
            and not data.get("premises")
            and not data.get("place_details")
        ):
            self.add_error("premises", _("Choose a room, or describe the place for the members."))
        return data


class CancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the group (optional)"), required=False, max_length=300
    )


class MoveForm(forms.Form):
    date = forms.DateField(
        label=_("New date"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    time = forms.TimeField(label=_("New time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place_details = forms.CharField(label=_("New place (optional)"), required=False, max_length=500)
    message = forms.CharField(
        label=_("Message to the group (optional)"), required=False, max_length=300
    )

    def clean(self) -> dict[str, Any]:
        """Never into the past, and at most 18 months ahead. The date is checked before it is
        joined to the time, so a year such as 9999 is an error here and not an overflow later."""
        super().clean()
        data = self.cleaned_data
        day, at = data.get("date"), data.get("time")
        if day is None or at is None:
            return data
        now = timezone.now()
        latest = latest_start(now)
        too_far = forms.ValidationError(TOO_FAR, params={"months": MONTHS_AHEAD})
        if day < now.astimezone(OSLO).date():
            self.add_error("date", PASSED)
        elif day > latest.date():
            self.add_error("date", too_far)
        else:
            starts_at = datetime.combine(day, at, tzinfo=OSLO)
            if starts_at <= now:
                self.add_error("time", PASSED)
            elif starts_at > latest:
                self.add_error("time", too_far)
            else:
                data["starts_at"] = starts_at
        return data


class PremisesForm(forms.ModelForm):
    class Meta:
        model = Premises
        fields = [
            "name",
            "owner_kind",
            "address",
            "capacity",
            "step_free",
            "hearing_loop",
            "accessible_toilet",
            "notes",
            "host_contact",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
