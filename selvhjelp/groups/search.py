"""Full-text search over the groups' search documents: PostgreSQL's text search, SQLite's FTS5.

Both are set up by migration 0002 and queried with prefix terms, so "sor" finds "sorg"; the
query is folded like the document's extra words, so "tromso" finds Tromsø.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from selvhjelp.lib.folding import fold

_WORD = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    """The query's words, folded as the search text's extra words are (lib/folding.py)."""
    return [fold(word) for word in _WORD.findall(query)][:8]


def matching(query: str) -> Q | None:
    """A filter for groups whose search document has every word of the query (as a prefix)."""
    words = terms(query)
    if not words:
        return None
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in words)
        condition = RawSQL(
            "to_tsvector('simple'::regconfig, groups_group.search_document) "
            "@@ to_tsquery('simple'::regconfig, %s)",
            [tsquery],
            output_field=BooleanField(),
        )
        return Q(condition)
    fts = " ".join(f'"{word}"*' for word in words)
    return Q(
        id__in=RawSQL("SELECT rowid FROM groups_group_fts WHERE groups_group_fts MATCH %s", [fts])
    )


SQLITE_TRIGGERS = {
    "groups_group_fts_insert": (
        "CREATE TRIGGER groups_group_fts_insert AFTER INSERT ON groups_group BEGIN "
        "INSERT INTO groups_group_fts(rowid, search_document) "
        "VALUES (new.id, new.search_document); END"
    ),
    "groups_group_fts_delete": (
        "CREATE TRIGGER groups_group_fts_delete AFTER DELETE ON groups_group BEGIN "
        "INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
        "VALUES ('delete', old.id, old.search_document); END"
    ),
    "groups_group_fts_update": (
        "CREATE TRIGGER groups_group_fts_update AFTER UPDATE OF search_document ON groups_group "
        "BEGIN INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
        "VALUES ('delete', old.id, old.search_document); "
        "INSERT INTO groups_group_fts(rowid, search_document) "
        "VALUES (new.id, new.search_document); END"
    ),
}


def sqlite_triggers_ensure(connection: BaseDatabaseWrapper) -> bool:
    """Re-create the triggers that keep SQLite's search table current; True if any was missing.

    SQLite rebuilds a table when a migration changes it, and the triggers go with the old
    table; this runs after every `migrate` and puts them back (and re-indexes once).
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'groups_group_fts'"
        )
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(SQLITE_TRIGGERS[name])
        if missing:
            cursor.execute("INSERT INTO groups_group_fts(groups_group_fts) VALUES ('rebuild')")
    return bool(missing)
