"""Full-text search over the groups' search documents: PostgreSQL's text search, SQLite's FTS5.

Both are set up by the first migration and queried with prefix terms, so "sor" finds "sorg";
the query is folded like the document's extra words, so "tromso" finds Tromsø. Both hold the
listed groups only (migrations 0004 and 0005).
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from selvhjelp.groups.models import SearchEntry
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
        tsquery = " & ".join(f"{_quoted(word)}:*" for word in words)
        condition = RawSQL(
            "to_tsvector('simple'::regconfig, groups_group.search_document) "
            "@@ to_tsquery('simple'::regconfig, %s)",
            [tsquery],
            output_field=BooleanField(),
        )
        return Q(condition)
    return Q(
        id__in=RawSQL(
            "SELECT rowid FROM groups_group_fts WHERE groups_group_fts MATCH %s", [_fts(words)]
        )
    )


def listed_matching(query: str) -> QuerySet[SearchEntry] | None:
    """On SQLite, the search table's entries of the listed groups `matching` finds: no group's
    row is read. None on PostgreSQL, whose index is read with the groups' rows, and for a
    query without words."""
    words = terms(query)
    if not words or connection.vendor != "sqlite":
        return None
    condition = RawSQL("groups_group_fts MATCH %s", [_fts(words)], output_field=BooleanField())
    return SearchEntry.objects.filter(condition)


def _quoted(word: str) -> str:
    """The word as one term of PostgreSQL's to_tsquery, never read as its operators: folding
    can leave signs in a word ("⑴" becomes "(1)"), which unquoted were a syntax error."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _fts(words: list[str]) -> str:
    """FTS5's query: every word as a quoted prefix (quoted, a word is never an operator)."""
    return " ".join(f'"{word}"*' for word in words)


# A group is in SQLite's search table while it is listed (models.LISTED), as in PostgreSQL's
# search index: the directory shows no other, and counts and pages a search from the table
# alone (directory/selectors.py). The table takes its text from the groups' rows, and FTS5
# removes a group by the words it is given: a removal must name exactly the words the group
# was indexed with, and only a group that is in the table may be removed, or the index keeps
# words no group has. So each trigger asks whether the row it removes was in the table, and
# whether the row it adds belongs there.
_WAS_LISTED = "old.listed AND NOT (old.state = 'ended')"
_IS_LISTED = "new.listed AND NOT (new.state = 'ended')"
_REMOVE_OLD = (
    "INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
    "SELECT 'delete', old.id, old.search_document"
)
_ADD_NEW = "INSERT INTO groups_group_fts(rowid, search_document) SELECT new.id, new.search_document"

SQLITE_TRIGGERS = {
    "groups_group_fts_insert": (
        f"CREATE TRIGGER groups_group_fts_insert AFTER INSERT ON groups_group "
        f"WHEN {_IS_LISTED} BEGIN {_ADD_NEW}; END"
    ),
    "groups_group_fts_delete": (
        f"CREATE TRIGGER groups_group_fts_delete AFTER DELETE ON groups_group "
        f"WHEN {_WAS_LISTED} BEGIN {_REMOVE_OLD}; END"
    ),
    # Django's save() writes every column: only a real change of what the table depends on
    # rewrites the group's entry.
    "groups_group_fts_update": (
        "CREATE TRIGGER groups_group_fts_update "
        "AFTER UPDATE OF search_document, listed, state ON groups_group "
        "WHEN old.search_document IS NOT new.search_document OR old.listed IS NOT new.listed "
        "OR old.state IS NOT new.state "
        f"BEGIN {_REMOVE_OLD} WHERE {_WAS_LISTED}; {_ADD_NEW} WHERE {_IS_LISTED}; END"
    ),
}

# Every listed group's entry, in a table emptied first: 'rebuild' would index every group.
SQLITE_REINDEX = [
    "INSERT INTO groups_group_fts(groups_group_fts) VALUES ('delete-all')",
    "INSERT INTO groups_group_fts(rowid, search_document) "
    "SELECT id, search_document FROM groups_group WHERE listed AND NOT (state = 'ended')",
]


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
            for statement in SQLITE_REINDEX:
                cursor.execute(statement)
    return bool(missing)
