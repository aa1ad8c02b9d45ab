"""Add the folded form of every word to the groups' search text, so "tromso" finds Tromsø."""

from django.db import migrations

from selvhjelp.lib.folding import searchable


def fold_documents(apps, schema_editor):
    Group = apps.get_model("groups", "Group")
    changed = []
    for group in Group.objects.only("id", "search_document").iterator(chunk_size=2000):
        document = searchable(group.search_document)
        if document != group.search_document:
            group.search_document = document
            changed.append(group)
        if len(changed) >= 2000:
            Group.objects.bulk_update(changed, ["search_document"])
            changed = []
    Group.objects.bulk_update(changed, ["search_document"])


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_group_link_key")]

    operations = [migrations.RunPython(fold_documents, migrations.RunPython.noop)]
