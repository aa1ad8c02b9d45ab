"""The periodic jobs. Each is idempotent: running it twice, or on two workers, does no harm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from selvhjelp.accounts.services import sessions_expire
from selvhjelp.audit.services import audit_expire
from selvhjelp.background.retention import (
    ended_groups_erase,
    intakes_expire,
    memberships_gone_erase,
)
from selvhjelp.contactpoints.services import staff_invitations_expire
from selvhjelp.decisions.services import proposals_close_due, proposals_remind
from selvhjelp.interest.services import interest_expire, interest_expiry_notices
from selvhjelp.meetings.services import leaving_complete, reminders_send, series_generate_all
from selvhjelp.notifications.services import outbox_expire
from selvhjelp.reflection.services import reflections_close_due
from selvhjelp.statistics.services import group_records_refresh


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


JOBS: tuple[Job, ...] = (
    Job(name="outbox_expire", every=timedelta(hours=1), run=outbox_expire),
    Job(name="interest_expiry_notices", every=timedelta(hours=6), run=interest_expiry_notices),
    Job(name="interest_expire", every=timedelta(hours=6), run=interest_expire),
    Job(name="meetings_generate", every=timedelta(hours=6), run=series_generate_all),
    Job(name="meeting_reminders", every=timedelta(hours=1), run=reminders_send),
    Job(name="leaving_complete", every=timedelta(hours=1), run=leaving_complete),
    Job(name="proposals_close", every=timedelta(minutes=10), run=proposals_close_due),
    Job(name="proposals_remind", every=timedelta(hours=1), run=proposals_remind),
    Job(name="reflections_close", every=timedelta(minutes=10), run=reflections_close_due),
    # Statistics: a group's start, hand-over and end are written down within the hour.
    Job(name="statistics_record", every=timedelta(hours=1), run=group_records_refresh),
    # Retention (docs/privacy.md): personal data is erased when its time is up.
    Job(name="ended_groups_erase", every=timedelta(hours=6), run=ended_groups_erase),
    Job(name="memberships_gone_erase", every=timedelta(hours=6), run=memberships_gone_erase),
    Job(name="intakes_expire", every=timedelta(hours=6), run=intakes_expire),
    Job(name="audit_expire", every=timedelta(hours=6), run=audit_expire),
    Job(name="staff_invitations_expire", every=timedelta(hours=6), run=staff_invitations_expire),
    Job(name="sessions_expire", every=timedelta(hours=6), run=sessions_expire),
)
