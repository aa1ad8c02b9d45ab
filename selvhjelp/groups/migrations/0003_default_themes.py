"""The default themes (see selvhjelp/groups/defaults.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from selvhjelp.groups.defaults import themes_load

    themes_load(apps.get_model("groups", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_search_index")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
