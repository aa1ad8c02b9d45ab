"""Django's database cache (the default without Redis), its reads written once per process.

Every request reads the page cache's version from it (lib/pagecache.py), and a kept page is
not much more than that read. Django's `get_many` writes its SQL anew and builds a date field
and its converters for the expiry on every call, which took half of a kept page's time; this
one keeps both. The table, its rows and everything else (writing, expiry, culling) stay
Django's own.
"""

from __future__ import annotations

import base64
import pickle
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.core.cache.backends import db
from django.db import connections, models, router
from django.utils.timezone import now


class DatabaseCache(db.DatabaseCache):
    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        if not key_map:
            return {}
        alias = router.db_for_read(self.cache_model_class)
        connection = connections[alias]
        table: str = self._table  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute(_read_sql(alias, table, len(key_map)), list(key_map))
            rows = cursor.fetchall()
        expiry = _expiry(alias, connection.vendor)
        moment = now()
        found: dict[str, Any] = {}
        expired = []
        for key, value, expires in rows:
            if expiry(expires) < moment:
                expired.append(key)
            else:
                text = connection.ops.process_clob(value)
                found[key_map[key]] = pickle.loads(base64.b64decode(text.encode()))  # noqa: S301
        self._base_delete_many(expired)  # type: ignore[attr-defined]
        return found


@cache
def _read_sql(alias: str, table: str, count: int) -> str:
    q = connections[alias].ops.quote_name
    places = ", ".join(["%s"] * count)
    # Only the table's and columns' own names go into the text; the keys are parameters.
    return (
        f"SELECT {q('cache_key')}, {q('value')}, {q('expires')} FROM {q(table)} "  # noqa: S608
        f"WHERE {q('cache_key')} IN ({places})"
    )


@cache
def _expiry(alias: str, vendor: str) -> Callable[[Any], Any]:
    """The expiry as the database gives it, as an aware datetime: the ORM's own converters
    for a date field (SQLite gives text), found once."""
    connection = connections[alias]
    expression = models.Expression(output_field=models.DateTimeField())
    converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(
        connection
    )

    def convert(value: Any) -> Any:
        for converter in converters:
            value = converter(value, expression, connections[alias])
        return value

    return convert
