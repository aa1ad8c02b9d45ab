"""The statistics pages with ten years of history: response times and query counts.

    uv run selvhjelp bench-statistics [--groups 1000] [--years 10] [--runs 7]

Without DATABASE_URL it fills a throwaway SQLite database; with it, that database (see
bench_directory). One contact point gets the groups, started evenly over the years, each with its
statistics record, and monthly interest tallies for five themes in its municipalities. A
coordinator and an administrator sign in through the login pages with a code app, as people do,
and each page is asked for `--runs` times. Prints the median time and the number of queries.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, ContactPointKind, Staff, StaffRole
from selvhjelp.groups.models import Group, GroupFormat, GroupKind, GroupState, Theme
from selvhjelp.interest.models import InterestTally
from selvhjelp.lib.benchmark import scratch_database
from selvhjelp.lib.totp import totp_activate, totp_code
from selvhjelp.places.models import Municipality
from selvhjelp.statistics.models import GroupRecord

PASSWORD = "benchmark-statistics-2026"  # noqa: S105 - a throwaway account in a scratch database
SLUG = "bench-statistikk"


def _fill(groups: int, years: int, write: Callable[[str], None]) -> None:
    if ContactPoint.objects.filter(slug=SLUG).exists():
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    point = ContactPoint.objects.create(
        name="Benchmark", slug=SLUG, kind=ContactPointKind.LINK_CENTRE
    )
    places = list(Municipality.objects.order_by("code")[:8])
    point.municipalities.set(places)
    themes = list(Theme.objects.order_by("pk")[:5])
    rows, records = [], []
    for number in range(groups):
        started = today - timedelta(days=rng.randint(0, 365 * years))
        lasted = rng.choice([None, 90, 200, 400, 800])
        ended = started + timedelta(days=lasted) if lasted else None
        ended = ended if ended and ended < today else None
        state = GroupState.ENDED if ended else GroupState.RUNNING
        place = rng.choice(places)
        rows.append(
            Group(
                title=f"Gruppe {number}",
                contact_point=point,
                kind=GroupKind.SHARED,
                municipality=place,
                format=rng.choice(list(GroupFormat)),
                state=state,
                listed=False,
            )
        )
        records.append(
            GroupRecord(
                contact_point=point,
                municipality=place,
                format=rows[-1].format,
                state=state,
                created_on=started - timedelta(days=30),
                pool_reached_on=started - timedelta(days=rng.randint(5, 60)),
                started_on=started,
                handed_over_on=started + timedelta(days=rng.randint(14, 60)),
                ended_on=ended,
                members_at_start=rng.randint(3, 8),
                meetings_held=rng.randint(3, 80),
                meetings_with_notice=rng.randint(0, 20),
                reflections_answered=rng.randint(0, 100),
                evaluations_answered=rng.randint(0, 20),
                follow_up_in_window=rng.choice([True, False, None]),
            )
        )
    with transaction.atomic():
        created = Group.objects.bulk_create(rows)
        for group, record in zip(created, records, strict=True):
            record.group = group
        saved = GroupRecord.objects.bulk_create(records)
        GroupRecord.themes.through.objects.bulk_create(
            GroupRecord.themes.through(grouprecord_id=record.pk, theme_id=rng.choice(themes).pk)
            for record in saved
        )
        tallies = []
        for months_ago in range(12 * years):
            month = date(today.year, today.month, 1)
            for _ in range(months_ago):
                month = (month - timedelta(days=1)).replace(day=1)
            for place in places:
                tallies.append(
                    InterestTally(contact_point=point, municipality=place, month=month, people=5)
                )
                tallies += [
                    InterestTally(
                        contact_point=point, municipality=place, theme=theme, month=month, people=2
                    )
                    for theme in themes
                ]
        InterestTally.objects.bulk_create(tallies)
    write(f"  … {groups} groups and {len(tallies)} interest tallies over {years} years")


def _person(email: str, *, admin: bool) -> tuple[User, str]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        user.delete()
    create = User.objects.create_superuser if admin else User.objects.create_user
    user = create(email, PASSWORD, display_name="Benchmark")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, totp_activate(user)


def _signed_in(email: str, secret: str) -> Client:
    """Through the login page and the code app's step, as a person signs in."""
    client = Client()
    client.post("/konto/login/", {"login": email, "password": PASSWORD})
    client.post("/konto/2fa/authenticate/", {"code": totp_code(secret)})
    return client


def _measure(runs: int, write: Callable[[str], None]) -> None:
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    coordinator, coordinator_key = _person("koordinator@bench.example.org", admin=False)
    point = ContactPoint.objects.get(slug=SLUG)
    Staff.objects.create(contact_point=point, user=coordinator, role=StaffRole.COORDINATOR)
    admin, admin_key = _person("admin@bench.example.org", admin=True)
    base = f"/kontaktpunkt/{SLUG}/statistikk"
    ten_years = (
        f"?periode=egen&fra={timezone.localdate().year - 9}-01-01&til={timezone.localdate()}"
    )
    pages = [
        ("contact point, this year", coordinator, f"{base}/"),
        ("contact point, last year", coordinator, f"{base}/?periode=i-fjor"),
        ("contact point, ten years", coordinator, f"{base}/{ten_years}"),
        ("contact point, CSV", coordinator, f"{base}.csv?periode=i-fjor"),
        ("contact point, Excel", coordinator, f"{base}.xlsx?periode=i-fjor"),
        ("installation, last year", admin, "/statistikk/?periode=i-fjor"),
    ]
    keys = {coordinator.pk: coordinator_key, admin.pk: admin_key}
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        clients = {
            person.pk: _signed_in(person.email, keys[person.pk]) for person in (coordinator, admin)
        }
        for label, person, path in pages:
            client = clients[person.pk]
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            timings, cpu = [], []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started, started_cpu = time.perf_counter(), time.thread_time()
                    client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.thread_time() - started_cpu) * 1000)
            # On a shared machine the wall time includes waiting for a core; the processor time
            # of the request (SQLite runs in the same thread) is what the page itself costs.
            write(
                f"  {label:<28} median {statistics.median(timings):7.1f} ms  "
                f"(min {min(timings):6.1f}; processor {statistics.median(cpu):6.1f} ms; "
                f"{len(queries.captured_queries)} queries)"
            )


class Command(BaseCommand):
    help = (
        "The statistics pages' response times with years of history, on a throwaway SQLite "
        "database (or on DATABASE_URL's, which it fills)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--groups", type=int, default=1000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--runs", type=int, default=7)

    def handle(self, *args: Any, groups: int, years: int, runs: int, **options: Any) -> None:
        with scratch_database() as vendor:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
            self.stdout.write(f"Statistics benchmark on {vendor}: {groups} groups, {years} years")
            _fill(groups, years, self.stdout.write)
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
            self.stdout.write(
                f"  {runs} runs per page (load average {load} on {os.cpu_count()} cores):"
            )
            _measure(runs, self.stdout.write)
