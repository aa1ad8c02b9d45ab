"""The database cache's tables (the default store and the kept pages' own), made by `migrate`
as well as by `selvhjelp serve`, so that a server brought up to date by migrating alone never
asks for a table that is not there. Nothing happens for stores that are not tables (Redis)."""

from django.core.management import call_command
from django.db import migrations


def cache_tables_create(apps, schema_editor) -> None:  # noqa: ARG001 - a migration's signature
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []

    operations = [migrations.RunPython(cache_tables_create, migrations.RunPython.noop)]
