from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from selvhjelp.forms import QuickSelect
from selvhjelp.places.models import Municipality

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def municipality_choices() -> list[tuple[str, list[tuple[str, str]]] | tuple[str, StrOrPromise]]:
    """Active municipalities grouped by county, for a select; empty choice first."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for municipality in (
        Municipality.objects.filter(active=True)
        .select_related("county")
        .order_by("county__name", "name")
    ):
        grouped.setdefault(municipality.county.name, []).append(
            (municipality.code, municipality.name)
        )
    return [("", _("Choose a municipality")), *grouped.items()]


class MunicipalitySelect(QuickSelect):
    """Municipalities marked with their county (`data-county`), so that site.js can narrow the
    list to the county chosen in the select named by the county's `data-narrows`, without a
    reload. With `county` set the server narrows the list itself, and the whole list comes along
    in a <template>, for the script to choose from when the county changes again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.county: str | None = None

    def option_data(self, value: Any) -> dict[str, str]:
        instance = getattr(value, "instance", None)
        return {"data-county": instance.county.code} if instance is not None else {}

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        optgroups = widget["optgroups"]
        if self.county is None:
            return self.select_html(widget, optgroups)
        shown = [
            (group, [option for option in options if self._in_county(option["value"])], index)
            for group, options, index in optgroups
        ]
        whole = format_html(
            '<template data-options-for="{}">{}</template>',
            widget["attrs"].get("id", ""),
            self.options_html(optgroups),
        )
        return mark_safe(self.select_html(widget, shown) + whole)  # noqa: S308

    def _in_county(self, value: Any) -> bool:
        instance = getattr(value, "instance", None)
        return instance is None or instance.county.code == self.county
