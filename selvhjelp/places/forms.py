from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.forms import Select
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from selvhjelp.lib.pagecache import public_cached
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


def municipality_rows() -> list[tuple[str, str, str]]:
    """Code, name and county code of every active municipality, by name; kept in the cache
    until a place changes."""
    return public_cached(
        "municipalities",
        lambda: list(
            Municipality.objects.filter(active=True)
            .order_by("name")
            .values_list("code", "name", "county__code")
        ),
    )


class MunicipalitySelect(Select):
    """Municipalities marked with their county (`data-county`), so that site.js can narrow the
    list to the county chosen in the select named by the county's `data-narrows`, without a
    reload. With `county` set the server narrows the list itself, and the whole list comes along
    in a <template>, for the script to choose from when the county changes again.

    The options are drawn from `municipality_rows` and kept, written out, per language and
    county: drawing the list reads no rows and makes no model instances. The chosen option is
    marked in the kept text (codes are digits, so `value="…"` finds exactly one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.county: str | None = None
        self.empty_label: str = ""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs) | {"name": name}
        chosen = "" if value is None else str(getattr(value, "code", value))
        whole = self._options(None)
        select = format_html("<select{}>", flatatt(final)) + _selected(
            self._options(self.county) if self.county else whole, chosen
        )
        html = select + "</select>"
        if self.county:
            html += format_html(
                '<template data-options-for="{}">{}</template>', final.get("id", ""), whole
            )
        return mark_safe(html)  # noqa: S308 - built from escaped parts

    def _options(self, county: str | None) -> SafeString:
        def build() -> str:
            rows = [row for row in municipality_rows() if county in (None, row[2])]
            return format_html('<option value="">{}</option>', self.empty_label) + format_html_join(
                "",
                '<option value="{}" data-county="{}">{}</option>',
                ((c, k, n) for c, n, k in rows),
            )

        return mark_safe(public_cached(f"municipality-options:{county or ''}", build))  # noqa: S308


def _selected(options: str, code: str) -> str:
    if not code.isdigit():
        return options
    return options.replace(f'<option value="{code}"', f'<option value="{code}" selected', 1)
