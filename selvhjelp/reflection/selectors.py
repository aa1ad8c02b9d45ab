"""What the group may see of its reflections and self-evaluations: how many have answered while
one is open, the result only once it has closed with at least three answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group
from selvhjelp.groups.selectors import member_ids
from selvhjelp.meetings.models import Meeting
from selvhjelp.reflection.markers import marker
from selvhjelp.reflection.models import (
    MIN_ANSWERS,
    QUESTIONS,
    REFLECTION_OPEN,
    CompassVersion,
    CompassWord,
    Evaluation,
    EvaluationMarker,
    Reflection,
    ReflectionMarker,
    ReflectionTally,
    Ring,
)

RINGS = (Ring.INNER, Ring.MIDDLE, Ring.OUTER)


def everyone_answered(
    group: Group,
    salt: bytes | memoryview,
    markers: QuerySet[ReflectionMarker] | QuerySet[EvaluationMarker],
) -> bool:
    """Whether every member of the group now has a marker (a group with none has not)."""
    digests = {marker(salt, user_id) for user_id in member_ids(group)}
    return bool(digests) and markers.filter(digest__in=digests).count() == len(digests)


# --- Reflection on a meeting --------------------------------------------------------------


def reflection_closes_at(meeting: Meeting) -> datetime:
    reflection = Reflection.objects.filter(meeting=meeting).only("closes_at").first()
    return reflection.closes_at if reflection else meeting.ends_at + REFLECTION_OPEN


def reflection_version(meeting: Meeting) -> CompassVersion | None:
    """The compass words the meeting's reflection was opened with, if it has been."""
    reflection = Reflection.objects.filter(meeting=meeting).select_related("version").first()
    return reflection.version if reflection else None


def reflections_open(group: Group, *, now: datetime) -> list[Meeting]:
    """The group's meetings that still take reflections, the latest first: begun, not
    cancelled, and neither past their reflection's six days nor closed by everyone answering.
    Once a meeting has ended the meetings page no longer lists it, so this is the way back."""
    return list(
        Meeting.objects.filter(
            series__group=group,
            cancelled=False,
            starts_at__lte=now,
            ends_at__gt=now - REFLECTION_OPEN,
        )
        .exclude(reflection__closed=True)
        .order_by("-starts_at")
    )


def reflected_among(meetings: list[Meeting], *, user: User) -> set[int]:
    """Which of these meetings' open reflections the member has answered, as meeting ids: two
    queries, however many meetings."""
    reflections = Reflection.objects.filter(
        meeting__in=meetings, closed=False, salt__isnull=False
    ).values_list("pk", "salt")
    mine = Q()
    for pk, salt in reflections:
        if salt is not None:  # an open reflection has one (OPEN_HAS_SALT)
            mine |= Q(reflection_id=pk, digest=marker(salt, user.pk))
    if not mine:
        return set()
    return set(
        ReflectionMarker.objects.filter(mine).values_list("reflection__meeting_id", flat=True)
    )


def has_reflected(*, meeting: Meeting, user: User) -> bool:
    """Whether the member has answered the open reflection; once closed nobody can tell."""
    reflection = Reflection.objects.filter(meeting=meeting, closed=False).first()
    if reflection is None or reflection.salt is None:
        return False
    return reflection.markers.filter(digest=marker(reflection.salt, user.pk)).exists()


@dataclass(frozen=True)
class WordCount:
    word: CompassWord
    count: int


@dataclass(frozen=True)
class ReflectionResult:
    answers: int
    closes_at: datetime
    closed: bool
    # Only when closed with at least three answers: every marked word with its count.
    words: list[WordCount] | None

    @property
    def open(self) -> bool:
        return not self.closed and timezone.now() < self.closes_at


