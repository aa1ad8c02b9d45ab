"""`worker`: the command behind `selvhjelp worker`, and the worker that `serve` starts."""

from __future__ import annotations

import signal
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from selvhjelp.notifications.models import Message, MessageState

# The worker closes stale connections between rounds, as a long-running process must, so the
# tests commit instead of running inside one transaction.
pytestmark = pytest.mark.django_db(transaction=True)

# More than one batch (the worker claims 50 at a time).
COUNT = 60


def test_worker_until_empty_delivers_every_queued_message_and_stops(settings) -> None:
    settings.SELVHJELP_EMAIL_KEEP = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            kind="group_news",
            dedupe_key=f"command:{n}",
            to_email=f"person{n}@example.org",
            language="nb",
            subject="selvhjelp: Nytt fra gruppa di",
            body_text=f"Melding {n}",
            next_attempt_at=now,
            public_id=uuid.uuid4(),
        )
        for n in range(COUNT)
    )
    call_command("worker", "--until-empty")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"person{n}@example.org" for n in range(COUNT)
    )
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.SENT}


def test_worker_gives_back_the_signal_handlers_it_borrowed() -> None:
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    call_command("worker", "--until-empty")
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
