"""The retention jobs that span apps: each calls the parts the apps give, in one transaction.

The parts live with the data (`groups/services/retention.py`, `meetings/services.py`,
`decisions/retention.py`); this module only composes them, as `privacy.person_erase` does for
a person. A claim locks the row first and checks it is still due, so two workers, or a second
run, find nothing left to do. What each job keeps and for how long: docs/privacy.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from selvhjelp.decisions.retention import group_proposals_erase, proposer_forget
from selvhjelp.groups.services.retention import (
    KEEP_INTAKE,
    group_erase_claim,
    group_personal_data_erase,
    groups_ended_due,
    intakes_erase,
    membership_erase,
    membership_erase_claim,
    memberships_gone_due,
    retention_clocks_start,
)
from selvhjelp.meetings.selectors import groups_met_before
from selvhjelp.meetings.services import group_meetings_erase, member_traces_erase
from selvhjelp.statistics.services import group_records_refresh

T = TypeVar("T")


def _each_due(
    due: Callable[..., Iterable[int]], claim: Callable[..., T | None], *, now: datetime
) -> Iterator[T]:
    """Each row that is due, claimed in a transaction of its own (the caller's work on it runs
    inside that transaction); rows another worker took first are passed over."""
    retention_clocks_start(now=now)
    for pk in due(now=now):
        with transaction.atomic():
            row = claim(pk=pk, now=now)
            if row is not None:
                yield row


def ended_groups_erase() -> int:
    """Erase the personal data of groups that ended 90 days ago; returns how many groups."""
    now = timezone.now()
    erased = 0
    for group in _each_due(groups_ended_due, group_erase_claim, now=now):
        # What statistics need is written down before the people behind it go.
        group_records_refresh(groups=[group], now=now)
        group_proposals_erase(group=group)
        held = group_meetings_erase(group=group)
        group_personal_data_erase(group=group, meetings_held=held, now=now)
        erased += 1
    return erased


def memberships_gone_erase() -> int:
    """Erase memberships left or declined 90 days ago, and the person's traces in the group."""
    erased = 0
    for membership in _each_due(memberships_gone_due, membership_erase_claim, now=timezone.now()):
        proposer_forget(group=membership.group, user=membership.user)
        member_traces_erase(group=membership.group, user=membership.user)
        membership_erase(membership=membership)
        erased += 1
    return erased


def intakes_expire() -> int:
    """Erase intake outcomes 90 days after their group started; returns how many."""
    now = timezone.now()
    return intakes_erase(now=now, met_before=groups_met_before(now - KEEP_INTAKE))
