"""The directory's indexes: by place (for listed groups, and for those with room), the themes'
groups in one index, and PostgreSQL's search index for listed groups only, without a pending list.

The join table of groups and themes gets an index on (theme, group), so that a theme's groups
are read from the index alone (PostgreSQL) and met with a county's groups with room.

Only the directory searches, and it shows only listed groups: the search index holds those
alone (a quarter fewer entries to read), and it answers the listing's condition itself, so the
planner never joins it with a whole partial index to learn which groups are listed. With
`fastupdate` (the default) PostgreSQL gathers new and changed search texts in a list that every
search reads through until a vacuum folds it in: up to 4 MB, some 13,000 groups. Groups change
rarely, so each change now goes into the index at once.
"""

from django.db import migrations, models



SEARCH = "USING GIN (to_tsvector('simple'::regconfig, search_document))"


def search_index_listed(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX groups_group_search")
        schema_editor.execute(
            f"CREATE INDEX groups_group_search ON groups_group {SEARCH} "
            "WITH (fastupdate = off) WHERE listed AND NOT (state = 'ended')"
        )


def search_index_all(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX groups_group_search")
        schema_editor.execute(f"CREATE INDEX groups_group_search ON groups_group {SEARCH}")


class Migration(migrations.Migration):

    dependencies = [("groups", "0003_folded_search_words")]

    operations = [
        migrations.RemoveIndex(
            model_name='group',
            name='group_place',
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('listed', True), models.Q(('state', 'ended'), _negated=True)), fields=['municipality'], name='group_listed_place'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(condition=models.Q(('listed', True), models.Q(('state', 'ended'), _negated=True), models.Q(('state', 'forming'), models.Q(('free_seats__gt', 0), ('openness', 'open')), _connector='OR')), fields=['municipality', 'id'], name='group_room_place'),
        ),
        migrations.RunSQL(
            "CREATE INDEX group_themes_by_theme ON groups_group_themes (theme_id, group_id)",
            "DROP INDEX group_themes_by_theme",
        ),
        migrations.RunPython(search_index_listed, search_index_all),
    ]
