from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import Exists, OuterRef
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from selvhjelp.forms import QuickSelect
from selvhjelp.groups.models import Group, GroupFormat, GroupQuerySet, Theme, Weekday
from selvhjelp.groups.search import matching
from selvhjelp.lib.pagecache import public_cached
from selvhjelp.places.forms import MunicipalitySelect
from selvhjelp.places.models import County, Municipality


class PublicChoiceField(forms.ModelChoiceField):
    """A choice among public rows (themes, counties) whose options come from the cache: no rows
    are read and no model instances made to draw the list. A chosen value is still looked up in
    the queryset, so the choice is checked against the database."""

    def __init__(self, *, cache_name: str, **kwargs: Any) -> None:
        self.cache_name = cache_name
        super().__init__(**kwargs)

    def _options(self) -> list[tuple[str, str]]:
        empty = [("", str(self.empty_label))] if self.empty_label is not None else []
        key = self.to_field_name or "pk"
        rows = self.queryset if self.queryset is not None else []
        return [*empty, *((str(getattr(row, key)), str(row)) for row in rows)]

    @property
    def choices(self) -> CachedChoices:
        # Read when the list is drawn, in the request's language, not when the form is made.
        return CachedChoices(lambda: public_cached(f"choices:{self.cache_name}", self._options))

    @choices.setter
    def choices(self, value: Any) -> None:
        self._choices = value


class CachedChoices(BaseChoiceIterator):
    """Django's lazy kind of choices: nothing is read until the list is drawn."""

    def __init__(self, load: Callable[[], list[tuple[str, str]]]) -> None:
        self.load = load

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.load())

    def __len__(self) -> int:
        return len(self.load())


class DirectoryForm(forms.Form):
    """The directory's search and filters, as GET parameters that can be shared as a link."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    tema = PublicChoiceField(
        cache_name="themes",
        label=_("Theme"),
        queryset=Theme.objects.filter(active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        widget=QuickSelect,
    )
    fylke = PublicChoiceField(
        cache_name="counties",
        label=_("County"),
        queryset=County.objects.filter(active=True),
        to_field_name="code",
        required=False,
        empty_label=_("All counties"),
        widget=QuickSelect(attrs={"data-narrows": "id_kommune"}),
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
        widget=QuickSelect,
    )
    dag = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Any day")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=QuickSelect,
    )
    plass = forms.BooleanField(label=_("Only groups with room or being formed"), required=False)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data)
        field = self.fields["kommune"]
        widget = field.widget
        assert isinstance(widget, MunicipalitySelect)
        assert isinstance(field, forms.ModelChoiceField)
        widget.empty_label = str(field.empty_label)
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
        place = data.get("kommune") or data.get("fylke")
        if data.get("tema"):
            # With a place chosen, its groups are found first (group_listed_place and
            # group_room_place) and each is asked whether it has the theme; without one, the
            # theme's groups are found from the theme.
            if place:
                links = Group.themes.through.objects.filter(
                    theme=data["tema"], group=OuterRef("pk")
                )
                groups = groups.filter(Exists(links))
            else:
                groups = groups.filter(themes=data["tema"])
        if data.get("kommune"):
            groups = groups.filter(municipality=data["kommune"])
        elif data.get("fylke"):
            # The county's municipalities, not a join: the groups are then found by place.
            places = Municipality.objects.filter(county=data["fylke"])
            groups = groups.filter(municipality__in=places.values("pk"))
        if data.get("format"):
            groups = groups.filter(format=data["format"])
        if data.get("dag") is not None:
            groups = groups.filter(weekday=data["dag"])
        if data.get("plass"):
            groups = groups.with_room()
        return groups

    @property
    def search_alone(self) -> str:
        """The search when nothing else is chosen, else ''. Monday (0) is a choice, an unticked
        box (False) is not."""
        data = self.cleaned_data if self.is_valid() else {}
        chosen = [
            name
            for name, value in data.items()
            if name != "q" and value not in EMPTY_VALUES and value is not False
        ]
        return "" if chosen else data.get("q", "")

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
