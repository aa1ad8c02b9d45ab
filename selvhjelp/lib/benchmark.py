"""The benchmarks' database: a throwaway SQLite file unless DATABASE_URL names one.

A benchmark fills its database with made-up people, messages and groups, so without
DATABASE_URL it must not touch the real one in the data folder.
"""

from __future__ import annotations

import math
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from selvhjelp.lib.env import env_str


@contextmanager
def scratch_database() -> Iterator[str]:
    """Point the default database at a new SQLite file until the block ends, unless DATABASE_URL
    is set (then that database is used, and filled); yields the database's vendor name."""
    connection = connections[DEFAULT_DB_ALIAS]
    if env_str("DATABASE_URL"):
        named_database_open()
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


def named_database_open() -> None:
    """Connect to the database DATABASE_URL names, or stop with what to do: a benchmark fills
    a database of its own, which must exist first."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
    except OperationalError as error:
        name = connection.settings_dict["NAME"]
        raise CommandError(
            f"The database DATABASE_URL names ({name}) cannot be opened: {error}\n"
            f"A benchmark fills a database of its own: create it first, for example "
            f"`createdb {name}` with the same host and user."
        ) from error


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_wait(
    port: int, *, seconds: float = 30, process: subprocess.Popen[bytes] | None = None
) -> bool:
    """Wait until something accepts connections on the loopback port; False when it never does
    (or when the process that should listen has ended)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def gunicorn_command(application: str, *, bind: str, workers: int) -> list[str]:
    """The web server as `selvhjelp serve` runs it, so that benchmarks measure the same one."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        application,
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` percent of the values lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]
