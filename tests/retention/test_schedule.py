"""The retention jobs are in the worker's schedule, and a whole run of it is safe to repeat."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from selvhjelp.accounts.services import sessions_expire
from selvhjelp.audit.services import audit_expire
from selvhjelp.background.retention import (
    ended_groups_erase,
    intakes_expire,
    memberships_gone_erase,
)
from selvhjelp.background.schedule import JOBS
from selvhjelp.background.worker import jobs_run_due
from selvhjelp.contactpoints.services import staff_invitations_expire
from selvhjelp.groups.models import Group, GroupState, Membership

RETENTION = {
    "ended_groups_erase": ended_groups_erase,
    "memberships_gone_erase": memberships_gone_erase,
    "intakes_expire": intakes_expire,
    "audit_expire": audit_expire,
    "staff_invitations_expire": staff_invitations_expire,
    "sessions_expire": sessions_expire,
}


def test_every_retention_job_is_in_the_schedule_under_the_name_docs_privacy_md_gives() -> None:
    scheduled = {job.name: job.run for job in JOBS}
    assert {name: scheduled.get(name) for name in RETENTION} == RETENTION


@pytest.mark.django_db
def test_the_worker_erases_an_ended_group_and_a_second_run_finds_nothing(
    running_group: Group,
) -> None:
    Group.objects.filter(pk=running_group.pk).update(
        state=GroupState.ENDED, ended_at=timezone.now()
    )
    with time_machine.travel(timezone.now() + timedelta(days=91), tick=False):
        assert "ended_groups_erase" in jobs_run_due()
        assert jobs_run_due() == []
    assert not Membership.objects.filter(group=running_group).exists()
