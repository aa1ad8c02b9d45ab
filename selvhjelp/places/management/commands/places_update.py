from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from selvhjelp.lib.pagecache import public_pages_changed
from selvhjelp.places.loading import BUNDLED, load_places, read_rows
from selvhjelp.places.models import County, Municipality


class Command(BaseCommand):
    help = "Update counties and municipalities from a CSV file (Statistics Norway, class. 131)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(BUNDLED))

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            rows = read_rows(Path(path))
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        with transaction.atomic():
            result = load_places(rows, county_model=County, municipality_model=Municipality)
            public_pages_changed()
        self.stdout.write(
            f"{len(rows)} municipalities read: {result.created} new, {result.updated} changed, "
            f"{result.deactivated} no longer listed."
        )
