"""How many messages per second one worker renders, queues and hands to an SMTP server.

    uv run selvhjelp bench-outbox [--messages 2000] [--runs 5] [--sink own|aiosmtpd]

Runs against a throwaway SQLite database (or the database in DATABASE_URL, which it then
fills with benchmark users and messages) and a local SMTP server in a process of its own:
by default selvhjelp.lib.smtpsink, which takes each message for a tenth of the processor time
aiosmtpd needs (`--sink aiosmtpd` for that one). The server's processor time per message is
printed, since on a small machine it is taken from the workers. Prints the median of the runs
for each phase, with the load average before and after.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Max, Min
from django.test.utils import override_settings
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.lib.benchmark import free_port, port_wait, scratch_database
from selvhjelp.lib.env import email_settings, env_str
from selvhjelp.notifications.models import Message, MessageState
from selvhjelp.notifications.services import Notice, notify, notify_many, outbox_deliver


def _cpu_seconds(pid: int) -> float:
    """Processor time a process has used so far (Linux; 0 where /proc is not there)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sink_command(sink: str, port: int) -> list[str]:
    if sink == "aiosmtpd":
        return [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ]
    return [sys.executable, "-m", "selvhjelp.lib.smtpsink", str(port)]


def _per_message(seconds: float, count: int) -> str:
    return f"{seconds / count * 1e6:.0f} µs"


def _load() -> str:
    return " / ".join(f"{load:.1f}" for load in os.getloadavg())


def _phase_rates(messages: int, run: int) -> tuple[float, float, float]:
    """Messages per second queued (each by notify in a transaction of its own) and delivered
    by one worker in this process, and the processor time the delivery took per message."""
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
    processor = time.process_time()
    delivered = 0
    while batch := outbox_deliver(worker="bench"):
        delivered += batch
    sent = time.perf_counter() - started
    processor = time.process_time() - processor
    if delivered != messages:
        raise CommandError(f"{delivered} of {messages} messages were delivered")
    return messages / queued, messages / sent, processor / messages


def _bulk_rate(messages: int, run: int) -> float:
    """Messages per second queued by notify_many, the 100 benchmark people told at once in one
    transaction (as a group's members are told of a change); the messages are then deleted."""
    people = list(User.objects.filter(email__endswith="@bench.selvhjelp.test"))
    started = time.perf_counter()
    for first in range(0, messages, len(people)):
        with transaction.atomic():
            notify_many(
                kind="meeting_reminder",
                notices=[
                    Notice(
                        recipient=person,
                        dedupe_key=f"bulk:{run}:{first + n}",
                        context={"starts_at": "18:00", "meeting_url": "https://selvhjelp.test/m/"},
                    )
                    for n, person in enumerate(people[: messages - first])
                ],
            )
    queued = time.perf_counter() - started
    ours = Message.objects.filter(dedupe_key__startswith=f"bulk:{run}:")
    if (count := ours.count()) != messages:
        raise CommandError(f"{count} of {messages} messages were queued")
    ours.delete()
    return messages / queued


def _database_url() -> str:
    """The benchmark's database as a URL, for worker processes."""
    if url := env_str("DATABASE_URL"):
        return url
    return f"sqlite:///{Path(connection.settings_dict['NAME']).resolve()}"


def _workers_rate(count: int, *, workers: int, port: int, round_: int) -> float:
    """Messages per second that `workers` worker processes hand to SMTP together: copies of one
    rendered message, counted from the first send to the last (so start-up is not counted)."""
    template = Message.objects.filter(state=MessageState.SENT).first()
    if template is None:
        raise CommandError("No rendered message to copy")
    now = timezone.now()
    Message.objects.bulk_create(
        Message(
            kind=template.kind,
            dedupe_key=f"workers:{round_}:{n}",
            to_email=f"w{n}@bench.selvhjelp.test",
            language=template.language,
            subject=template.subject,
            body_text=template.body_text,
            body_html=template.body_html,
            headers=template.headers,
            next_attempt_at=now,
            public_id=uuid.uuid4(),
        )
        for n in range(count)
    )
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "SELVHJELP_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "selvhjelp.cli", "worker", "--until-empty"]
    processes = [
        subprocess.Popen(command, env=environment)  # noqa: S603
        for _ in range(workers)
    ]
    for process in processes:
        process.wait(timeout=600)
    ours = Message.objects.filter(dedupe_key__startswith=f"workers:{round_}:")
    span = ours.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    sent = ours.filter(state=MessageState.SENT, attempts=1).count()
    if sent != count:
        raise CommandError(f"{sent} of {count} messages were sent once")
    seconds = (span["last"] - span["first"]).total_seconds()
    # Sent messages are written down in groups: the first group's time is when it was written,
    # so only the messages written after it count, over the time from it to the last.
    after_first = ours.filter(sent_at__gt=span["first"]).count()
    return after_first / max(seconds, 0.001)


