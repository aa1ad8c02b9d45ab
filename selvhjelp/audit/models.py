from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW_INTEREST = "view_interest", _("Opened a person's interest")
    VIEW_INTAKE = "view_intake", _("Opened the intake conversations of a group")
    STAFF_INVITE = "staff_invite", _("Invited staff")
    STAFF_JOIN = "staff_join", _("Joined as staff")
    STAFF_REMOVE = "staff_remove", _("Removed staff")
    THEME_CHANGE = "theme_change", _("Changed a theme")
    THEME_ADD = "theme_add", _("Added a theme")
    THEME_SUGGEST = "theme_suggest", _("Suggested a theme")
    LISTING_APPROVE = "listing_approve", _("Listed a self-started group")


class AuditEntry(models.Model):
    """Who did what, to which object and to whom, and when. Never what was seen or said: the
    target is named by type and key, and `data` holds only non-personal facts about the change
    (the fields that changed, a role), never their values."""

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
    target_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_by_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
