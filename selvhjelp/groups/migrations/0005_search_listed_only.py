"""SQLite's search table holds the listed groups only, as PostgreSQL's search index does (0004).

The directory shows only listed groups, so a search can then be counted and paged from the
table alone, without reading each matching group's row to ask whether it is listed. The
triggers add and remove a group as it is listed, unlisted, ended or taken up again; a group
may be removed from the table only if it is in it, under the words it was indexed with.
'rebuild' would index every group, so the table is emptied and the listed groups put in.
The triggers may be gone already: an earlier migration that changed the groups' table made
SQLite rebuild it without them (groups/search.py `sqlite_triggers_ensure`).

The statements are written out as they were and are now (groups/search.py has the current
ones; a test checks that the two agree).
"""

from django.db import migrations, models

WAS_LISTED = "old.listed AND NOT (old.state = 'ended')"
IS_LISTED = "new.listed AND NOT (new.state = 'ended')"
REMOVE_OLD = (
    "INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
    "SELECT 'delete', old.id, old.search_document"
)
ADD_NEW = "INSERT INTO groups_group_fts(rowid, search_document) SELECT new.id, new.search_document"

LISTED_ONLY = [
    "DROP TRIGGER IF EXISTS groups_group_fts_insert",
    "DROP TRIGGER IF EXISTS groups_group_fts_delete",
    "DROP TRIGGER IF EXISTS groups_group_fts_update",
    f"CREATE TRIGGER groups_group_fts_insert AFTER INSERT ON groups_group "
    f"WHEN {IS_LISTED} BEGIN {ADD_NEW}; END",
    f"CREATE TRIGGER groups_group_fts_delete AFTER DELETE ON groups_group "
    f"WHEN {WAS_LISTED} BEGIN {REMOVE_OLD}; END",
    "CREATE TRIGGER groups_group_fts_update "
    "AFTER UPDATE OF search_document, listed, state ON groups_group "
    "WHEN old.search_document IS NOT new.search_document OR old.listed IS NOT new.listed "
    "OR old.state IS NOT new.state "
    f"BEGIN {REMOVE_OLD} WHERE {WAS_LISTED}; {ADD_NEW} WHERE {IS_LISTED}; END",
    "INSERT INTO groups_group_fts(groups_group_fts) VALUES ('delete-all')",
    "INSERT INTO groups_group_fts(rowid, search_document) "
    "SELECT id, search_document FROM groups_group WHERE listed AND NOT (state = 'ended')",
]

ALL_GROUPS = [
    "DROP TRIGGER IF EXISTS groups_group_fts_insert",
    "DROP TRIGGER IF EXISTS groups_group_fts_delete",
    "DROP TRIGGER IF EXISTS groups_group_fts_update",
    "CREATE TRIGGER groups_group_fts_insert AFTER INSERT ON groups_group BEGIN "
    "INSERT INTO groups_group_fts(rowid, search_document) "
    "VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER groups_group_fts_delete AFTER DELETE ON groups_group BEGIN "
    "INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER groups_group_fts_update AFTER UPDATE OF search_document ON groups_group "
    "BEGIN INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO groups_group_fts(rowid, search_document) "
    "VALUES (new.id, new.search_document); END",
    "INSERT INTO groups_group_fts(groups_group_fts) VALUES ('rebuild')",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("groups", "0004_directory_indexes")]

    operations = [
        migrations.RunPython(_run(LISTED_ONLY), _run(ALL_GROUPS)),
        # The table as the directory reads it (SQLite's only; no table is made or changed).
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.IntegerField(db_column="rowid", primary_key=True, serialize=False)),
            ],
            options={
                "db_table": "groups_group_fts",
                "managed": False,
            },
        ),
    ]
