from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import translation

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group
from selvhjelp.meetings.models import Meeting
from selvhjelp.pages.content import COMPASS_RINGS
from selvhjelp.reflection.models import (
    CompassVersion,
    CompassWord,
    EvaluationAnswer,
    EvaluationMarker,
    ReflectionAnswer,
    ReflectionMarker,
    Ring,
)

MIN_ANSWERS = 3
RINGS = (Ring.INNER, Ring.MIDDLE, Ring.OUTER)


class AlreadyAnswered(Exception):
    """This member has already answered for this meeting or period."""


def _digest(*parts: object) -> str:
    message = ":".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# --- The compass --------------------------------------------------------------------------


def _default_version() -> CompassVersion:
    version = CompassVersion.objects.filter(contact_point=None).order_by("-number").first()
    if version is not None:
        return version
    with transaction.atomic():
        version = CompassVersion.objects.create(contact_point=None, number=1)
        for ring, (_name, _meaning, words) in zip(RINGS, COMPASS_RINGS, strict=True):
            for position, word in enumerate(words):
                texts = {}
                for language in ("nb", "nn", "en"):
                    with translation.override(language):
                        texts[f"text_{language}"] = str(word)
                CompassWord.objects.create(version=version, ring=ring, position=position, **texts)
    return version


def compass_current(contact_point: ContactPoint | None) -> CompassVersion:
    """The words in use: the contact point's own newest version, or the default."""
    if contact_point is not None:
        own = CompassVersion.objects.filter(contact_point=contact_point).order_by("-number").first()
        if own is not None:
            return own
    return _default_version()


def compass_words(version: CompassVersion) -> dict[str, list[CompassWord]]:
    words: dict[str, list[CompassWord]] = {ring: [] for ring in RINGS}
    for word in version.words.all():
        words[word.ring].append(word)
    return words


def compass_save(
    *, contact_point: ContactPoint, rings: dict[str, list[str]], by: User
) -> CompassVersion:
    """A new version of the contact point's words; earlier reflections keep theirs."""
    with transaction.atomic():
        ContactPoint.objects.select_for_update().filter(pk=contact_point.pk).first()
        latest = (
            CompassVersion.objects.filter(contact_point=contact_point).order_by("-number").first()
        )
        version = CompassVersion.objects.create(
            contact_point=contact_point, number=(latest.number if latest else 0) + 1, created_by=by
        )
        for ring in RINGS:
            for position, text in enumerate(rings.get(ring, [])):
                CompassWord.objects.create(
                    version=version, ring=ring, position=position, text_nb=text
                )
    return version


# --- Reflection ---------------------------------------------------------------------------


def reflection_give(*, meeting: Meeting, user: User, word_ids: list[int]) -> None:
    """Store which words fit, with no link to the person; a second answer is refused."""
    version = compass_current(meeting.series.group.contact_point)
    words = list(CompassWord.objects.filter(version=version, pk__in=word_ids))
    try:
        with transaction.atomic():
            ReflectionMarker.objects.create(digest=_digest("reflection", meeting.pk, user.pk))
            answer = ReflectionAnswer.objects.create(meeting=meeting)
            answer.words.set(words)
    except IntegrityError:
        raise AlreadyAnswered from None


def has_reflected(*, meeting: Meeting, user: User) -> bool:
    return ReflectionMarker.objects.filter(
        digest=_digest("reflection", meeting.pk, user.pk)
    ).exists()


@dataclass(frozen=True)
class WordCount:
    word: CompassWord
    count: int


def reflection_summary(meeting: Meeting) -> tuple[int, list[WordCount] | None]:
    """(number of answers, word counts) — the counts only when at least three answered."""
    answers = ReflectionAnswer.objects.filter(meeting=meeting).count()
    if answers < MIN_ANSWERS:
        return answers, None
    through = ReflectionAnswer.words.through
    counts = dict(
        through.objects.filter(reflectionanswer__meeting=meeting)
        .values_list("compassword")
        .annotate(n=Count("id"))
    )
    words = CompassWord.objects.filter(pk__in=counts).order_by("ring", "position")
    return answers, [WordCount(word=word, count=counts[word.pk]) for word in words]


@dataclass(frozen=True)
class TrendPoint:
    meeting: Meeting
    answers: int
    shares: dict[str, float]  # ring → share of all marks


def reflection_trend(group: Group, *, meetings: int = 8) -> list[TrendPoint]:
    """The share of marks per ring over recent meetings with at least three answers."""
    recent = list(
        Meeting.objects.filter(series__group=group, cancelled=False)
        .annotate(answers=Count("reflections", distinct=True))
        .filter(answers__gte=MIN_ANSWERS)
        .order_by("-starts_at")[:meetings]
    )
    through = ReflectionAnswer.words.through
    marks = (
        through.objects.filter(reflectionanswer__meeting__in=recent)
        .values_list("reflectionanswer__meeting_id", "compassword__ring")
        .annotate(n=Count("id"))
    )
    per_meeting: dict[int, dict[str, int]] = {}
    for meeting_id, ring, count in marks:
        per_meeting.setdefault(meeting_id, {})[ring] = count
    points = []
    for meeting in reversed(recent):
        counts = per_meeting.get(meeting.pk, {})
        total = sum(counts.values()) or 1
        points.append(
            TrendPoint(
                meeting=meeting,
                answers=meeting.answers,
                shares={ring: counts.get(ring, 0) / total for ring in RINGS},
            )
        )
    return points


# --- Self-evaluation ----------------------------------------------------------------------


def evaluation_period(group: Group, today: date) -> str | None:
    """ "first" about six weeks after the hand-over, then one per term (spring, autumn)."""
    if group.handed_over_at is None:
        return None
    start = group.handed_over_at.date()
    if today < start + timedelta(weeks=6):
        return None
    if today < start + timedelta(weeks=12):
        return "first"
    return f"{today.year}-{'spring' if today.month <= 6 else 'autumn'}"


def evaluation_give(*, group: Group, user: User, period: str, answers: dict[str, object]) -> None:
    try:
        with transaction.atomic():
            EvaluationMarker.objects.create(digest=_digest("evaluation", group.pk, period, user.pk))
            EvaluationAnswer.objects.create(group=group, period=period, **answers)
    except IntegrityError:
        raise AlreadyAnswered from None


def has_evaluated(*, group: Group, user: User, period: str) -> bool:
    return EvaluationMarker.objects.filter(
        digest=_digest("evaluation", group.pk, period, user.pk)
    ).exists()


def evaluation_summary(group: Group, period: str) -> tuple[int, dict[str, float] | None, list[str]]:
    """(answers, averages, wishes for change in random order) — withheld below three."""
    answers = EvaluationAnswer.objects.filter(group=group, period=period)
    count = answers.count()
    if count < MIN_ANSWERS:
        return count, None, []
    averages = answers.aggregate(
        safe=Avg("safe"), time=Avg("time"), language=Avg("language"), notice=Avg("notice")
    )
    changes = [text for text in answers.values_list("change", flat=True) if text.strip()]
    random.shuffle(changes)
    return count, averages, changes
