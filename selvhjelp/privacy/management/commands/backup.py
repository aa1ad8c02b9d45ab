"""`selvhjelp backup [--output FILE]`: a consistent copy of the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from selvhjelp.privacy.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Copy the whole database into a new file, readable by its owner only, while the site "
        "runs: SQLite with its online backup, PostgreSQL with pg_dump (custom format). Restore "
        "it with `restore`. The file holds health data: encrypt it and keep it safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="the new file (default: backups/selvhjelp-<time>.sqlite3 or .dump in the "
            "data folder); an existing file is never overwritten",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        try:
            written = database_backup(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {written}")
