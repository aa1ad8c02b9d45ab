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


@pytest.mark.django_db
def test_a_members_requests_carry_what_a_browser_holds_so_no_new_token_is_made(make_user) -> None:
    from django.conf import settings
    from django.test import Client

    from selvhjelp.background.management.commands.bench_http import member_cookies

    cookies = dict(part.split("=", 1) for part in member_cookies(make_user()).split("; "))
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    response = Client().get("/prinsipper/", HTTP_COOKIE=header)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    # Django sends the CSRF cookie again to renew it, as it does to a browser; with the same
    # secret, not a new one made for every request.
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
    assert response.cookies[settings.CSRF_COOKIE_NAME].value == cookies[settings.CSRF_COOKIE_NAME]
