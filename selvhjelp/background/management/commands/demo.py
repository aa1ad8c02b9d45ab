"""`demo`: the demonstration data of selvhjelp/demo.py, for an empty database.

The data reaches into every app; Django finds commands only inside apps, and background is
the app at the top (its periodic jobs already reach into the others), so the door is here.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from selvhjelp.demo import demo_load_if_empty, demo_logins_text


class Command(BaseCommand):
    help = "Migrate, load demonstration data if nobody has an account yet, print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        loaded = demo_load_if_empty()
        logins = demo_logins_text()
        if loaded:
            self.stdout.write("Loaded demonstration data.\n")
        elif not logins:
            self.stdout.write("People have accounts here already, so no demonstration data.")
        self.stdout.write(logins, ending="")
