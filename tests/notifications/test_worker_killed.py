"""A worker killed halfway through a batch: what it may send twice is bounded.

Sent messages are written down together (notifications.services.RECORD_EVERY), so a worker
that dies without a word may have sent some that still read "being sent". Once their lease
runs out another worker sends them again: at most RECORD_EVERY of them, each at most twice,
and none is lost.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.utils import timezone

from selvhjelp.notifications.models import Message, MessageState
from selvhjelp.notifications.services import RECORD_EVERY, outbox_deliver
from tests.concurrency import database_url
from tests.conftest import queue_many
from tests.notifications.conftest import _use_smtp
from tests.smtpsink import Mailbox, SmtpServer

ROOT = Path(__file__).resolve().parents[2]
COUNT = 160
KILLED_AT = 2 * RECORD_EVERY + RECORD_EVERY // 2


class KillingMailbox(Mailbox):
    """Takes messages, and kills the worker the moment it has taken the KILLED_AT-th."""

    worker: subprocess.Popen[str] | None = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == KILLED_AT and self.worker is not None:
            os.kill(self.worker.pid, signal.SIGKILL)
        return answer


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_at_most_record_every_messages_to_be_sent_twice(
    settings,
) -> None:
    addresses = queue_many(COUNT, key="killed")
    mailbox = KillingMailbox()
    server = SmtpServer(mailbox=mailbox).start()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
        "SELVHJELP_LOG_LEVEL": "WARNING",
    }
    try:
        mailbox.worker = subprocess.Popen(
            [sys.executable, "-m", "selvhjelp.cli", "worker", "--until-empty"],
            cwd=ROOT,
            env=environment,
            text=True,
        )
        assert mailbox.worker.wait(timeout=120) == -signal.SIGKILL
        written = Message.objects.filter(state=MessageState.SENT).count()
        assert KILLED_AT - RECORD_EVERY <= written < KILLED_AT
        # The rest of the batch reads "being sent" until the lease runs out; then they go again.
        _use_smtp(settings, server.port)
        assert outbox_deliver() == 0
        with time_machine.travel(timezone.now() + timedelta(minutes=6)):
            while outbox_deliver():
                pass
    finally:
        server.stop()

    received = Counter(message["To"] for message in server.messages)
    assert set(received) == set(addresses)
    twice = [address for address, times in received.items() if times > 1]
    assert len(twice) <= RECORD_EVERY
    assert max(received.values()) <= 2
    assert Message.objects.filter(state=MessageState.SENT).count() == COUNT
