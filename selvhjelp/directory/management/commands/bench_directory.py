"""The directory at national scale and beyond: response times with many groups.

    uv run selvhjelp bench-directory [--groups 100000] [--runs 20] [--demo]

Without DATABASE_URL it fills a throwaway SQLite database. With DATABASE_URL it uses that
database, which it fills with benchmark groups: point it at a scratch database, for example
`createdb -h 127.0.0.1 -U postgres selvhjelp_bench` and
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/selvhjelp_bench`.
Prints the median and 95th-percentile time and the number of queries of each page. With
--demo the pages are measured on the demonstration data instead (`selvhjelp demo`).
"""

from __future__ import annotations

import io
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.utils import timezone

from selvhjelp.groups.models import CODE_ALPHABET, Group, GroupFormat, GroupState, Openness, Theme
from selvhjelp.lib.benchmark import percentile, scratch_database
from selvhjelp.places.models import Municipality

PAGES = [
    ("all groups", "/grupper/"),
    ("text search", "/grupper/?q=sorg"),
    ("text search, two words", "/grupper/?q=samtale+bergen"),
    ("theme + county + room", "/grupper/?tema=angst&fylke=46&plass=on"),
    ("search + municipality + day", "/grupper/?q=gruppe&kommune=0301&dag=2"),
    ("page 500", "/grupper/?side=500"),
]
# "USING INDEX x" (SQLite); "Index Scan using x", "Index Only Scan Backward using x" and
# "Bitmap Index Scan on x" (PostgreSQL).
INDEX_NAME = re.compile(
    r"(?:USING (?:COVERING )?INDEX|Index (?:Only )?Scan (?:Backward )?using|Bitmap Index Scan on)"
    r" (\w+)"
)
WORDS = ["Samtale", "Gruppe", "Treff", "Fellesskap", "Møteplass", "Sirkel", "Rom", "Kveld"]


def groups_fill(count: int, write: Callable[[str], None]) -> None:
    have = Group.objects.count()
    if have >= count:
        return
    rng = random.Random(2026)
    themes = list(Theme.objects.all())
    places = list(Municipality.objects.select_related("county"))
    states = [
        GroupState.FORMING,
        GroupState.STARTING,
        GroupState.RUNNING,
        GroupState.RUNNING,
        GroupState.RUNNING,
        GroupState.PAUSED,
        GroupState.ENDED,
    ]
    through = Group.themes.through
    now = timezone.now()
    batch = 5000
    for start in range(have, count, batch):
        rows, links = [], []
        for n in range(start, min(start + batch, count)):
            picked = rng.sample(themes, rng.choice([1, 1, 2]))
            place = rng.choice(places)
            title = f"{rng.choice(WORDS)} om {picked[0].name_nb.lower()} {n}"
            is_open = rng.random() < 0.2
            rows.append(
                Group(
                    # Numbered codes: a million random ones would meet twice about every
                    # other fill (the unique index stops the fill when they do).
                    code=f"b{_base31(n):a>7}",
                    title=title,
                    municipality=place,
                    kind=picked[0].kind,
                    format=rng.choice(list(GroupFormat)),
                    weekday=rng.choice([None, 0, 1, 2, 3, 4, 5, 6]),
                    time_of_day=rng.choice(["", "morning", "daytime", "evening"]),
                    state=rng.choice(states),
                    openness=Openness.OPEN if is_open else Openness.CLOSED,
                    free_seats=rng.randint(1, 3) if is_open else 0,
                    listed=rng.random() < 0.9,
                    created_at=now,
                    search_document=" ".join(
                        [
                            title,
                            *[t.name_nb for t in picked],
                            *[t.name_en for t in picked],
                            place.name,
                            place.county.name,
                        ]
                    ),
                )
            )
            links.append(picked)
        with transaction.atomic():
            created = Group.objects.bulk_create(rows)
            through.objects.bulk_create(
                through(group_id=group.id, theme_id=theme.id)
                for group, picked in zip(created, links, strict=True)
                for theme in picked
            )
        write(f"  … {min(start + batch, count)} groups")


def _base31(n: int) -> str:
    digits = ""
    while True:
        n, digit = divmod(n, len(CODE_ALPHABET))
        digits = CODE_ALPHABET[digit] + digits
        if n == 0:
            return digits


def _measure(runs: int, write: Callable[[str], None]) -> None:
    setup_test_environment()  # so that responses carry their template context
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    listed = Group.objects.listed().order_by("id").values_list("code", flat=True)
    sample = listed[min(1000, listed.count() - 1)]
    pages = [*PAGES, ("one group's page", f"/grupper/{sample}/")]
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The page cache would answer every run after the first: this measures the pages as drawn.
    with override_settings(
        ALLOWED_HOSTS=["testserver"], STORAGES=storages, SELVHJELP_PAGE_CACHE=False
    ):
        client = Client()
        for label, path in pages:
            assert client.get(path).status_code == 200, path
            timings = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
            found = response.context["page"].paginator.count if "page" in response.context else 1
            write(
                f"  {label:<30} median {statistics.median(timings):7.1f} ms  "
                f"p95 {percentile(timings, 95):7.1f} ms  "
                f"(min {min(timings):6.1f}, {len(queries.captured_queries)} queries, "
                f"{found} found)"
            )
            write(f"  {'':<30} indexes: {', '.join(_indexes(queries.captured_queries)) or '-'}")


def _indexes(queries: list[dict[str, str]]) -> list[str]:
    """The indexes the database's planner chose for the page's queries on groups."""
    used: list[str] = []
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    for query in queries:
        if "groups_group" not in query["sql"] or not query["sql"].lstrip().startswith(
            ("SELECT", "WITH")
        ):
            continue
        with connection.cursor() as cursor:
            cursor.execute(explain + query["sql"])
            plan = " ".join(str(part) for row in cursor.fetchall() for part in row)
        for name in INDEX_NAME.findall(plan):
            if name not in used:
                used.append(name)
    return used


class Command(BaseCommand):
    help = (
        "The directory's response times and query counts with many groups, on a throwaway "
        "SQLite database (or on DATABASE_URL's, which it fills)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--groups", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument(
            "--demo", action="store_true", help="the demonstration data instead of --groups"
        )

    def handle(self, *args: Any, groups: int, runs: int, demo: bool, **options: Any) -> None:
        with scratch_database() as vendor:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
            started = time.perf_counter()
            if demo:
                self.stdout.write(f"Directory benchmark on {vendor}: the demonstration data")
                # Named, not imported: the demonstration data sits above the directory.
                call_command("demo", stdout=io.StringIO())
            else:
                self.stdout.write(f"Directory benchmark on {vendor}: filling to {groups} groups")
                groups_fill(groups, self.stdout.write)
            if vendor == "postgresql":
                # As autovacuum leaves a live database: statistics for the planner, and the
                # visibility map without which no index is read alone.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            self.stdout.write(
                f"  ready after {time.perf_counter() - started:.0f} s; {runs} runs per page, "
                f"load {os.getloadavg()[0]:.1f} at the start:"
            )
            _measure(runs, self.stdout.write)
            self.stdout.write(f"  load {os.getloadavg()[0]:.1f} at the end")
