"""Days staff type: an intake conversation's and the follow-up visit's. An intake's outcome is
erased by its date, so a day typed decades ahead once kept it for ever."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group, Intake
from selvhjelp.groups.services import OutOfRange
from selvhjelp.groups.services.handover import follow_up_plan
from selvhjelp.groups.services.membership import intake_record

pytestmark = pytest.mark.django_db

LATER_THAN_TODAY = "Samtalen kan ikke være holdt senere enn i dag. Oppgi dagen den var."
TOO_FAR_BACK = "Dagen kan ligge høyst 12 måneder tilbake. Velg en senere dag."
VISIT_TOO_FAR = "Besøket kan ligge høyst 18 måneder fram i tid. Velg en tidligere dag."


def _days(**offsets: int) -> dict[str, str]:
    today = timezone.localdate()
    return {name: str(today + timedelta(days=days)) for name, days in offsets.items()}


@pytest.mark.parametrize(
    ("held_on", "error"),
    [
        (str(timezone.localdate() + timedelta(days=1)), LATER_THAN_TODAY),
        ("9999-12-31", LATER_THAN_TODAY),
        (str(timezone.localdate() - timedelta(days=400)), TOO_FAR_BACK),
        ("0001-01-01", TOO_FAR_BACK),
    ],
)
def test_an_intake_on_a_day_out_of_reach_is_refused_with_a_message(
    starting_group: Group,
    initiator: User,
    participant: User,
    add_member: Callable[..., object],
    client_for: Callable[[User | None], Client],
    held_on: str,
    error: str,
) -> None:
    add_member(starting_group, participant)
    response = client_for(initiator).post(
        f"/grupper/{starting_group.code}/inne/inntak/",
        {"person": participant.pk, "held_on": held_on, "outcome": "suitable"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"held_on": [error]}
    assert not Intake.objects.exists()


def test_an_intake_held_today_or_a_year_ago_is_recorded_and_none_later_by_the_service(
    starting_group: Group, initiator: User, participant: User
) -> None:
    def record(day: date) -> None:
        intake_record(
            group=starting_group,
            user=participant,
            held_on=day,
            outcome="suitable",
            recorded_by=initiator,
        )

    today = timezone.localdate()
    for day in (today, today - timedelta(days=365)):
        record(day)
    for day in (today + timedelta(days=1), date(9999, 12, 31), today - timedelta(days=367)):
        with pytest.raises(OutOfRange):
            record(day)
    assert Intake.objects.get().held_on == today - timedelta(days=365)


@pytest.mark.parametrize(
    ("on", "error"),
    [
        ("0001-01-01", TOO_FAR_BACK),
        (str(timezone.localdate() - timedelta(days=400)), TOO_FAR_BACK),
        ("9999-12-31", VISIT_TOO_FAR),
        ("ikke en dato", "Oppgi en gyldig dato."),
        ("", "Oppgi datoen for oppfølgingsbesøket."),
    ],
)
def test_a_follow_up_on_a_day_out_of_reach_is_refused_with_a_message_on_both_pages(
    running_group: Group,
    starting_group: Group,
    initiator: User,
    client_for: Callable[[User | None], Client],
    on: str,
    error: str,
) -> None:
    pages = [
        (f"/grupper/{running_group.code}/oppfolging/", {"on": on}),
        (f"/grupper/{starting_group.code}/inne/sjekkliste/", {"step": "follow_up_plan", "on": on}),
    ]
    for path, data in pages:
        response = client_for(initiator).post(path, data)
        assert response.status_code == 302, path
        assert [str(m) for m in get_messages(response.wsgi_request)] == [error], path
    for group in (running_group, starting_group):
        group.refresh_from_db()
        assert group.follow_up_planned_on is None


def test_a_follow_up_is_planned_from_a_year_back_to_18_months_ahead(running_group: Group) -> None:
    today = timezone.localdate()
    follow_up_plan(group=running_group, on=today - timedelta(days=365))
    follow_up_plan(group=running_group, on=today + timedelta(days=540))
    for day in (today - timedelta(days=367), today + timedelta(days=560)):
        with pytest.raises(OutOfRange):
            follow_up_plan(group=running_group, on=day)
    running_group.refresh_from_db()
    assert running_group.follow_up_planned_on == today + timedelta(days=540)


def test_the_intake_list_writes_its_dates_in_the_pages_language(
    starting_group: Group,
    initiator: User,
    participant: User,
    client_for: Callable[[User | None], Client],
) -> None:
    held_on = timezone.localdate() - timedelta(days=3)
    intake_record(
        group=starting_group,
        user=participant,
        held_on=held_on,
        outcome="suitable",
        recorded_by=initiator,
    )
    english = client_for(initiator).get(f"/en/grupper/{starting_group.code}/inne/inntak/")
    assert f"<td>{held_on.day} {held_on:%B} {held_on.year}</td>" in english.content.decode()
