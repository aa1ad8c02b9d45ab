from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    KEPT = "kept", _("Kept (not sent: no email server configured)")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One outgoing email, written in the same transaction as the event that caused it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    to_email = models.EmailField()
    kind = models.CharField(max_length=40)  # one of notifications.kinds.KINDS
    dedupe_key = models.CharField(max_length=200, unique=True)
    language = models.CharField(max_length=2)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=MessageState.choices, default=MessageState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="message_due"),
            models.Index(fields=["state", "claimed_until"], name="message_lease"),
            models.Index(fields=["to_email"], name="message_to_email"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="sending") | models.Q(claimed_until__isnull=False),
                name="message_sending_has_a_lease",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} ({self.state})"


class OptOut(models.Model):
    """A person has turned off one optional kind of message."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_opt_outs"
    )
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self) -> str:
        return self.kind
