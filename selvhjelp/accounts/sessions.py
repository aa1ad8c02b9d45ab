"""Django's database sessions, read with one plain query.

Every signed-in request reads its session first. Through the ORM, building that one query cost
more than running it; the rows, their format and everything else (saving, expiry, clearing)
stay Django's own.
"""

from __future__ import annotations

from functools import cache as cache_function
from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key  # None unless it passed Django's check of a key
        if key is None:
            return None
        alias = router.db_for_read(self.model)
        with connections[alias].cursor() as cursor:
            cursor.execute(_read_sql(alias), [key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return self.model(session_key=key, session_data=row[0])


@cache_function
def _read_sql(alias: str) -> str:
    from django.contrib.sessions.models import Session

    q = connections[alias].ops.quote_name
    # Only the table's and columns' own names go into the text; values are parameters.
    return (
        f"SELECT {q('session_data')} FROM {q(Session._meta.db_table)} "  # noqa: S608
        f"WHERE {q('session_key')} = %s AND {q('expire_date')} > %s"
    )
