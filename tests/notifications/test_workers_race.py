"""Two worker processes over 1,000 queued messages: each message is delivered exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from selvhjelp.notifications.models import Message, MessageState
from tests.concurrency import database_url
from tests.conftest import queue_many
from tests.smtpsink import SmtpServer

ROOT = Path(__file__).resolve().parents[2]
COUNT = 1000


@pytest.mark.django_db(transaction=True)
def test_two_workers_deliver_each_of_1000_messages_exactly_once() -> None:
    queue_many(COUNT, key="race")
    server = SmtpServer().start()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
        "SELVHJELP_LOG_LEVEL": "INFO",
    }
    command = [sys.executable, "-m", "selvhjelp.cli", "worker", "--until-empty"]
    started = time.monotonic()
    try:
        workers = [
            subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [worker.communicate(timeout=240)[1] for worker in workers]
    finally:
        server.stop()
    elapsed = time.monotonic() - started
    assert [worker.returncode for worker in workers] == [0, 0], outputs

    ids = [message["Message-ID"] for message in server.messages]
    assert len(ids) == COUNT
    assert len(set(ids)) == COUNT
    assert Message.objects.filter(state=MessageState.SENT).count() == COUNT
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
    handled = [line for output in outputs for line in output.splitlines() if "handled" in line]
    print(f"\n{COUNT} messages, 2 workers, {elapsed:.1f} s on {connection.vendor}: {handled}")
