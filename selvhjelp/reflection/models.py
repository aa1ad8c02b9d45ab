"""The conversation compass as data, and anonymous reflections and self-evaluations.

Anonymity by construction: the answer tables have no column that leads to a person, random
primary keys (so insertion order tells nothing) and no timestamps. A separate table of one-way
markers (a keyed hash of member and meeting) stops a second answer without tying any answer to
anyone.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Ring(models.TextChoices):
    INNER = "inner", _("Inner ring")
    MIDDLE = "middle", _("Middle ring")
    OUTER = "outer", _("Outer ring")


class CompassVersion(models.Model):
    """One set of compass words: the default (no contact point) or a contact point's own."""

    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="compass_versions",
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact_point", "number"], name="one_compass_number")
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.contact_point or '–'} v{self.number}"


class CompassWord(models.Model):
    version = models.ForeignKey(CompassVersion, on_delete=models.CASCADE, related_name="words")
    ring = models.CharField(max_length=6, choices=Ring.choices)
    position = models.PositiveSmallIntegerField()
    text_nb = models.CharField(max_length=60)
    text_nn = models.CharField(max_length=60, blank=True)
    text_en = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["ring", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        language = (get_language() or "nb")[:2]
        return getattr(self, f"text_{language}", "") or self.text_nb


class ReflectionAnswer(models.Model):
    """Which compass words fit how the group talked at one meeting. No link to who answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="reflections"
    )
    words = models.ManyToManyField(CompassWord, related_name="+", blank=True)

    def __str__(self) -> str:
        return str(self.meeting_id)


class ReflectionMarker(models.Model):
    """That someone has answered for a meeting: a keyed one-way hash, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    digest = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.digest[:8]


class Scale(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Not at all")
    A_LITTLE = 2, _("A little")
    PARTLY = 3, _("Partly")
    MOSTLY = 4, _("Mostly")
    FULLY = 5, _("Fully")


class EvaluationAnswer(models.Model):
    """One anonymous self-evaluation for a group and a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="evaluations")
    period = models.CharField(max_length=20)
    safe = models.PositiveSmallIntegerField(choices=Scale.choices)
    time = models.PositiveSmallIntegerField(choices=Scale.choices)
    language = models.PositiveSmallIntegerField(choices=Scale.choices)
    notice = models.PositiveSmallIntegerField(choices=Scale.choices)
    change = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.period


class EvaluationMarker(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    digest = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.digest[:8]
