"""Full-text search over the groups' search documents: PostgreSQL's text search, SQLite's FTS5.

Both are set up by migration 0002 and queried with prefix terms, so "sor" finds "sorg".
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

_WORD = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(query)][:8]


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