class Command(BaseCommand):
    help = (
        "Messages per second that one worker renders and hands to a local SMTP server, on a "
        "throwaway SQLite database (or on DATABASE_URL's, which it fills)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--messages", type=int, default=2000)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument(
            "--sink",
            choices=["own", "aiosmtpd"],
            default="own",
            help="the SMTP server that takes the messages (default: selvhjelp.lib.smtpsink)",
        )
        parser.add_argument(
            "--worker-messages",
            type=int,
            default=4000,
            help="messages for the one-against-two worker processes comparison (0: skip it)",
        )

    def handle(self, *args: Any, messages: int, runs: int, sink: str, **options: Any) -> None:
        if sink == "aiosmtpd" and importlib.util.find_spec("aiosmtpd") is None:
            raise CommandError(
                "The outbox benchmark runs aiosmtpd as its SMTP server, a development tool: "
                "run it from a checkout after `uv sync`."
            )
        port = free_port()
        # The SMTP server runs in its own process, so that it does not share this one's time.
        server = subprocess.Popen(_sink_command(sink, port))  # noqa: S603
        self.server_pid = server.pid
        self.stdout.write(f"SMTP server: {sink}; {os.cpu_count()} cores, load {_load()}")
        try:
            if not port_wait(port, seconds=10, process=server):
                raise CommandError("The benchmark's SMTP server did not start")
            email = email_settings(f"smtp://127.0.0.1:{port}")
            with (
                scratch_database() as vendor,
                override_settings(SELVHJELP_EMAIL_KEEP=False, **email),
            ):
                self._measure(messages=messages, runs=runs, vendor=vendor)
                if options["worker_messages"]:
                    self._compare_workers(options["worker_messages"], runs=runs, port=port)
        finally:
            server.terminate()
            server.wait()

    def _compare_workers(self, count: int, *, runs: int, port: int) -> None:
        self.stdout.write(f"Worker processes: {count} messages, one worker then two, {runs} runs")
        ones: list[float] = []
        twos: list[float] = []
        for run in range(runs):
            sink = []
            for workers, rates in ((1, ones), (2, twos)):
                before = _cpu_seconds(self.server_pid)
                rates.append(
                    _workers_rate(count, workers=workers, port=port, round_=2 * run + workers - 1)
                )
                sink.append(_per_message(_cpu_seconds(self.server_pid) - before, count))
            self.stdout.write(
                f"  run {run + 1}: one worker {ones[-1]:6.0f}/s   two {twos[-1]:6.0f}/s   "
                f"(SMTP server: {sink[0]} and {sink[1]} of processor time per message)"
            )
        one, two = statistics.median(ones), statistics.median(twos)
        self.stdout.write(
            f"Median: one worker process {one:.0f} messages/s, two {two:.0f}/s "
            f"({two / one:.2f} ×); {os.cpu_count()} cores, load {_load()}"
        )

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
        queue_rates: list[float] = []
        bulk_rates: list[float] = []
        send_rates: list[float] = []
        worker_seconds: list[float] = []
        sink_seconds: list[float] = []
        for run in range(runs):
            before = _cpu_seconds(self.server_pid)
            queued, sent, processor = _phase_rates(messages, run)
            sink_seconds.append((_cpu_seconds(self.server_pid) - before) / messages)
            worker_seconds.append(processor)
            bulk = _bulk_rate(messages, run)
            queue_rates.append(queued)
            bulk_rates.append(bulk)
            send_rates.append(sent)
            self.stdout.write(
                f"  run {run + 1}: render + queue {queued:7.0f}/s (in bulk {bulk:6.0f}/s)   "
                f"deliver to SMTP {sent:7.0f}/s   (processor time per message: worker "
                f"{processor * 1e6:.0f} µs, SMTP server {sink_seconds[-1] * 1e6:.0f} µs)"
            )
        self.stdout.write(
            f"Median: render + queue {statistics.median(queue_rates):.0f} messages/s, each in "
            f"a transaction of its own (notify); {statistics.median(bulk_rates):.0f}/s told "
            f"100 at a time (notify_many); one worker hands "
            f"{statistics.median(send_rates):.0f} messages/s to SMTP"
        )
        worker, sink = statistics.median(worker_seconds), statistics.median(sink_seconds)
        cores = os.cpu_count() or 1
        self.stdout.write(
            f"At {worker * 1e6:.0f} µs of processor time per message in the worker and "
            f"{sink * 1e6:.0f} µs in the SMTP server, {cores} cores hand at most "
            f"{cores / (worker + sink):.0f} messages/s to SMTP, whatever the number of workers "
            f"(nothing else running)"
        )
