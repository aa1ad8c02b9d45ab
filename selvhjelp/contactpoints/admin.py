from django.contrib import admin

from selvhjelp.contactpoints.models import ContactPoint, Staff


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    raw_id_fields = ["user"]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StaffInline]
