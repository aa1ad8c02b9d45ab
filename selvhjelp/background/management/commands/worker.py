from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from selvhjelp.background.worker import main


class Command(BaseCommand):
    help = (
        "The background worker: sends the outbox and runs the periodic jobs until SIGTERM or "
        "Ctrl-C. Run as many as you like against one database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--until-empty", action="store_true", help="stop when nothing is left to do"
        )

    def handle(self, *args: Any, until_empty: bool, **options: Any) -> None:
        main(until_empty=until_empty)
