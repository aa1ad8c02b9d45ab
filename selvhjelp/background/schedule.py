"""The periodic jobs. Each is idempotent: running it twice, or on two workers, does no harm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from selvhjelp.interest.services import interest_expire, interest_expiry_notices
from selvhjelp.notifications.services import outbox_expire


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


JOBS: tuple[Job, ...] = (
    Job(name="outbox_expire", every=timedelta(hours=1), run=outbox_expire),
    Job(name="interest_expiry_notices", every=timedelta(hours=6), run=interest_expiry_notices),
    Job(name="interest_expire", every=timedelta(hours=6), run=interest_expire),
)
