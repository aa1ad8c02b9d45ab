"""The conversation compass as data, and anonymous reflections and self-evaluations.

Anonymous means anonymous to whoever holds the database and the data folder, so the design
leaves nothing stored that pairs an answer with a person:

- **No answer rows.** A reflection keeps one tally per compass word (`ReflectionTally`), made
  for every word of its version when the first answer comes, in the compass's order, and
  updated in place. A self-evaluation keeps sums and an alphabetical list of wishes on its own
  row. There is no row per answer, so no key, rowid, timestamp or insertion order can line an
  answer up with the marker written beside it.
- **Every tally row changes on every answer.** An answer adds 1 or 0 to each of its
  reflection's tallies in one `UPDATE`, so all of them carry the same last writer (PostgreSQL's
  `xmin`) and keep their physical order; which words were chosen does not show in which rows
  were touched.
- **Markers that die at closing.** While a reflection is open, "has answered" is a marker: an
  HMAC of the member keyed with the reflection's random salt and the secret key. At closing the
  salt is set to NULL and the markers are deleted, so nobody, with the data folder or without,
  can recompute whose they were.
- **Results only once closed.** A result that moves with each answer gives away the last
  answer, so nothing is shown until the reflection closes (a meeting's six days after the
  meeting ends, a self-evaluation's fourteen days after its first answer, both sooner when every
  member has answered), and then only from three answers; below three the tallies are erased at
  closing.
- **Below the SQL level.** On SQLite closing overwrites what it deletes (`secure_delete`) and
  the job then empties the write-ahead log, which holds earlier states of the pages.

What stays outside the design: while a reflection is open, someone holding the database and
the secret key can tell who has answered, and a copy taken after one answer shows that answer.
PostgreSQL keeps earlier row versions (each stamped with its transaction) in its files until
VACUUM reclaims them and new rows overwrite them.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The frames of anonymity: results from three answers, and only once closed.
MIN_ANSWERS = 3
# A meeting's reflection closes six days after the meeting ends, so a weekly group sees the
# result before it meets again.
REFLECTION_OPEN = timedelta(days=6)
# A self-evaluation stays open to the end of the fourteenth day after its first answer.
EVALUATION_OPEN_DAYS = 14


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


# Open while the salt exists, closed once it is gone: one fact, so they cannot disagree.
OPEN_HAS_SALT = Q(closed=False, salt__isnull=False) | Q(closed=True, salt__isnull=True)


class Reflection(models.Model):
    """The group's reflection on one meeting: how many answered, and (in its tallies) how often
    each word was marked. Made when the first answer comes."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="reflection"
    )
    version = models.ForeignKey(CompassVersion, on_delete=models.PROTECT, related_name="+")
    closes_at = models.DateTimeField()
    closed = models.BooleanField(default=False)
    salt = models.BinaryField(max_length=32, null=True, editable=False)
    answers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=OPEN_HAS_SALT, name="reflection_salt")]

    def __str__(self) -> str:
        return str(self.meeting_id)


class ReflectionTally(models.Model):
    """How many marked one word for one meeting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="tallies")
    word = models.ForeignKey(CompassWord, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reflection", "word"], name="one_tally_per_word")
        ]

    def __str__(self) -> str:
        return f"{self.word_id}: {self.count}"


class AnswerMarker(models.Model):
    """That someone has answered an open round: a keyed one-way hash, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    digest = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.digest[:8]


class ReflectionMarker(AnswerMarker):
    """That someone has answered an open reflection."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="markers")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "digest"], name="one_reflection_per_member"
            )
        ]


class Scale(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Not at all")
    A_LITTLE = 2, _("A little")
    PARTLY = 3, _("Partly")
    MOSTLY = 4, _("Mostly")
    FULLY = 5, _("Fully")


# The questions on the scale, in the order the form and the result show them.
QUESTIONS = ("safe", "time", "language", "notice")


class Evaluation(models.Model):
    """A group's anonymous self-evaluation for one period: the number of answers, the sum of
    each question's answers, and the wishes for change in alphabetical order."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="evaluations")
    period = models.CharField(max_length=20)
    closes_at = models.DateTimeField()
    closed = models.BooleanField(default=False)
    salt = models.BinaryField(max_length=32, null=True, editable=False)
    answers = models.PositiveIntegerField(default=0)
    safe = models.PositiveIntegerField(default=0)
    time = models.PositiveIntegerField(default=0)
    language = models.PositiveIntegerField(default=0)
    notice = models.PositiveIntegerField(default=0)
    wishes = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "period"], name="one_evaluation_per_period"),
            models.CheckConstraint(condition=OPEN_HAS_SALT, name="evaluation_salt"),
        ]

    def __str__(self) -> str:
        return self.period


class EvaluationMarker(AnswerMarker):
    """That someone has answered an open self-evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="markers")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "digest"], name="one_evaluation_per_member"
            )
        ]
