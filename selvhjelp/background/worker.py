"""The background worker: delivers the outbox and runs the periodic jobs.

Several workers may run at once, on one machine or many, against one database.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import threading
import time

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from selvhjelp.background.models import JobRun
from selvhjelp.background.schedule import JOBS, Job
from selvhjelp.notifications.services import outbox_deliver

log = logging.getLogger(__name__)

# Seconds between two looks at the periodic jobs while the outbox keeps the worker busy.
JOBS_EVERY = 1.0


def job_take(job: Job) -> bool:
    """Claim the job's current run for this worker; False when it is not due or already taken."""
    now = timezone.now()
    try:
        with transaction.atomic():
            JobRun.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:
        pass  # another worker created it a moment ago
    taken = JobRun.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_started_at=now
    )
    return taken == 1


def jobs_run_due(jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Run every job that is due and not taken by another worker; returns the names run."""
    ran = []
    for job in jobs:
        if not job_take(job):
            continue
        error = ""
        try:
            job.run()
        except Exception as problem:  # a failing job must not stop the worker
            log.exception("Periodic job %s failed", job.name)
            error = type(problem).__name__
        JobRun.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_error=error
        )
        ran.append(job.name)
    return ran


def run(*, stop: threading.Event, idle_seconds: float = 1.0, until_empty: bool = False) -> int:
    """Work until stopped (or, with until_empty, until nothing is due); returns messages handled."""
    name = f"{os.uname().nodename}:{os.getpid()}:{secrets.token_hex(3)}"
    handled = 0
    jobs_checked = -JOBS_EVERY
    while not stop.is_set():
        close_old_connections()
        # Jobs run minutes apart: asking for them between every batch only slows the outbox.
        if time.monotonic() - jobs_checked >= JOBS_EVERY:
            jobs_checked = time.monotonic()
            jobs_run_due()
        batch = outbox_deliver(worker=name)
        handled += batch
        if batch == 0:
            if until_empty:
                break
            stop.wait(idle_seconds)
    close_old_connections()
    return handled


def main(*, until_empty: bool = False) -> int:
    """Work in this process; SIGTERM or Ctrl-C lets it finish the message in hand first.

    Returns the number of messages handled.
    """
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        stop.set()

    # The handlers are given back afterwards: `call_command("worker")` runs inside another
    # program (a test run, a shell) whose Ctrl-C must work again once the worker is done.
    previous = {
        number: signal.signal(number, request_stop) for number in (signal.SIGTERM, signal.SIGINT)
    }
    started = time.monotonic()
    try:
        handled = run(stop=stop, until_empty=until_empty)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    log.info(
        "Worker stopped after %.1f s, %s messages handled", time.monotonic() - started, handled
    )
    return handled
