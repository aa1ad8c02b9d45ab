from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

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
