from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW_INTEREST = "view_interest", _("Opened a person's interest")
    STAFF_INVITE = "staff_invite", _("Invited staff")
    STAFF_JOIN = "staff_join", _("Joined as staff")
    STAFF_REMOVE = "staff_remove", _("Removed staff")
    THEME_CHANGE = "theme_change", _("Changed a theme")


class AuditEntry(models.Model):
    """Who did what to whom, and when. Never what was seen or said: no content at all."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint", on_delete=models.SET_NULL, null=True, blank=True
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
