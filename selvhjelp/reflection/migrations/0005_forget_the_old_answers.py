"""Rewrite an SQLite database without the pages the dropped answer and marker tables left
behind, and empty its write-ahead log: the old markers were keyed with the secret key alone,
so their bytes would still pair answers with people. PostgreSQL removes a dropped table's
files itself."""

from django.db import migrations


def forget(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("reflection", "0004_reflection_markers")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
