from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from selvhjelp.interest.models import Interest


class CoveredFilter(admin.SimpleListFilter):
    title = _("served by a contact point")
    parameter_name = "covered"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return [("no", _("No contact point covers the municipality")), ("yes", _("Covered"))]

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
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
    fields = ["municipality", "contact_point", "reach", "digital_ok", "confirmed_at", "expires_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
