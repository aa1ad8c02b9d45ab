from django.db import migrations, models

import selvhjelp.groups.models


def fill(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    for group in Group.objects.filter(link_key__isnull=True).only("pk"):
        group.link_key = selvhjelp.groups.models.new_link_key()
        group.save(update_fields=["link_key"])


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_squashed_0006_frames_suggestions_and_retention")]

    operations = [
        migrations.AddField(
            model_name="group",
            name="link_key",
            field=models.CharField(editable=False, max_length=24, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="group",
            name="link_key",
            field=models.CharField(
                default=selvhjelp.groups.models.new_link_key,
                editable=False,
                max_length=24,
                unique=True,
            ),
        ),
    ]
