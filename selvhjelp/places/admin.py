from django.contrib import admin

from selvhjelp.places.models import County, Municipality


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "active"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county", "active"]
    list_filter = ["county", "active"]
    search_fields = ["name", "code"]
