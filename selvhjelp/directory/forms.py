from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from selvhjelp.groups.models import Group, GroupFormat, GroupQuerySet, Theme, Weekday
from selvhjelp.groups.search import matching
from selvhjelp.places.forms import MunicipalitySelect
from selvhjelp.places.models import County, Municipality


class DirectoryForm(forms.Form):
    """The directory's search and filters, as GET parameters that can be shared as a link."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    tema = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.filter(active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    fylke = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.filter(active=True),
        to_field_name="code",
        required=False,
        empty_label=_("All counties"),
        widget=forms.Select(attrs={"data-narrows": "id_kommune"}),
    )
    kommune = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(active=True).select_related("county").order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All municipalities"),
        widget=MunicipalitySelect,
    )
    format = forms.ChoiceField(
        label=_("How the group meets"),
        choices=[("", _("Any way")), *GroupFormat.choices],
        required=False,
    )
    dag = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Any day")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    plass = forms.BooleanField(label=_("Only groups with room or being formed"), required=False)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data)
        widget = self.fields["kommune"].widget
        assert isinstance(widget, MunicipalitySelect)
        if self.is_valid() and self.cleaned_data.get("fylke"):
            widget.county = self.cleaned_data["fylke"].code

    def clean(self) -> dict[str, object]:
        """A municipality left chosen from another county gives way to the county chosen now,
        as the list does in the browser."""
        data = super().clean() or {}
        county, place = data.get("fylke"), data.get("kommune")
        outside = isinstance(place, Municipality) and place.county_id != getattr(county, "pk", None)
        if county is not None and outside:
            data["kommune"] = None
        return data

    def filter(self, groups: GroupQuerySet) -> GroupQuerySet:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q") and (condition := matching(data["q"])) is not None:
            groups = groups.filter(condition)
        if data.get("tema"):
            groups = groups.filter(themes=data["tema"])
        if data.get("kommune"):
            groups = groups.filter(municipality=data["kommune"])
        elif data.get("fylke"):
            groups = groups.filter(municipality__county=data["fylke"])
        if data.get("format"):
            groups = groups.filter(format=data["format"])
        if data.get("dag") is not None:
            groups = groups.filter(weekday=data["dag"])
        if data.get("plass"):
            groups = groups.filter(Group.HAS_ROOM)
        return groups

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
