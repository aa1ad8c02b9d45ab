from django.db import migrations


def load(apps, schema_editor):
    from selvhjelp.places.loading import BUNDLED, load_places, read_rows

    load_places(
        read_rows(BUNDLED),
        county_model=apps.get_model("places", "County"),
        municipality_model=apps.get_model("places", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
