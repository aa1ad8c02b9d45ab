from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from selvhjelp.interest.models import Interest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# All shown, none editable. A tuple fits both attributes, whose list types differ in the stubs.
SHOWN_FIELDS = (
    "municipality",
    "contact_point",
    "reach",
    "digital_ok",
    "confirmed_at",
    "expires_at",
)


class CoveredFilter(admin.SimpleListFilter):
    title = _("served by a contact point")
    parameter_name = "covered"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, StrOrPromise]]:
        return [("no", _("No contact point covers the municipality")), ("yes", _("Covered"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Interest]) -> QuerySet[Interest]:
        if self.value() == "no":
            return queryset.filter(contact_point__isnull=True)
        if self.value() == "yes":
            return queryset.filter(contact_point__isnull=False)
        return queryset


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    """Counts per place, for administrators; who the people are is for the contact point."""

    list_display = ["municipality", "contact_point", "reach", "digital_ok", "expires_at"]
    list_filter = [CoveredFilter, "municipality__county"]
    fields = SHOWN_FIELDS
    readonly_fields = SHOWN_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
