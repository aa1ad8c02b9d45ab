"""A running group meeting on Mondays from 1 March 2027, the compass words it marks, and the
clock at the moments that matter to its reflections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
import time_machine

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.reflection.models import CompassWord
from selvhjelp.reflection.services import compass_current
from tests.conftest import admit, meet_weekly, members_of

# Hand-over on 11 January 2027: the first self-evaluation runs from 22 February to 4 April.
HANDED_OVER = datetime(2027, 1, 11, 12, tzinfo=OSLO)


@contextmanager
def at(year: int, month: int, day: int, hour: int = 0) -> Iterator[None]:
    """The clock stands still at this hour in Oslo."""
    with time_machine.travel(datetime(year, month, day, hour, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def group(running_group: Group) -> Group:
    """The running group (three members), meeting on Mondays 18–20 from 1 March 2027, handed
    over on 11 January 2027."""
    with at(2027, 3, 1, 9):
        meet_weekly(running_group)
    Group.objects.filter(pk=running_group.pk).update(handed_over_at=HANDED_OVER)
    running_group.refresh_from_db()
    return running_group


@pytest.fixture
def five(group: Group, make_user: Callable[..., User]) -> list[User]:
    """The group grown to five members; the list in the order they joined."""
    for name in ("Kari", "Ola"):
        admit(group, make_user(name))
    return members_of(group)


def first_meeting() -> Meeting:
    """Monday 1 March 2027, 18–20; its reflection closes on Sunday 7 March at 20."""
    return Meeting.objects.earliest("starts_at")


def words(group: Group, *texts: str) -> list[int]:
    version = compass_current(group.contact_point)
    return list(
        CompassWord.objects.filter(version=version, text_nb__in=texts).values_list("pk", flat=True)
    )
