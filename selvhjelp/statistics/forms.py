from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from selvhjelp.statistics.selectors import Period

EARLIEST = date(2000, 1, 1)


class PeriodForm(forms.Form):
    """The period the statistics cover, as GET parameters that can be shared as a link."""

    THIS_YEAR = "i-aar"
    LAST_YEAR = "i-fjor"
    CUSTOM = "egen"

    periode = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (THIS_YEAR, _("This year")),
            (LAST_YEAR, _("Last year")),
            (CUSTOM, _("Choose the days yourself")),
        ],
        initial=THIS_YEAR,
        required=False,
    )
    fra = forms.DateField(
        label=_("First day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    til = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data: object, *, today: date) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.today = today

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("periode") == self.CUSTOM:
            first, last = data.get("fra"), data.get("til")
            if first is None and "fra" not in self.errors:
                self.add_error("fra", _("Give the first day of the period."))
            if last is None and "til" not in self.errors:
                self.add_error("til", _("Give the last day of the period."))
            if isinstance(first, date) and isinstance(last, date):
                if first > last:
                    self.add_error("til", _("The last day must be on or after the first day."))
                elif first < EARLIEST or last > date(self.today.year + 1, 12, 31):
                    self.add_error("fra", _("Choose days between 2000 and the end of next year."))
        return data

    def period(self) -> Period:
        """The chosen period; call after is_valid()."""
        year = self.today.year
        choice = self.cleaned_data.get("periode") or self.THIS_YEAR
        if choice == self.LAST_YEAR:
            return Period(date(year - 1, 1, 1), date(year - 1, 12, 31))
        if choice == self.CUSTOM:
            return Period(self.cleaned_data["fra"], self.cleaned_data["til"])
        return Period(date(year, 1, 1), date(year, 12, 31))
