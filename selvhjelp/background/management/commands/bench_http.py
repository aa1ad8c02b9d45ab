"""Our pages against the framework's floor, through a real server and a real load generator.

    uv run selvhjelp bench-http [--groups N] [--duration 8] [--connections 32] [--rounds 1]

Starts two gunicorn servers with the same number of processes as `selvhjelp serve`: the floor
(`background/floor.py`, a bare Django view returning 12 KB) and the application on a throwaway
data folder with the demonstration data (plus N generated groups with --groups). Then drives
both with wrk (Debian's `wrk` package), page by page, the floor just before each page, so that a
machine shared with other work slows both alike. Prints requests per second, the median and
99th-percentile latency, and each page's share of the floor measured next to it.

Signed-in pages carry what a demo member's browser holds: the session cookie and the CSRF
cookie (without it each request would make a new CSRF secret, where a browser keeps the one it
was given). A page that answers 404 (for example a
feature this installation does not have) is skipped; add a page to PAGES to measure it.
With DATABASE_URL the application uses (and fills) that database instead of a throwaway one.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import override_settings

from selvhjelp.accounts.models import User
from selvhjelp.demo import DEMO_DOMAIN, demo_load_if_empty
from selvhjelp.directory.management.commands.bench_directory import groups_fill
from selvhjelp.groups.models import Group
from selvhjelp.lib.benchmark import (
    free_port,
    gunicorn_command,
    named_database_open,
    percentile,
    port_wait,
)
from selvhjelp.lib.env import env_str
from selvhjelp.meetings.services import feed_for

# (label, path, signed in). {group}, {member_group} and {feed} are filled from the demo data.
# "If-None-Match" for signed in: asked with the ETag the page gave, so it answers 304.
PAGES = [
    ("home", "/", False),
    ("directory", "/grupper/", False),
    ("directory search ?q=sorg", "/grupper/?q=sorg", False),
    ("a group's page", "/grupper/{group}/", False),
    ("contact point page", "/kontaktpunkt/link-oslo/", False),
    ("information page", "/prinsipper/", False),
    ("API group list", "/api/v1/groups", False),
    ("Meeting Guide feed", "/api/v1/meeting-guide.json", False),
    # About the least a signed-in page costs: the session, the middleware and the base template.
    ("member: information page", "/prinsipper/", True),
    ("member: group inside", "/grupper/{member_group}/inne/", True),
    ("member: meetings", "/grupper/{member_group}/inne/moter/", True),
    ("member: decisions", "/grupper/{member_group}/inne/beslutninger/", True),
    ("calendar feed", "/kalender/{feed}.ics", False),
    ("calendar feed, unchanged (304)", "/kalender/{feed}.ics", "If-None-Match"),
]
MEMBER = f"deltaker2@{DEMO_DOMAIN}"
MEMBER_GROUP = "Sorggruppe på Grünerløkka"
LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Run:
    rate: float
    p50: float
    p99: float
    failed: int
    report: str


def wrk_parse(output: str) -> Run:
    """Requests per second, the 50th and 99th percentile in ms, and the responses that were
    not 2xx/3xx or failed at the socket, from `wrk --latency`'s report."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    latencies = {
        share: float(value) * UNITS[unit] for share, value, unit in LATENCY.findall(output)
    }
    if rate is None or set(latencies) != {"50", "99"}:
        raise CommandError(f"Could not read wrk's report:\n{output}")
    failed = sum(
        int(n)
        for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        + re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    return Run(float(rate.group(1)), latencies["50"], latencies["99"], failed, output)


def _wrk(
    url: str, *, headers: dict[str, str], duration: int, connections: int, threads: int
) -> Run:
    # wrk's own 2 s timeout counts slow answers on a busy machine as failures.
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    command += ["--latency", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return wrk_parse(done.stdout)


def _alone(url: str, headers: dict[str, str], requests: int) -> tuple[float, float]:
    """One person asking again and again, one request at a time: median and p95 in ms."""
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        _get(url, headers)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), percentile(timings, 95)


def _get(url: str, headers: dict[str, str]) -> tuple[int, str]:
    """The status and the ETag of one request (a 304 is an answer, not an error)."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=150) as response:  # noqa: S310
            response.read()
            return int(response.status), response.headers.get("ETag", "")
    except urllib.error.HTTPError as error:
        return int(error.code), error.headers.get("ETag", "")


@contextmanager
def _server(application: str, *, workers: int, environment: dict[str, str]) -> Iterator[str]:
    port = free_port()
    command = gunicorn_command(application, bind=f"127.0.0.1:{port}", workers=workers)
    # On a busy machine a process's first request (imports, templates) can take over 30 s.
    command += ["--timeout", "120"]
    process = subprocess.Popen(command, env=environment)  # noqa: S603
    try:
        if not port_wait(port, seconds=60, process=process):
            raise CommandError(f"{application} did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def _prepare(folder: Path, groups: int, write: Any) -> dict[str, str]:
    """Fill the database and static files the application will serve; the values for PAGES."""
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    with override_settings(STATIC_ROOT=folder / "static"):
        call_command("collectstatic", interactive=False, verbosity=0)
    demo_load_if_empty()
    if groups:
        write(f"Filling to {groups} groups …")
        groups_fill(groups, write)
    member = User.objects.get(email=MEMBER)
    return {
        "group": Group.objects.listed().order_by("id").values_list("code", flat=True)[0],
        "member_group": Group.objects.get(title=MEMBER_GROUP).code,
        "feed": feed_for(member).token,
        "cookie": member_cookies(member),
    }


def member_cookies(member: User) -> str:
    """The Cookie header of a browser signed in as `member` that has seen a page with a form."""
    client = Client()
    client.force_login(member)
    request = RequestFactory().get("/")
    get_token(request)
    session = settings.SESSION_COOKIE_NAME
    return (
        f"{session}={client.cookies[session].value}; "
        f"{settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}"
    )


@contextmanager
def _scratch(folder: Path) -> Iterator[None]:
    """Point the default database at the folder's SQLite file, unless DATABASE_URL is set."""
    connection = connections[DEFAULT_DB_ALIAS]
    if env_str("DATABASE_URL"):
        named_database_open()
        yield
        return
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = str(folder / "selvhjelp.sqlite3")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


class Command(BaseCommand):
    help = (
        "Requests per second of our pages beside a bare Django view behind the same server, "
        "driven by wrk; prints each page's share of that floor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--groups", type=int, default=0, help="generated groups besides the demo"
        )
        parser.add_argument("--duration", type=int, default=8, help="seconds per measurement")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
        parser.add_argument("--rounds", type=int, default=1, help="medians over this many rounds")
        parser.add_argument("--only", default="", help="measure only pages whose label has this")
        parser.add_argument(
            "--alone",
            type=int,
            default=200,
            help="requests one at a time per page, for its median and p95 alone (0: none)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if shutil.which("wrk") is None:
            raise CommandError("bench-http drives the servers with wrk: apt-get install wrk")
        with ExitStack() as stack:
            folder = Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix="selvhjelp-http-"))
            )
            stack.enter_context(_scratch(folder))
            values = _prepare(folder, options["groups"], self.stdout.write)
            connections[DEFAULT_DB_ALIAS].close()
            base = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
            app_environment = {
                **base,
                "DJANGO_SETTINGS_MODULE": "selvhjelp.settings",
                "SELVHJELP_DATA_DIR": str(folder),
                # The session cookie made here must hold there.
                "SELVHJELP_SECRET_KEY": settings.SECRET_KEY,
                # wrk is one address asking thousands of times a second.
                "SELVHJELP_API_REQUESTS_PER_MINUTE": "1000000000",
            }
            workers = options["workers"]
            floor = stack.enter_context(
                _server("selvhjelp.background.floor:application", workers=workers, environment=base)
            )
            app = stack.enter_context(
                _server("selvhjelp.wsgi:application", workers=workers, environment=app_environment)
            )
            self._run(floor, app, values, options)

    def _run(self, floor: str, app: str, values: dict[str, str], options: dict[str, Any]) -> None:
        pages = []
        for label, template, signed_in in PAGES:
            if options["only"] and options["only"] not in label:
                continue
            path = template.format(**values)
            headers = {"Cookie": values["cookie"]} if signed_in is True else {}
            status, etag = _get(app + path, headers)
            if status == 404:
                self.stdout.write(f"  (skipped {label}: {path} answers 404 here)")
                continue
            if status != 200:
                raise CommandError(f"{path} answered {status}, not 200")
            if signed_in == "If-None-Match":
                headers = {"If-None-Match": etag}
                if _get(app + path, headers)[0] != 304:
                    raise CommandError(f"{path} did not answer 304 to its own ETag")
            pages.append((label, path, headers))
        load = os.getloadavg()[0]
        self.stdout.write(
            f"wrk -t{options['threads']} -c{options['connections']} -d{options['duration']}s, "
            f"{options['workers']} gunicorn processes, {options['rounds']} round(s), "
            f"{os.cpu_count()} cores, load {load:.1f} at the start; before that, alone: each page "
            f"asked {options['alone']} times one request at a time"
        )
        wrk = {k: options[k] for k in ("duration", "connections", "threads")}
        results: dict[str, list[tuple[Run, Run]]] = {label: [] for label, _, _ in pages}
        alone = {
            label: _alone(app + path, headers, options["alone"])
            for label, path, headers in pages
            if options["alone"]
        }
        for _ in range(options["rounds"]):
            for label, path, headers in pages:
                bare = _wrk(floor + path, headers={}, **wrk)
                ours = _wrk(app + path, headers=headers, **wrk)
                for run in (bare, ours):
                    if run.failed:
                        raise CommandError(f"{label}: {run.failed} requests failed\n{run.report}")
                results[label].append((bare, ours))
        self.stdout.write(
            "\n| page | req/s | p50 ms | p99 ms | floor req/s | share of the floor "
            "| alone: p50 ms | alone: p95 ms |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|"
        )
        for label, runs in results.items():
            floor_rate = statistics.median(bare.rate for bare, _ in runs)
            ratio = statistics.median(ours.rate / bare.rate for bare, ours in runs)
            self.stdout.write(
                f"| {label} | {statistics.median(o.rate for _, o in runs):.0f} "
                f"| {statistics.median(o.p50 for _, o in runs):.1f} "
                f"| {statistics.median(o.p99 for _, o in runs):.1f} "
                f"| {floor_rate:.0f} | {ratio:.0%} "
                f"| {alone[label][0] if label in alone else 0:.1f} "
                f"| {alone[label][1] if label in alone else 0:.1f} |"
            )
        self.stdout.write(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")
