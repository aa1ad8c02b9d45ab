from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from selvhjelp.background.models import JobRun
from selvhjelp.background.schedule import JOBS, Job
from selvhjelp.background.worker import jobs_run_due
from selvhjelp.notifications.models import Message, MessageState
from selvhjelp.notifications.services import outbox_expire
from tests.concurrency import at_once
from tests.conftest import queue_to


def _counting_job(calls: list[int]) -> Job:
    def run() -> None:
        calls.append(1)

    return Job(name="count", every=timedelta(hours=1), run=run)


@pytest.mark.django_db
def test_a_due_job_runs_once_and_then_waits_for_its_interval() -> None:
    calls: list[int] = []
    job = _counting_job(calls)
    assert jobs_run_due((job,)) == ["count"]
    assert jobs_run_due((job,)) == []
    later = timezone.now() + timedelta(hours=1, seconds=1)
    with time_machine.travel(later, tick=False):
        assert jobs_run_due((job,)) == ["count"]
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_run_a_job_only_once() -> None:
    calls: list[int] = []
    job = _counting_job(calls)
    outcomes = at_once(lambda _n: jobs_run_due((job,)), range(4))
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert len(calls) == 1
    assert JobRun.objects.get(name="count").last_finished_at is not None


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others() -> None:
    calls: list[int] = []

    def broken() -> None:
        raise RuntimeError("boom")

    ran = jobs_run_due((Job("broken", timedelta(hours=1), broken), _counting_job(calls)))
    assert ran == ["broken", "count"]
    assert JobRun.objects.get(name="broken").last_error == "RuntimeError"


def test_the_schedule_expires_old_outbox_rows() -> None:
    assert any(job.run is outbox_expire for job in JOBS)


@pytest.mark.django_db
def test_expiry_removes_old_delivered_messages_and_keeps_recent_and_waiting_ones() -> None:
    def queue(key: str, state: str, age_days: int) -> None:
        message = queue_to("a@example.org", key=key, kind="group_news")
        Message.objects.filter(pk=message.pk).update(
            state=state, created_at=timezone.now() - timedelta(days=age_days)
        )

    queue("old-sent", MessageState.SENT, 31)
    queue("new-sent", MessageState.SENT, 5)
    queue("old-failed", MessageState.FAILED, 31)
    queue("very-old-failed", MessageState.FAILED, 91)
    queue("old-queued", MessageState.QUEUED, 40)
    assert outbox_expire() == 2
    assert sorted(Message.objects.values_list("dedupe_key", flat=True)) == [
        "new-sent",
        "old-failed",
        "old-queued",
    ]
    assert outbox_expire() == 0
