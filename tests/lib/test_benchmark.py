"""The benchmarks' database: with DATABASE_URL naming a database that cannot be opened, a
benchmark stops with what to do, not a traceback."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from selvhjelp.lib.benchmark import scratch_database


@pytest.fixture
def missing_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/selvhjelp_bench")

    def refuse() -> None:
        raise OperationalError('database "selvhjelp_bench" does not exist')

    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "ensure_connection", refuse)


def test_a_database_that_cannot_be_opened_is_named_with_what_to_do(
    missing_database: None,
) -> None:
    name = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    with pytest.raises(CommandError) as stopped, scratch_database():
        pytest.fail("the benchmark ran")
    message = str(stopped.value)
    assert f"({name}) cannot be opened" in message
    assert 'database "selvhjelp_bench" does not exist' in message
    assert f"createdb {name}" in message


def test_each_benchmark_stops_before_filling_anything(
    missing_database: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bench-http asks for wrk first; it need not be installed for this.
    monkeypatch.setattr(
        "selvhjelp.background.management.commands.bench_http.shutil.which",
        lambda name: f"/usr/bin/{name}",
    )
    for command in ("bench_directory", "bench_outbox", "bench_statistics", "bench_http"):
        with pytest.raises(CommandError, match="create it first"):
            call_command(command)
