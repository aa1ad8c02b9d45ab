"""The benchmarks' database: a throwaway SQLite file unless DATABASE_URL names one.

A benchmark fills its database with made-up people, messages and groups, so without
DATABASE_URL it must not touch the real one in the data folder.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

from selvhjelp.lib.env import env_str


@contextmanager
def scratch_database() -> Iterator[str]:
    """Point the default database at a new SQLite file until the block ends, unless DATABASE_URL
    is set (then that database is used, and filled); yields the database's vendor name."""
    connection = connections[DEFAULT_DB_ALIAS]
    if env_str("DATABASE_URL"):
        yield connection.vendor
        return
    original = connection.settings_dict["NAME"]
    with tempfile.TemporaryDirectory(prefix="selvhjelp-bench-") as folder:
        connection.close()
        connection.settings_dict["NAME"] = str(Path(folder) / "bench.sqlite3")
        try:
            yield connection.vendor
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
