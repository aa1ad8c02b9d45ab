from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from selvhjelp.notifications.models import Message, MessageState


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """What the outbox holds: failed messages to look into, and, without an email server,
    what would have been sent (so a demo can be followed)."""

    list_display = ["created_at", "kind", "state", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["state", "kind"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Message | None = None) -> list[str]:
        return [field.name for field in Message._meta.fields]

    def get_fields(self, request: HttpRequest, obj: Message | None = None) -> tuple[str, ...]:
        fields: tuple[str, ...] = ("created_at", "kind", "state", "attempts", "next_attempt_at")
        fields += ("sent_at", "last_error", "language")
        # Bodies are shown only while nothing is really sent (a demo or a trial).
        if settings.SELVHJELP_EMAIL_KEEP or (obj and obj.state == MessageState.KEPT):
            fields += ("to_email", "subject", "body_text")
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Message | None = None) -> bool:
        return False


admin.site.index_title = _("Administration")
