"""The compass words, and giving and closing anonymous reflections and self-evaluations.

How nothing stored can pair an answer with a person is told in `reflection/models.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone, translation

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group
from selvhjelp.groups.selectors import is_member
from selvhjelp.groups.services import NotAllowed
from selvhjelp.meetings.models import Meeting
from selvhjelp.pages.content import COMPASS_RINGS
from selvhjelp.reflection.markers import marker, new_salt
from selvhjelp.reflection.models import (
    EVALUATION_OPEN_DAYS,
    MIN_ANSWERS,
    QUESTIONS,
    REFLECTION_OPEN,
    CompassVersion,
    CompassWord,
    Evaluation,
    Reflection,
    ReflectionTally,
    Scale,
)
from selvhjelp.reflection.selectors import RINGS, evaluation_period, everyone_answered
from selvhjelp.reflection.selectors import (
    reflection_trend as reflection_trend,  # tests/test_demo.py reads it from here
)


class AlreadyAnswered(Exception):
    """This member has already answered for this meeting or period."""


class NotOpen(Exception):
    """The reflection or self-evaluation does not take answers: not yet, or no longer."""


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


def _reflection_locked(meeting: Meeting) -> Reflection:
    """The meeting's reflection, locked; made on the first answer, with a tally of 0 for every
    word of the compass in use, in the compass's order, so no tally row is born of an answer."""
    reflection = Reflection.objects.select_for_update().filter(meeting=meeting).first()
    if reflection is not None:
        return reflection
    version = compass_current(meeting.series.group.contact_point)
    try:
        with transaction.atomic():
            reflection = Reflection.objects.create(
                meeting=meeting,
                version=version,
                closes_at=meeting.ends_at + REFLECTION_OPEN,
                salt=new_salt(),
            )
    except IntegrityError:  # another first answer made it at the same moment
        return Reflection.objects.select_for_update().get(meeting=meeting)
    ReflectionTally.objects.bulk_create(
        ReflectionTally(reflection=reflection, word=word)
        for word in version.words.order_by("ring", "position")
    )
    return reflection


def _answered_mark(
    answered: Reflection | Evaluation, *, user: User, now: datetime
) -> bytes | memoryview:
    """Mark that the person answered this open round (its row locked), or refuse: the round is
    closed, or the person's marker is already there. Returns the round's salt."""
    if answered.closed or now >= answered.closes_at:
        raise NotOpen
    assert answered.salt is not None  # open, so salted (a database constraint)
    try:
        with transaction.atomic():
            answered.markers.create(digest=marker(answered.salt, user.pk))
    except IntegrityError:
        raise AlreadyAnswered from None
    return answered.salt


def reflection_give(
    *, meeting: Meeting, user: User, word_ids: Iterable[int], now: datetime | None = None
) -> None:
    """Add one member's marks to the meeting's tallies, keeping nothing of whose they were.

    Every tally of the meeting is updated, by 1 or by 0, in one statement: the rows an answer
    touches do not tell which words it chose. `now` is for the demo, which answers in the past.
    """
    now = now or timezone.now()
    group = meeting.series.group
    if not is_member(group, user):
        raise NotAllowed
    if meeting.cancelled or meeting.starts_at > now:
        raise NotOpen
    with transaction.atomic():
        reflection = _reflection_locked(meeting)
        salt = _answered_mark(reflection, user=user, now=now)
        chosen = list(
            CompassWord.objects.filter(
                version=reflection.version_id, pk__in=list(word_ids)
            ).values_list("pk", flat=True)
        )
        reflection.tallies.update(
            count=F("count") + Case(When(word_id__in=chosen, then=Value(1)), default=Value(0))
        )
        Reflection.objects.filter(pk=reflection.pk).update(answers=F("answers") + 1)
        reflection.refresh_from_db()
        if everyone_answered(group, salt, reflection.markers.all()):
            _reflection_close(reflection)


def _overwrite_deleted() -> None:
    """SQLite keeps deleted bytes in the file until the space is reused, unless told to
    overwrite them (some builds do by default, others not): closing asks for it."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def _empty_the_log() -> None:
    """SQLite's write-ahead log in the data folder keeps the pages as they were, salts and
    markers included, until it is emptied: copy them into the database and truncate it. When
    someone is reading at that moment the log is not emptied, and the next run tries again."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _reflection_close(reflection: Reflection) -> None:
    """Close a locked reflection: the salt and the markers go, and below three answers the
    tallies too, since they would never be shown."""
    _overwrite_deleted()
    Reflection.objects.filter(pk=reflection.pk).update(closed=True, salt=None)
    reflection.markers.all().delete()
    if reflection.answers < MIN_ANSWERS:
        reflection.tallies.all().delete()
    else:
        # Rewritten by the closing, so no tally keeps the last answer as its last writer.
        reflection.tallies.update(count=F("count"))


