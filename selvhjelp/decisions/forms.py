from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from selvhjelp.decisions.models import DAYS_DEFAULT, DAYS_MAX, DAYS_MIN
from selvhjelp.groups.models import PLACES
from selvhjelp.meetings.forms import MoveForm
from selvhjelp.meetings.models import Meeting
from selvhjelp.pages.dates import DAY_TIME, written


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Say what you propose, in your own words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    days = forms.IntegerField(
        label=_("Days to answer"),
        min_value=DAYS_MIN,
        max_value=DAYS_MAX,
        initial=DAYS_DEFAULT,
        help_text=_("Between 1 and 30 days."),
    )

    def __init__(self, *args: Any, text_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = text_required


class AdmitForm(forms.Form):
    applicant = forms.TypedChoiceField(label=_("Who wants to join"), coerce=int)

    def __init__(self, *args: Any, applicants: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        applicant = self.fields["applicant"]
        assert isinstance(applicant, forms.TypedChoiceField)
        applicant.choices = applicants


class SeatsForm(forms.Form):
    seats = forms.IntegerField(label=_("How many places"), min_value=1, max_value=PLACES)


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return capfirst(written(obj.starts_at, DAY_TIME))


class MoveMeetingForm(MoveForm):
    """Which coming meeting, and its new time and place: the direct move's form, proposed."""

    field_order = ["meeting", "date", "time", "place_details", "message"]

    meeting = MeetingChoiceField(
        label=_("Which meeting"), queryset=Meeting.objects.none(), to_field_name="code"
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        assert isinstance(meeting, MeetingChoiceField)
        meeting.queryset = meetings


class DeclarationForm(forms.Form):
    declaration = forms.CharField(
        label=_("The new wording"), widget=forms.Textarea(attrs={"rows": 10}), max_length=5000
    )


class VoteForm(forms.Form):
    answer = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])
