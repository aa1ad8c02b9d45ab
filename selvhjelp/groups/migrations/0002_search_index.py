"""Full-text search for the directory: a GIN index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

POSTGRES_UP = [
    "CREATE INDEX groups_group_search ON groups_group "
    "USING GIN (to_tsvector('simple'::regconfig, search_document))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS groups_group_search"]

SQLITE_UP = [
    "CREATE VIRTUAL TABLE groups_group_fts USING fts5("
    "search_document, content='groups_group', content_rowid='id')",
    "CREATE TRIGGER groups_group_fts_insert AFTER INSERT ON groups_group BEGIN "
    "INSERT INTO groups_group_fts(rowid, search_document) VALUES (new.id, new.search_document); "
    "END",
    "CREATE TRIGGER groups_group_fts_delete AFTER DELETE ON groups_group BEGIN "
    "INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER groups_group_fts_update AFTER UPDATE OF search_document ON groups_group BEGIN "
    "INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO groups_group_fts(rowid, search_document) VALUES (new.id, new.search_document); "
    "END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS groups_group_fts_update",
    "DROP TRIGGER IF EXISTS groups_group_fts_delete",
    "DROP TRIGGER IF EXISTS groups_group_fts_insert",
    "DROP TABLE IF EXISTS groups_group_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
