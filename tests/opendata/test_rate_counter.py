"""The open data API's limit per address, counted in batches per process: exact through one
process, at most a batch less one over through each other, and far fewer writes."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from selvhjelp.opendata import http
from selvhjelp.opendata.http import RateCounter, seconds_to_wait

NOW = 1_800_000_000.0  # the start of a one-minute window


@pytest.fixture
def writes(monkeypatch) -> list[int]:
    """The amounts each shared write adds."""
    added: list[int] = []
    original = http._shared_add

    def counting(key: str, amount: int) -> int:
        added.append(amount)
        return original(key, amount)

    monkeypatch.setattr(http, "_shared_add", counting)
    return added


@pytest.mark.parametrize("limit", [1, 3, 19, 20, 120, 1000])
def test_through_one_process_the_limit_is_exact(settings, writes, limit) -> None:
    settings.SELVHJELP_API_REQUESTS_PER_MINUTE = limit
    request = RequestFactory().get("/api/v1/groups")
    waits = [seconds_to_wait(request, now=NOW + n / 1000) for n in range(limit + 3)]
    assert waits[:limit] == [0] * limit
    assert all(58 <= wait <= 60 for wait in waits[limit:])
    batch = max(1, limit // 20)
    # One write per batch (and on every request past the limit once a batch is full).
    assert len(writes) <= (limit + 3) // batch + 1
    assert sum(writes) <= limit + 3


def test_a_new_minute_starts_from_nothing(settings) -> None:
    settings.SELVHJELP_API_REQUESTS_PER_MINUTE = 3
    request = RequestFactory().get("/api/v1/groups")
    assert [seconds_to_wait(request, now=NOW) for _ in range(4)] == [0, 0, 0, 60]
    assert seconds_to_wait(request, now=NOW + 60) == 0


@pytest.mark.parametrize("limit", [3, 40, 120])
def test_through_two_processes_at_most_a_batch_less_one_more_gets_through(limit) -> None:
    """Two processes (two counters sharing the cache) answering one address in turn."""
    first, second = RateCounter(), RateCounter()
    allowed = 0
    refused = {0: False, 1: False}
    for n in range(3 * limit):
        counter = (first, second)[n % 2]
        if counter.count("opendata-rate:visitor:1", window=1, limit=limit) <= limit:
            allowed += 1
        else:
            refused[n % 2] = True
    assert all(refused.values())
    batch = max(1, limit // 20)
    assert limit <= allowed <= limit + batch - 1


def test_the_count_is_kept_per_address(settings) -> None:
    settings.SELVHJELP_API_REQUESTS_PER_MINUTE = 2
    one = RequestFactory(REMOTE_ADDR="192.0.2.1").get("/api/v1/groups")
    two = RequestFactory(REMOTE_ADDR="192.0.2.2").get("/api/v1/groups")
    assert [seconds_to_wait(one, now=NOW) for _ in range(3)] == [0, 0, 60]
    assert seconds_to_wait(two, now=NOW) == 0
