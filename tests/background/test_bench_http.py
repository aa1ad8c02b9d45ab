"""bench-http reads wrk's report; the run itself is a benchmark (it prints, it asserts nothing)."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from selvhjelp.background.management.commands.bench_http import wrk_parse

REPORT = """Running 3s test @ http://127.0.0.1:18777/grupper/?q=x
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    77.05ms   46.15ms 195.24ms   77.02%
    Req/Sec   210.95    133.11   484.00     78.33%
  Latency Distribution
     50%  852.64us
     75%  101.68ms
     90%  162.46ms
     99%    1.17s
  1269 requests in 3.03s, 15.12MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:    419.12
Transfer/sec:      4.99MB
"""


def test_it_reads_the_rate_the_percentiles_in_milliseconds_and_the_failures() -> None:
    run = wrk_parse(REPORT)

    assert run.rate == pytest.approx(419.12)
    assert run.p50 == pytest.approx(0.85264)
    assert run.p99 == pytest.approx(1170.0)
    assert run.failed == 9


def test_a_clean_run_has_no_failures() -> None:
    clean = REPORT.replace("  Socket errors: connect 0, read 2, write 0, timeout 3\n", "")
    assert wrk_parse(clean.replace("  Non-2xx or 3xx responses: 4\n", "")).failed == 0


def test_a_report_it_cannot_read_stops_the_benchmark() -> None:
    with pytest.raises(CommandError):
        wrk_parse("unable to connect to 127.0.0.1:1 Connection refused")
