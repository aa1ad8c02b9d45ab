"""An account deleted in the admin is erased like one deleted by its owner.

The admin's own delete would take only what cascades from the account, and leave the person in
what is kept by address or as an id inside JSON. The admin writes its history entry before it
deletes, so that entry too is cleared of the person.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from selvhjelp.accounts.admin import UserAdmin
from selvhjelp.accounts.models import User
from selvhjelp.privacy.services import person_erase


class ErasingUserAdmin(UserAdmin):
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        person_erase(user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            person_erase(user=user)


admin.site.unregister(User)
admin.site.register(User, ErasingUserAdmin)
