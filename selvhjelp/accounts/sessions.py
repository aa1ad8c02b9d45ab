"""Django's database sessions, read with one plain query.

Every signed-in request reads its session first. Through the ORM, building that one query cost
more than running it; the rows, their format and everything else (saving, expiry, clearing)
stay Django's own.

A session remembers the name of the backend that signed its person in; the names of Django's
and allauth's own backends, which sessions written before accounts/backends.py hold, are read
as the names of ours, so that nobody is signed out by the change.
"""

from __future__ import annotations

from functools import cache as cache_function
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

# The backend a session names, as it was called before, and as it is called now.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "selvhjelp.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "selvhjelp.accounts.backends.AuthenticationBackend"
    ),
}


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        data: dict[str, Any] = super().load()
        backend = data.get(BACKEND_SESSION_KEY)
        if backend in RENAMED:
            data[BACKEND_SESSION_KEY] = RENAMED[backend]
        return data

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
