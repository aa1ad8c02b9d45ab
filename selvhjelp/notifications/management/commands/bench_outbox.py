"""How many messages per second one worker renders, queues and hands to an SMTP server.

    uv run selvhjelp bench-outbox [--messages 2000] [--runs 5]

Runs against a throwaway SQLite database (or the database in DATABASE_URL, which it then
fills with benchmark users and messages) and a local SMTP server in a process of its own.
Prints the median of the runs for each phase.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from selvhjelp.accounts.models import User
from selvhjelp.lib.benchmark import free_port, port_wait, scratch_database
from selvhjelp.lib.env import email_settings
from selvhjelp.notifications.services import notify, outbox_deliver


def _phase_rates(messages: int, run: int) -> tuple[float, float]:
    people = list(User.objects.filter(email__endswith="@bench.selvhjelp.test"))
    started = time.perf_counter()
    for n in range(messages):
        with transaction.atomic():
            notify(
                recipient=people[n % len(people)],
                kind="meeting_reminder",
                dedupe_key=f"bench:{run}:{n}",
                context={"starts_at": "18:00", "meeting_url": "https://selvhjelp.test/m/"},
            )
    queued = time.perf_counter() - started
    started = time.perf_counter()
    delivered = 0
    while batch := outbox_deliver(worker="bench", limit=100):
        delivered += batch
    sent = time.perf_counter() - started
    if delivered != messages:
        raise CommandError(f"{delivered} of {messages} messages were delivered")
    return messages / queued, messages / sent


class Command(BaseCommand):
    help = (
        "Messages per second that one worker renders and hands to a local SMTP server, on a "
        "throwaway SQLite database (or on DATABASE_URL's, which it fills)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--messages", type=int, default=2000)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args: Any, messages: int, runs: int, **options: Any) -> None:
        if importlib.util.find_spec("aiosmtpd") is None:
            raise CommandError(
                "The outbox benchmark runs aiosmtpd as its SMTP server, a development tool: "
                "run it from a checkout after `uv sync`."
            )
        port = free_port()
        # The SMTP server runs in its own process, so that it does not share this one's time.
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{port}",
                "-c",
                "aiosmtpd.handlers.Sink",
            ],
        )
        try:
            if not port_wait(port, seconds=10, process=server):
                raise CommandError("The benchmark's SMTP server did not start")
            email = email_settings(f"smtp://127.0.0.1:{port}")
            with (
                scratch_database() as vendor,
                override_settings(SELVHJELP_EMAIL_KEEP=False, **email),
            ):
                self._measure(messages=messages, runs=runs, vendor=vendor)
        finally:
            server.terminate()
            server.wait()

    def _measure(self, *, messages: int, runs: int, vendor: str) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        # Argon2 is slow on purpose; the benchmark measures messages, not passwords.
        unusable = make_password(None)
        User.objects.bulk_create(
            User(
                email=f"p{n}@bench.selvhjelp.test",
                display_name=f"Deltaker {n}",
                language=("nb", "nn", "en")[n % 3],
                password=unusable,
            )
            for n in range(100)
        )
        self.stdout.write(f"Outbox benchmark: {messages} messages × {runs} runs on {vendor}")
        queue_rates, send_rates = [], []
        for run in range(runs):
            queued, sent = _phase_rates(messages, run)
            queue_rates.append(queued)
            send_rates.append(sent)
            self.stdout.write(
                f"  run {run + 1}: render + queue {queued:7.0f}/s   deliver to SMTP {sent:7.0f}/s"
            )
        self.stdout.write(
            f"Median: render + queue {statistics.median(queue_rates):.0f} messages/s; "
            f"one worker hands {statistics.median(send_rates):.0f} messages/s to SMTP"
        )
