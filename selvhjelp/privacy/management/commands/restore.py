"""`selvhjelp restore FILE`: put a backup back, and erase again everyone erased since."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from selvhjelp.privacy.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `backup`, migrate it to this version, "
        "and erase again every account that was erased after the backup was taken. Stop the "
        "web server and the workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a file made by `selvhjelp backup`")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, file: Path, interactive: bool, **options: Any) -> None:
        if interactive:
            name = connection.settings_dict["NAME"]
            answer = input(
                f"This replaces everything in the database {name} with {file}.\n"
                "Stop the web server and the workers first. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restored = database_restore(source=file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {file}.\n"
            f"Erased accounts in the ledger: {restored.ledger_rows} "
            f"({restored.carried_over} erased after the backup was taken).\n"
            f"Accounts in the backup erased again: {restored.erased_again}."
        )
