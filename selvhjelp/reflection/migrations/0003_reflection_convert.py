"""Carry the answers kept one row each into tallies, and close every reflection and
self-evaluation at once.

The old markers were keyed with the secret key alone and cannot become salted ones, so a
reflection left open would let everyone answer again; and its result was shown as it grew
anyway. Below three answers nothing is carried over, as closing would erase it.
"""

from collections import Counter
from datetime import timedelta

from django.db import migrations
from django.utils import timezone

MIN_ANSWERS = 3
REFLECTION_OPEN = timedelta(days=6)
QUESTIONS = ("safe", "time", "language", "notice")


def _version_for(apps, meeting, chosen):
    CompassVersion = apps.get_model("reflection", "CompassVersion")
    if chosen:
        return chosen[0].version
    contact_point = meeting.series.group.contact_point_id
    return (
        CompassVersion.objects.filter(contact_point_id=contact_point).order_by("-number").first()
        or CompassVersion.objects.filter(contact_point=None).order_by("-number").first()
        or CompassVersion.objects.order_by("pk").first()
    )


def forwards(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    ReflectionAnswer = apps.get_model("reflection", "ReflectionAnswer")
    Reflection = apps.get_model("reflection", "Reflection")
    ReflectionTally = apps.get_model("reflection", "ReflectionTally")
    CompassWord = apps.get_model("reflection", "CompassWord")
    EvaluationAnswer = apps.get_model("reflection", "EvaluationAnswer")
    Evaluation = apps.get_model("reflection", "Evaluation")
    meeting_ids = set(ReflectionAnswer.objects.values_list("meeting_id", flat=True))
    for meeting in Meeting.objects.filter(pk__in=meeting_ids).select_related("series__group"):
        answers = ReflectionAnswer.objects.filter(meeting=meeting)
        counts = Counter(
            word_id for answer in answers for word_id in answer.words.values_list("pk", flat=True)
        )
        chosen = list(CompassWord.objects.filter(pk__in=counts).select_related("version"))
        version = _version_for(apps, meeting, chosen)
        if version is None:
            continue
        reflection = Reflection.objects.create(
            meeting=meeting,
            version=version,
            closes_at=meeting.ends_at + REFLECTION_OPEN,
            closed=True,
            salt=None,
            answers=answers.count(),
        )
        if reflection.answers < MIN_ANSWERS:
            continue
        words = list(version.words.order_by("ring", "position"))
        words += [word for word in chosen if word.version_id != version.pk]
        ReflectionTally.objects.bulk_create(
            ReflectionTally(reflection=reflection, word=word, count=counts.get(word.pk, 0))
            for word in words
        )
    periods = set(EvaluationAnswer.objects.values_list("group_id", "period"))
    for group_id, period in periods:
        answers = list(EvaluationAnswer.objects.filter(group_id=group_id, period=period))
        enough = len(answers) >= MIN_ANSWERS
        wishes = sorted(answer.change.strip() for answer in answers if answer.change.strip())
        Evaluation.objects.create(
            group_id=group_id,
            period=period,
            closes_at=timezone.now(),
            closed=True,
            salt=None,
            answers=len(answers),
            wishes=wishes if enough else [],
            **{
                question: sum(getattr(answer, question) for answer in answers) if enough else 0
                for question in QUESTIONS
            },
        )
    ReflectionAnswer.objects.all().delete()
    EvaluationAnswer.objects.all().delete()
    apps.get_model("reflection", "ReflectionMarker").objects.all().delete()
    apps.get_model("reflection", "EvaluationMarker").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reflection", "0002_reflection_tallies")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
