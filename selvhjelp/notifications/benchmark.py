"""How many messages per second one worker renders, queues and hands to an SMTP server.

    uv run selvhjelp bench-outbox [--messages 2000] [--runs 5]

Runs against a throwaway SQLite database (or the database in DATABASE_URL, which it then
fills with benchmark users and messages) and a local SMTP server in the same process.
Prints the median of the runs for each phase.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("The benchmark's SMTP server did not start")


def _phase_rates(messages: int, run: int) -> tuple[float, float]:
    from django.db import transaction

    from selvhjelp.accounts.models import User
    from selvhjelp.notifications.services import notify, outbox_deliver

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
    assert delivered == messages, (delivered, messages)
    return messages / queued, messages / sent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="selvhjelp bench-outbox", description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    try:
        from tests.smtpsink import free_port
    except ImportError as error:
        raise SystemExit(
            "The outbox benchmark uses the test suite's SMTP tools (tests/smtpsink.py and "
            f"aiosmtpd): run it from a checkout after `uv sync`. ({error})"
        ) from error

    # The SMTP server runs in its own process, so that it does not share this one's time.
    port = free_port()
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
    _wait_for(port)
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = tempfile.TemporaryDirectory(prefix="selvhjelp-bench-")
        os.environ["SELVHJELP_DATA_DIR"] = scratch.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selvhjelp.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from selvhjelp.accounts.models import User

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
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Outbox benchmark: {args.messages} messages × {args.runs} runs on {database}")
    queue_rates, send_rates = [], []
    for run in range(args.runs):
        queued, sent = _phase_rates(args.messages, run)
        queue_rates.append(queued)
        send_rates.append(sent)
        print(f"  run {run + 1}: render + queue {queued:7.0f}/s   deliver to SMTP {sent:7.0f}/s")
    print(
        f"Median: render + queue {statistics.median(queue_rates):.0f} messages/s; "
        f"one worker hands {statistics.median(send_rates):.0f} messages/s to SMTP"
    )
    server.terminate()
    server.wait()
    if scratch is not None:
        scratch.cleanup()
    return 0