# --- Self-evaluation ----------------------------------------------------------------------


def _evaluation_locked(group: Group, period: str, now: datetime) -> Evaluation:
    """The period's self-evaluation, locked; made on its first answer, if it is the period
    members answer for now. It closes at the end of the fourteenth day after: a date, not the
    moment of the first answer."""
    evaluation = Evaluation.objects.select_for_update().filter(group=group, period=period).first()
    if evaluation is not None:
        return evaluation
    today = timezone.localdate(now)
    if (
        period != evaluation_period(group, today)
        or Evaluation.objects.filter(group=group, closed=False).exists()
    ):
        raise NotOpen
    closes_on = today + timedelta(days=EVALUATION_OPEN_DAYS + 1)
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                group=group,
                period=period,
                closes_at=timezone.make_aware(datetime.combine(closes_on, time.min)),
                salt=new_salt(),
            )
    except IntegrityError:  # another first answer made it at the same moment
        return Evaluation.objects.select_for_update().get(group=group, period=period)


def evaluation_give(
    *,
    group: Group,
    user: User,
    period: str,
    answers: Mapping[str, object],
    now: datetime | None = None,
) -> None:
    """Add one member's answers to the period's sums, and their wish for change, if any, to
    the others in alphabetical order."""
    now = now or timezone.now()
    scores: dict[str, int] = {}
    for question in QUESTIONS:
        score = answers[question]
        if not isinstance(score, int) or score not in Scale.values:
            raise ValueError(question)
        scores[question] = score
    wish = str(answers.get("change") or "").strip()
    if not is_member(group, user):
        raise NotAllowed
    with transaction.atomic():
        evaluation = _evaluation_locked(group, period, now)
        salt = _answered_mark(evaluation, user=user, now=now)
        # Kept sorted: the list's order is then a function of its content, not of who came when.
        wishes = sorted([*evaluation.wishes, wish] if wish else evaluation.wishes)
        Evaluation.objects.filter(pk=evaluation.pk).update(
            answers=F("answers") + 1,
            wishes=wishes,
            **{question: F(question) + score for question, score in scores.items()},
        )
        evaluation.refresh_from_db()
        if everyone_answered(group, salt, evaluation.markers.all()):
            _evaluation_close(evaluation)


def _evaluation_close(evaluation: Evaluation) -> None:
    """Close a locked self-evaluation: the salt and the markers go, and below three answers
    the sums and the wishes too, since they would never be shown."""
    erase = evaluation.answers < MIN_ANSWERS
    _overwrite_deleted()
    Evaluation.objects.filter(pk=evaluation.pk).update(
        closed=True,
        salt=None,
        **({"wishes": [], **{question: 0 for question in QUESTIONS}} if erase else {}),
    )
    evaluation.markers.all().delete()


# --- Closing ------------------------------------------------------------------------------


def reflections_close_due(*, now: datetime | None = None) -> int:
    """The periodic job: close reflections and self-evaluations whose time is up or whose
    group has answered to the last member; closing twice changes nothing. On SQLite it then
    empties the write-ahead log, which still holds earlier states of open reflections and of
    those closed since its last run (also those closed by their last member's answer)."""
    now = now or timezone.now()
    closed = 0
    for pk in Reflection.objects.filter(closed=False).values_list("pk", flat=True):
        with transaction.atomic():
            reflection = (
                Reflection.objects.select_for_update()
                .select_related("meeting__series__group")
                .get(pk=pk)
            )
            if reflection.closed or reflection.salt is None:
                continue
            group = reflection.meeting.series.group
            if reflection.closes_at <= now or everyone_answered(
                group, reflection.salt, reflection.markers.all()
            ):
                _reflection_close(reflection)
                closed += 1
    for pk in Evaluation.objects.filter(closed=False).values_list("pk", flat=True):
        with transaction.atomic():
            evaluation = Evaluation.objects.select_for_update().select_related("group").get(pk=pk)
            if evaluation.closed or evaluation.salt is None:
                continue
            if evaluation.closes_at <= now or everyone_answered(
                evaluation.group, evaluation.salt, evaluation.markers.all()
            ):
                _evaluation_close(evaluation)
                closed += 1
    _empty_the_log()
    return closed
