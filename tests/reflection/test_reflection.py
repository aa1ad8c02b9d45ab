from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import models
from django.utils import timezone

from selvhjelp.groups.models import Group
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.reflection.models import (
    CompassWord,
    EvaluationAnswer,
    EvaluationMarker,
    ReflectionAnswer,
    ReflectionMarker,
)
from selvhjelp.reflection.services import (
    AlreadyAnswered,
    compass_current,
    compass_save,
    evaluation_give,
    evaluation_period,
    evaluation_summary,
    reflection_give,
    reflection_summary,
    reflection_trend,
)
from tests.conftest import meet_weekly, members_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(running_group: Group) -> Group:
    """The running group, meeting on Mondays at 18:00 from 1 March 2027."""
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=OSLO), tick=False):
        meet_weekly(running_group)
    return running_group


def _words(group, *texts):
    version = compass_current(group.contact_point)
    return [w.pk for w in CompassWord.objects.filter(version=version, text_nb__in=texts)]


PERSONAL = (settings.AUTH_USER_MODEL.lower(), "groups.membership", "accounts.user")


@pytest.mark.parametrize(
    "model", [ReflectionAnswer, ReflectionMarker, EvaluationAnswer, EvaluationMarker]
)
def test_no_reflection_or_evaluation_table_has_a_column_that_leads_to_a_person(model) -> None:
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is not None:
            assert related._meta.label_lower not in PERSONAL, (model, field.name)
        assert not isinstance(field, models.DateTimeField | models.DateField), (model, field.name)
        assert field.name not in {"user", "member", "author", "voter", "created_by"}
    assert isinstance(model._meta.pk, models.UUIDField), "ids must not tell the order of answers"


def test_the_aggregate_is_withheld_below_three_answers(group) -> None:
    meeting = Meeting.objects.earliest("starts_at")
    first, second, third = members_of(group)
    reflection_give(meeting=meeting, user=first, word_ids=_words(group, "lytte", "gi råd"))
    reflection_give(meeting=meeting, user=second, word_ids=_words(group, "lytte"))
    assert reflection_summary(meeting) == (2, None)
    reflection_give(meeting=meeting, user=third, word_ids=_words(group, "lytte", "respekt"))
    count, summary = reflection_summary(meeting)
    assert count == 3
    assert summary is not None
    assert {item.word.text_nb: item.count for item in summary} == {
        "lytte": 3,
        "gi råd": 1,
        "respekt": 1,
    }


def test_a_second_answer_by_the_same_member_is_refused(group, member) -> None:
    meeting = Meeting.objects.earliest("starts_at")
    reflection_give(meeting=meeting, user=member, word_ids=_words(group, "lytte"))
    with pytest.raises(AlreadyAnswered):
        reflection_give(meeting=meeting, user=member, word_ids=_words(group, "dømme"))
    assert ReflectionAnswer.objects.count() == 1


def test_a_new_compass_version_leaves_earlier_reflections_with_their_words(
    group, member, coordinator
) -> None:
    meeting = Meeting.objects.earliest("starts_at")
    reflection_give(meeting=meeting, user=member, word_ids=_words(group, "lytte"))
    compass_save(
        contact_point=group.contact_point,
        rings={"inner": ["nær"], "middle": ["vennlighet"], "outer": ["kritikk"]},
        by=coordinator,
    )
    assert [w.text_nb for w in ReflectionAnswer.objects.get().words.all()] == ["lytte"]
    assert set(compass_current(group.contact_point).words.values_list("text_nb", flat=True)) == {
        "nær",
        "vennlighet",
        "kritikk",
    }


def test_the_trend_shows_meetings_with_three_answers_or_more(group) -> None:
    first, second = Meeting.objects.order_by("starts_at")[:2]
    people = members_of(group)
    for person in people[:3]:
        reflection_give(meeting=first, user=person, word_ids=_words(group, "lytte", "gi råd"))
    for person in people[:2]:
        reflection_give(meeting=second, user=person, word_ids=_words(group, "lytte"))
    points = reflection_trend(group)
    assert [p.meeting for p in points] == [first]
    assert points[0].shares["middle"] == pytest.approx(0.5)
    assert points[0].shares["outer"] == pytest.approx(0.5)


def test_self_evaluation_opens_six_weeks_after_the_hand_over_and_each_term(group) -> None:
    handed = datetime(2027, 1, 4, 12, tzinfo=OSLO)
    Group.objects.filter(pk=group.pk).update(handed_over_at=handed)
    group.refresh_from_db()
    assert evaluation_period(group, date(2027, 2, 1)) is None
    assert evaluation_period(group, date(2027, 2, 16)) == "first"
    assert evaluation_period(group, date(2027, 5, 1)) == "2027-spring"
    assert evaluation_period(group, date(2027, 9, 1)) == "2027-autumn"


def test_self_evaluation_is_anonymous_once_per_period_and_withheld_below_three(group) -> None:
    people = members_of(group)
    answers = {"safe": 4, "time": 3, "language": 5, "notice": 4, "change": ""}
    evaluation_give(
        group=group, user=people[0], period="first", answers={**answers, "change": "Kortere pauser"}
    )
    with pytest.raises(AlreadyAnswered):
        evaluation_give(group=group, user=people[0], period="first", answers=answers)
    evaluation_give(group=group, user=people[1], period="first", answers=answers)
    assert evaluation_summary(group, "first") == (2, None, [])
    evaluation_give(group=group, user=people[2], period="first", answers={**answers, "safe": 1})
    count, averages, changes = evaluation_summary(group, "first")
    assert count == 3
    assert averages is not None
    assert averages["safe"] == pytest.approx(3.0)
    assert changes == ["Kortere pauser"]


def test_the_pages_work_for_members_and_are_404_for_outsiders(
    group, member, client_for, outsider
) -> None:
    meeting = Meeting.objects.earliest("starts_at")
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    Group.objects.filter(pk=group.pk).update(handed_over_at=timezone.now() - timedelta(weeks=7))
    client = client_for(member)
    base = f"/grupper/{group.code}/inne/"
    assert client.get(f"{base}moter/{meeting.code}/motemodus/").status_code == 200
    client.post(f"{base}moter/{meeting.code}/refleksjon/", {"word": _words(group, "lytte")})
    assert ReflectionAnswer.objects.count() == 1
    assert client.get(f"{base}refleksjon/").status_code == 200
    assert client.get(f"{base}evaluering/").status_code == 200
    for path in (
        f"moter/{meeting.code}/motemodus/",
        f"moter/{meeting.code}/refleksjon/",
        "refleksjon/",
        "evaluering/",
    ):
        assert client_for(outsider).get(base + path).status_code == 404


def test_a_coordinator_replaces_the_compass_words(coordinator, contact_point, client_for) -> None:
    client = client_for(coordinator)
    path = f"/kontaktpunkt/{contact_point.slug}/samtalekompass/"
    assert "lytte" in client.get(path).content.decode()
    client.post(path, {"inner": "her og nå", "middle": "lytte\nvarme", "outer": "råd"})
    words = compass_current(contact_point).words.values_list("ring", "text_nb")
    assert list(words) == [
        ("inner", "her og nå"),
        ("middle", "lytte"),
        ("middle", "varme"),
        ("outer", "råd"),
    ]