def reflection_summary(meeting: Meeting) -> ReflectionResult:
    """How many answered; which words, how often, only once closed and from three answers."""
    reflection = Reflection.objects.filter(meeting=meeting).first()
    if reflection is None:
        return ReflectionResult(
            answers=0, closes_at=meeting.ends_at + REFLECTION_OPEN, closed=False, words=None
        )
    words = None
    if reflection.closed and reflection.answers >= MIN_ANSWERS:
        tallies = reflection.tallies.filter(count__gt=0).select_related("word")
        words = [
            WordCount(word=tally.word, count=tally.count)
            for tally in sorted(tallies, key=lambda t: (t.word.ring, t.word.position))
        ]
    return ReflectionResult(
        answers=reflection.answers,
        closes_at=reflection.closes_at,
        closed=reflection.closed,
        words=words,
    )


@dataclass(frozen=True)
class TrendPoint:
    meeting: Meeting
    answers: int
    shares: dict[str, float]  # ring → share of all marks


def reflection_trend(group: Group, *, meetings: int = 8) -> list[TrendPoint]:
    """The share of marks per ring over recent closed reflections with three answers or more."""
    recent = list(
        Reflection.objects.filter(
            meeting__series__group=group,
            meeting__cancelled=False,
            closed=True,
            answers__gte=MIN_ANSWERS,
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at")[:meetings]
    )
    marks = (
        ReflectionTally.objects.filter(reflection__in=recent)
        .values_list("reflection_id", "word__ring")
        .annotate(n=Sum("count"))
    )
    per_reflection: dict[int, dict[str, int]] = {}
    for reflection_id, ring, count in marks:
        per_reflection.setdefault(reflection_id, {})[ring] = count
    points = []
    for reflection in reversed(recent):
        counts = per_reflection.get(reflection.pk, {})
        total = sum(counts.values()) or 1
        points.append(
            TrendPoint(
                meeting=reflection.meeting,
                answers=reflection.answers,
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


def evaluation_open_period(group: Group, today: date) -> str | None:
    """The period members answer for now: one still open (it may have begun in the period
    before), else the current period unless its self-evaluation has closed."""
    still_open = Evaluation.objects.filter(group=group, closed=False).first()
    if still_open is not None:
        return still_open.period
    period = evaluation_period(group, today)
    if period is None or Evaluation.objects.filter(group=group, period=period).exists():
        return None
    return period


def has_evaluated(*, group: Group, user: User, period: str) -> bool:
    """Whether the member has answered the open self-evaluation; once closed nobody can tell."""
    evaluation = Evaluation.objects.filter(group=group, period=period, closed=False).first()
    if evaluation is None or evaluation.salt is None:
        return False
    return evaluation.markers.filter(digest=marker(evaluation.salt, user.pk)).exists()


@dataclass(frozen=True)
class EvaluationResult:
    period: str
    answers: int
    closes_at: datetime | None  # None until the first answer opens it
    closed: bool
    # Only when closed with at least three answers.
    averages: dict[str, float] | None
    wishes: list[str]

    @property
    def last_day(self) -> date | None:
        """The last day it takes answers (it closes at the start of the next)."""
        if self.closes_at is None:
            return None
        return timezone.localdate(self.closes_at) - timedelta(days=1)


def evaluation_summary(group: Group, period: str) -> EvaluationResult:
    """How many answered; the averages and the wishes only once closed and from three."""
    evaluation = Evaluation.objects.filter(group=group, period=period).first()
    if evaluation is None:
        return EvaluationResult(
            period=period, answers=0, closes_at=None, closed=False, averages=None, wishes=[]
        )
    shown = evaluation.closed and evaluation.answers >= MIN_ANSWERS
    return EvaluationResult(
        period=period,
        answers=evaluation.answers,
        closes_at=evaluation.closes_at,
        closed=evaluation.closed,
        averages=(
            {question: getattr(evaluation, question) / evaluation.answers for question in QUESTIONS}
            if shown
            else None
        ),
        wishes=list(evaluation.wishes) if shown else [],
    )


def evaluation_latest_closed(group: Group) -> str | None:
    """The period of the group's most recently closed self-evaluation."""
    latest = Evaluation.objects.filter(group=group, closed=True).order_by("-closes_at").first()
    return latest.period if latest else None
