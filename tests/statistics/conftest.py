from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import GroupState
from selvhjelp.statistics.models import GroupRecord
from tests.conftest import municipality, theme


@pytest.fixture
def make_record() -> Callable[..., GroupRecord]:
    """A group's statistics record as the refresh job leaves it, for hand-counted figures."""

    def make(
        contact_point: ContactPoint | None,
        *,
        started: date | None,
        themes: tuple[str, ...] = ("sorg",),
        place: str = "0301",
        format: str = "physical",
        **fields: object,
    ) -> GroupRecord:
        fields.setdefault(
            "state", GroupState.ENDED if fields.get("ended_on") else GroupState.RUNNING
        )
        record = GroupRecord.objects.create(
            contact_point=contact_point,
            municipality=municipality(place),
            format=format,
            created_on=started or date(2020, 1, 1),
            started_on=started,
            **fields,
        )
        record.themes.set([theme(slug) for slug in themes])
        return record

    return make
