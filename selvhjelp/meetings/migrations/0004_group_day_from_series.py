"""A group's public day is the first weekday of its meeting series, where it has one."""

from django.db import migrations


def day_from_series(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    MeetingSeries = apps.get_model("meetings", "MeetingSeries")
    for series in MeetingSeries.objects.only("group_id", "weekdays").iterator(chunk_size=2000):
        if series.weekdays:
            Group.objects.filter(pk=series.group_id).exclude(weekday=min(series.weekdays)).update(
                weekday=min(series.weekdays)
            )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_initiator_attended"), ("groups", "0003_folded_search_words")]

    operations = [migrations.RunPython(day_from_series, migrations.RunPython.noop)]
