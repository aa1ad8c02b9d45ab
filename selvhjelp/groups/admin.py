from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from selvhjelp.groups.models import Group, Theme
from selvhjelp.groups.services.frames import group_frames_ensure
from selvhjelp.groups.services.search import group_reindex


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_nb", "kind", "active", "position"]
    prepopulated_fields = {"slug": ["name_nb"]}


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "contact_point", "municipality", "state", "listed"]
    list_filter = ["state", "listed", "format"]
    search_fields = ["title", "code"]
    raw_id_fields = ["municipality"]
    readonly_fields = [
        "code",
        "search_document",
        "ended_at",
        "personal_data_erased_at",
        "former_members",
        "meetings_held",
    ]

    def save_related(
        self, request: HttpRequest, form: ModelForm[Group], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        group_reindex(form.instance)
        group_frames_ensure(group=form.instance)
