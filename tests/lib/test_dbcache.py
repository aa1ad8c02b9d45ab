"""Our database cache reads what Django's own writes, exactly as Django's reads it: values of
every kind, several keys at once, versions, and nothing for an expired entry, which is removed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache.backends.db import DatabaseCache as DjangosCache
from django.core.management import call_command
from django.db import connection

from selvhjelp.lib.dbcache import DatabaseCache

pytestmark = pytest.mark.django_db
TABLE = "selvhjelp_test_cache"


@pytest.fixture
def both(settings) -> Iterator[tuple[DatabaseCache, DjangosCache]]:
    settings.CACHES = {
        **settings.CACHES,
        "tested": {"BACKEND": "selvhjelp.lib.dbcache.DatabaseCache", "LOCATION": TABLE},
    }
    call_command("createcachetable", verbosity=0)
    ours, theirs = DatabaseCache(TABLE, {}), DjangosCache(TABLE, {})
    yield ours, theirs
    theirs.clear()


VALUES = {
    "text": "sorg og savn",
    "number": 7,
    "none-like": 0,
    "page": (200, [("Content-Type", "text/html")], b"<p>hei</p>"),
    "when": datetime(2026, 12, 3, 17, 0, tzinfo=UTC),
    "nested": {"a": [1, 2, {"b": "ø"}]},
}


def test_it_reads_what_djangos_writes_as_djangos_reads_it(both) -> None:
    ours, theirs = both
    theirs.set_many(VALUES, 60)
    for key, value in VALUES.items():
        assert ours.get(key) == theirs.get(key) == value
    keys = [*VALUES, "missing"]
    assert ours.get_many(keys) == theirs.get_many(keys) == VALUES
    assert ours.get_many(["text", "number"]) == {"text": "sorg og savn", "number": 7}
    assert ours.get("missing", "default") == "default"
    assert ours.get_many([]) == {}


def test_versions_are_kept_apart(both) -> None:
    ours, theirs = both
    theirs.set("key", "one", 60, version=1)
    theirs.set("key", "two", 60, version=2)
    assert ours.get("key", version=1) == "one"
    assert ours.get("key", version=2) == "two"
    assert ours.get("key", version=3) is None


def test_an_expired_entry_is_nothing_and_is_removed(both) -> None:
    ours, theirs = both
    start = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        theirs.set("soon", "gone", 30)
        theirs.set("later", "still here", 300)
    with time_machine.travel(start + timedelta(seconds=29), tick=False):
        assert ours.get_many(["soon", "later"]) == {"soon": "gone", "later": "still here"}
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        assert ours.get_many(["soon", "later"]) == {"later": "still here"}
        assert theirs.get("soon") is None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 1


def test_it_is_the_sites_database_cache(settings) -> None:
    from selvhjelp import settings as site

    if str(site.CACHES["default"]["BACKEND"]).endswith("RedisCache"):
        pytest.skip("the site runs with Redis here")
    assert site.CACHES["default"]["BACKEND"] == "selvhjelp.lib.dbcache.DatabaseCache"
    assert site.CACHES["pages"]["BACKEND"] == "selvhjelp.lib.dbcache.DatabaseCache"
