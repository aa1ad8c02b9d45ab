"""`worker`: the command behind `selvhjelp worker`, and the worker that `serve` starts."""

from __future__ import annotations

import signal

import pytest
from django.core import mail
from django.core.management import call_command

from selvhjelp.notifications.models import Message, MessageState
from tests.conftest import queue_many

# The worker closes stale connections between rounds, as a long-running process must, so the
# tests commit instead of running inside one transaction.
pytestmark = pytest.mark.django_db(transaction=True)

# More than one batch (the worker claims 50 at a time).
COUNT = 60


def test_worker_until_empty_delivers_every_queued_message_and_stops(settings) -> None:
    settings.SELVHJELP_EMAIL_KEEP = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    addresses = queue_many(COUNT, key="command")
    call_command("worker", "--until-empty")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.SENT}


def test_worker_gives_back_the_signal_handlers_it_borrowed() -> None:
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    call_command("worker", "--until-empty")
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
