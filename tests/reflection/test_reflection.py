"""Reflections after a meeting: who may answer and when, closing, the result, the trend and the
compass words; the pages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from selvhjelp.groups.models import Group
from selvhjelp.groups.services import NotAllowed
from selvhjelp.groups.services.membership import membership_leave
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.reflection.models import Reflection, ReflectionTally
from selvhjelp.reflection.selectors import has_reflected, reflection_summary, reflection_trend
from selvhjelp.reflection.services import (
    AlreadyAnswered,
    NotOpen,
    compass_current,
    compass_save,
    reflection_give,
    reflections_close_due,
)
from tests.concurrency import at_once
from tests.conftest import members_of
from tests.queries import assert_queries_do_not_grow
from tests.reflection.conftest import at, first_meeting, words

pytestmark = pytest.mark.django_db


def _marked(meeting: Meeting) -> dict[str, int]:
    result = reflection_summary(meeting)
    assert result.words is not None
    return {item.word.text_nb: item.count for item in result.words}


def test_a_reflection_takes_answers_from_the_start_of_the_meeting_until_six_days_after_it(
    group, member
) -> None:
    meeting = first_meeting()
    with at(2027, 3, 1, 17), pytest.raises(NotOpen):
        reflection_give(meeting=meeting, user=member, word_ids=words(group, "lytte"))
    with at(2027, 3, 7, 20), pytest.raises(NotOpen):
        reflection_give(meeting=meeting, user=member, word_ids=words(group, "lytte"))
    with at(2027, 3, 7, 19):
        reflection_give(meeting=meeting, user=member, word_ids=words(group, "lytte"))
        assert reflection_summary(meeting).closes_at == meeting.ends_at + timedelta(days=6)


def test_only_members_answer(group, outsider, initiator) -> None:
    with at(2027, 3, 1, 21):
        for person in (outsider, initiator):
            with pytest.raises(NotAllowed):
                reflection_give(meeting=first_meeting(), user=person, word_ids=[])
    assert not Reflection.objects.exists()


def test_a_cancelled_meeting_takes_no_reflection(group, member) -> None:
    Meeting.objects.filter(pk=first_meeting().pk).update(cancelled=True)
    with at(2027, 3, 1, 21), pytest.raises(NotOpen):
        reflection_give(meeting=first_meeting(), user=member, word_ids=[])


def test_a_second_answer_by_the_same_member_is_refused(group, member) -> None:
    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        reflection_give(meeting=meeting, user=member, word_ids=words(group, "lytte"))
        assert has_reflected(meeting=meeting, user=member)
        with pytest.raises(AlreadyAnswered):
            reflection_give(meeting=meeting, user=member, word_ids=words(group, "dømme"))
    assert reflection_summary(meeting).answers == 1
    assert set(ReflectionTally.objects.filter(count__gt=0).values_list("count", flat=True)) == {1}


def test_the_reflection_closes_when_every_member_has_answered(group) -> None:
    meeting = first_meeting()
    first, second, third = members_of(group)
    with at(2027, 3, 1, 21):
        reflection_give(meeting=meeting, user=first, word_ids=words(group, "lytte", "gi råd"))
        reflection_give(meeting=meeting, user=second, word_ids=words(group, "lytte"))
        assert not reflection_summary(meeting).closed
        reflection_give(meeting=meeting, user=third, word_ids=words(group, "lytte", "respekt"))
    assert reflection_summary(meeting).closed
    assert _marked(meeting) == {"lytte": 3, "gi råd": 1, "respekt": 1}


def test_a_member_who_leaves_does_not_keep_the_reflection_open(group, five) -> None:
    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        for person in five[:4]:
            reflection_give(meeting=meeting, user=person, word_ids=words(group, "lytte"))
        assert reflections_close_due() == 0
        membership_leave(group=group, user=five[4])
        assert reflections_close_due() == 1
    assert _marked(meeting) == {"lytte": 4}


def test_at_closing_below_three_answers_the_tallies_are_erased(group) -> None:
    meeting = first_meeting()
    first, second, _third = members_of(group)
    with at(2027, 3, 1, 21):
        reflection_give(meeting=meeting, user=first, word_ids=words(group, "lytte"))
        reflection_give(meeting=meeting, user=second, word_ids=words(group, "gi råd"))
    with at(2027, 3, 8, 9):
        assert reflections_close_due() == 1
    result = reflection_summary(meeting)
    assert (result.closed, result.answers, result.words) == (True, 2, None)
    assert not ReflectionTally.objects.exists()


def test_closing_is_idempotent(group, five) -> None:
    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        for person in five[:3]:
            reflection_give(meeting=meeting, user=person, word_ids=words(group, "lytte"))
    with at(2027, 3, 8, 9):
        assert reflections_close_due() == 1
        assert reflections_close_due() == 0
    assert _marked(meeting) == {"lytte": 3}


@pytest.mark.django_db(transaction=True)
def test_members_answering_at_the_same_moment_are_each_counted_once(group, five) -> None:
    meeting = first_meeting()
    listening = words(group, "lytte")
    with at(2027, 3, 1, 21):
        outcomes = at_once(
            lambda person: reflection_give(meeting=meeting, user=person, word_ids=listening),
            [*five[:4], five[0]],
        )
    assert sum(isinstance(outcome, AlreadyAnswered) for outcome in outcomes) == 1
    assert sum(outcome is None for outcome in outcomes) == 4
    result = reflection_summary(meeting)
    assert (result.answers, result.closed) == (4, False)
    assert ReflectionTally.objects.get(word__text_nb="lytte").count == 4


def test_an_open_reflection_keeps_the_words_it_was_opened_with(group, five, coordinator) -> None:
    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        reflection_give(meeting=meeting, user=five[0], word_ids=words(group, "lytte"))
        compass_save(
            contact_point=group.contact_point,
            rings={"inner": ["nær"], "middle": ["vennlighet"], "outer": ["kritikk"]},
            by=coordinator,
        )
        new_word = compass_current(group.contact_point).words.get(text_nb="vennlighet").pk
        reflection_give(meeting=meeting, user=five[1], word_ids=[new_word])
        reflection_give(meeting=meeting, user=five[2], word_ids=[])
    with at(2027, 3, 8, 9):
        reflections_close_due()
    assert _marked(meeting) == {"lytte": 1}
    assert set(compass_current(group.contact_point).words.values_list("text_nb", flat=True)) == {
        "nær",
        "vennlighet",
        "kritikk",
    }


def test_the_trend_shows_closed_reflections_with_three_answers_or_more(group, five) -> None:
    first, second, third = Meeting.objects.order_by("starts_at")[:3]
    with at(2027, 3, 1, 21):
        for person in five[:3]:
            reflection_give(meeting=first, user=person, word_ids=words(group, "lytte", "gi råd"))
    with at(2027, 3, 8, 21):
        for person in five[:2]:
            reflection_give(meeting=second, user=person, word_ids=words(group, "lytte"))
    with at(2027, 3, 15, 21):
        reflections_close_due()
        for person in five[:4]:
            reflection_give(meeting=third, user=person, word_ids=words(group, "lytte"))
        points = reflection_trend(group)
    assert [p.meeting for p in points] == [first]
    assert points[0].answers == 3
    assert points[0].shares["middle"] == pytest.approx(0.5)
    assert points[0].shares["outer"] == pytest.approx(0.5)
    with at(2027, 3, 22, 9):
        reflections_close_due()
        assert [p.meeting for p in reflection_trend(group)] == [first, third]


def test_the_trend_chart_has_a_legend_naming_the_colour_of_each_ring(
    group, five, client_for
) -> None:
    first = first_meeting()
    with at(2027, 3, 1, 21):
        for person in five[:3]:
            reflection_give(meeting=first, user=person, word_ids=words(group, "lytte", "gi råd"))
    with at(2027, 3, 8, 21):
        reflections_close_due()
        html = client_for(five[0]).get(f"/grupper/{group.code}/inne/refleksjon/").content.decode()
    legend = html[html.index('<ul class="chart-legend"') : html.index("</figcaption>")]
    for ring, name in (("inner", "Indre ring"), ("middle", "Midtre ring"), ("outer", "Ytre ring")):
        assert f'<rect class="chart__bar--{ring}"' in legend
        assert name in legend
        assert f'class="chart__bar--{ring}"' in html[: html.index("</svg>")]


def test_the_pages_work_for_members_and_are_404_for_outsiders(
    group, member, client_for, outsider
) -> None:
    meeting = first_meeting()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    Group.objects.filter(pk=group.pk).update(handed_over_at=timezone.now() - timedelta(weeks=7))
    client = client_for(member)
    base = f"/grupper/{group.code}/inne/"
    assert client.get(f"{base}moter/{meeting.code}/motemodus/").status_code == 200
    client.post(f"{base}moter/{meeting.code}/refleksjon/", {"word": words(group, "lytte")})
    assert Reflection.objects.get().answers == 1
    page = client.get(f"{base}moter/{meeting.code}/refleksjon/").content.decode()
    assert 'name="word"' not in page
    assert client.get(f"{base}refleksjon/").status_code == 200
    assert client.get(f"{base}evaluering/").status_code == 200
    for path in (
        f"moter/{meeting.code}/motemodus/",
        f"moter/{meeting.code}/refleksjon/",
        "refleksjon/",
        "evaluering/",
    ):
        assert client_for(outsider).get(base + path).status_code == 404


def test_a_closed_reflection_shows_its_result_and_no_form(group, five, client_for) -> None:
    meeting = first_meeting()
    with at(2027, 3, 1, 21):
        for person in five[:3]:
            reflection_give(meeting=meeting, user=person, word_ids=words(group, "lytte"))
    with at(2027, 3, 8, 9):
        reflections_close_due()
        client = client_for(five[4])
        path = f"/grupper/{group.code}/inne/moter/{meeting.code}/refleksjon/"
        page = client.get(path).content.decode()
        assert 'name="word"' not in page
        assert "<table" in page
        client.post(path, {"word": words(group, "gi råd")})
    assert _marked(meeting) == {"lytte": 3}


def test_a_coordinator_replaces_the_compass_words(coordinator, contact_point, client_for) -> None:
    client = client_for(coordinator)
    path = f"/kontaktpunkt/{contact_point.slug}/samtalekompass/"
    assert "lytte" in client.get(path).content.decode()
    client.post(path, {"inner": "her og nå", "middle": "lytte\nvarme", "outer": "råd"})
    words_now = compass_current(contact_point).words.values_list("ring", "text_nb")
    assert list(words_now) == [
        ("inner", "her og nå"),
        ("middle", "lytte"),
        ("middle", "varme"),
        ("outer", "råd"),
    ]


def test_after_a_meeting_its_reflection_is_found_on_the_reflection_page_until_it_closes(
    group, member, client_for
) -> None:
    meeting = first_meeting()
    link = f'href="/grupper/{group.code}/inne/moter/{meeting.code}/refleksjon/"'
    page = f"/grupper/{group.code}/inne/refleksjon/"
    with at(2027, 3, 3, 12):
        client = client_for(member)
        # The meetings page lists coming meetings only; this is the way back to the last one.
        assert link not in client.get(f"/grupper/{group.code}/inne/moter/").content.decode()
        html = client.get(page).content.decode()
        assert link in html
        assert "du har svart" not in html
        reflection_give(meeting=meeting, user=member, word_ids=words(group, "lytte"))
        assert "du har svart" in client.get(page).content.decode()
    with at(2027, 3, 7, 21):
        assert link not in client_for(member).get(page).content.decode()


def test_the_reflection_page_runs_as_many_queries_for_three_open_reflections_as_for_one(
    group, member, client_for
) -> None:
    first, second, third = Meeting.objects.filter(series__group=group).order_by("starts_at")[:3]
    page = f"/grupper/{group.code}/inne/refleksjon/"
    with at(2027, 3, 16, 12):
        # Monday 15 March's reflection is open; those of 1 and 8 March have closed.
        reflection_give(meeting=third, user=member, word_ids=words(group, "lytte"))

        def two_more() -> None:
            for meeting, day in ((first, 13), (second, 14)):
                start = datetime(2027, 3, day, 18, tzinfo=OSLO)
                Meeting.objects.filter(pk=meeting.pk).update(
                    starts_at=start, ends_at=start + timedelta(hours=2)
                )
                meeting.refresh_from_db()
                reflection_give(meeting=meeting, user=member, word_ids=words(group, "lytte"))

        response = assert_queries_do_not_grow(client_for(member), page, two_more, at_most=14)
        assert response.content.decode().count("du har svart") == 3
