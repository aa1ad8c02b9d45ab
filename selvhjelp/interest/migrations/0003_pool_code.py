"""Pools get a random code for their address, instead of the theme and the municipality."""

from django.db import migrations, models

import selvhjelp.groups.models


def fill(apps, schema_editor):
    Pool = apps.get_model("interest", "Pool")
    taken: set[str] = set()
    for pool in Pool.objects.filter(code__isnull=True).only("pk"):
        code = selvhjelp.groups.models.new_code()
        while code in taken:
            code = selvhjelp.groups.models.new_code()
        taken.add(code)
        Pool.objects.filter(pk=pool.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [("interest", "0002_groupinterest_to_groups")]

    operations = [
        migrations.AddField(
            model_name="pool",
            name="code",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pool",
            name="code",
            field=models.CharField(
                default=selvhjelp.groups.models.new_code,
                editable=False,
                max_length=12,
                unique=True,
            ),
        ),
    ]
