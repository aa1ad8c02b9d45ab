"""The self-evaluation: about six weeks after the hand-over and then each term, once per member,
open for fourteen days from its first answer."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from selvhjelp.groups.models import Group
from selvhjelp.groups.services import NotAllowed
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.reflection.models import Evaluation
from selvhjelp.reflection.selectors import (
    evaluation_open_period,
    evaluation_period,
    evaluation_summary,
)
from selvhjelp.reflection.services import (
    AlreadyAnswered,
    NotOpen,
    evaluation_give,
    reflections_close_due,
)
from tests.reflection.conftest import at

pytestmark = pytest.mark.django_db

ANSWERS = {"safe": 4, "time": 3, "language": 5, "notice": 4, "change": ""}


def test_self_evaluation_opens_six_weeks_after_the_hand_over_and_each_term(group) -> None:
    handed = datetime(2027, 1, 4, 12, tzinfo=OSLO)
    Group.objects.filter(pk=group.pk).update(handed_over_at=handed)
    group.refresh_from_db()
    assert evaluation_period(group, date(2027, 2, 1)) is None
    assert evaluation_period(group, date(2027, 2, 16)) == "first"
    assert evaluation_period(group, date(2027, 5, 1)) == "2027-spring"
    assert evaluation_period(group, date(2027, 9, 1)) == "2027-autumn"


def test_a_member_answers_once_and_only_for_the_period_now(group, five, outsider) -> None:
    with at(2027, 3, 1, 21):
        evaluation_give(group=group, user=five[0], period="first", answers=ANSWERS)
        with pytest.raises(AlreadyAnswered):
            evaluation_give(group=group, user=five[0], period="first", answers=ANSWERS)
        with pytest.raises(NotOpen):
            evaluation_give(group=group, user=five[1], period="2027-spring", answers=ANSWERS)
        with pytest.raises(NotAllowed):
            evaluation_give(group=group, user=outsider, period="first", answers=ANSWERS)
        with pytest.raises(ValueError):  # noqa: PT011 - the scale is 1 to 5
            evaluation_give(
                group=group, user=five[1], period="first", answers={**ANSWERS, "safe": 9}
            )
    assert evaluation_summary(group, "first").answers == 1


def test_a_self_evaluation_begun_late_in_a_period_runs_its_fourteen_days(group, five) -> None:
    # The first period ends on 4 April; one begun on 1 April stays open to 15 April.
    with at(2027, 4, 1, 21):
        evaluation_give(group=group, user=five[0], period="first", answers=ANSWERS)
    with at(2027, 4, 10, 12):
        assert evaluation_period(group, date(2027, 4, 10)) == "2027-spring"
        assert evaluation_open_period(group, date(2027, 4, 10)) == "first"
        evaluation_give(group=group, user=five[1], period="first", answers=ANSWERS)
        with pytest.raises(NotOpen):
            evaluation_give(group=group, user=five[2], period="2027-spring", answers=ANSWERS)
    assert evaluation_summary(group, "first").last_day == date(2027, 4, 15)
    with at(2027, 4, 16, 0):
        assert reflections_close_due() == 1
        assert evaluation_open_period(group, date(2027, 4, 16)) == "2027-spring"
        evaluation_give(group=group, user=five[2], period="2027-spring", answers=ANSWERS)
    assert list(Evaluation.objects.order_by("period").values_list("period", "closed")) == [
        ("2027-spring", False),
        ("first", True),
    ]


def test_the_page_takes_answers_and_then_shows_the_closed_result(group, five, client_for) -> None:
    path = f"/grupper/{group.code}/inne/evaluering/"
    with at(2027, 3, 1, 21):
        for person in five[:3]:
            client_for(person).post(
                path, {"safe": 4, "time": 3, "language": 5, "notice": 2, "change": "Mer tid"}
            )
        page = client_for(five[0]).get(path).content.decode()
        assert "Du har svart denne gangen." in page
        assert "Mer tid" not in page
    with at(2027, 3, 16, 0):
        reflections_close_due()
        page = client_for(five[0]).get(path).content.decode()
    assert "Mer tid" in page
    assert "<form" not in page.split('id="summary-heading"')[0].split("<main")[-1]


def test_before_the_first_period_the_page_says_when_it_opens(group, member, client_for) -> None:
    with at(2027, 2, 1, 12):
        response = client_for(member).get(f"/grupper/{group.code}/inne/evaluering/")
    assert response.status_code == 302
    assert response.url == f"/grupper/{group.code}/inne/refleksjon/"
