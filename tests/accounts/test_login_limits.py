"""The fifth wrong password for one address within 15 minutes is refused for 15 minutes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.test import Client
from time_machine import TimeMachineFixture

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """A stopped clock, moved on by hand with `clock.shift(seconds)`."""
    time_machine.move_to(datetime(2027, 1, 15, 8, tzinfo=UTC), tick=False)
    return time_machine


def _login(client: Client, email: str, password: str):
    return client.post("/konto/login/", {"login": email, "password": password})


def test_the_fifth_wrong_password_is_refused_with_429_even_if_right_after(make_user, clock) -> None:
    make_user(email="mari@example.org")
    client = Client(headers={"accept-language": "nb"})
    for _ in range(4):
        assert _login(client, "mari@example.org", "not the password").status_code == 200
    assert _login(client, "mari@example.org", "not the password").status_code == 429
    blocked = _login(client, "mari@example.org", PASSWORD)
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_limit_counts_an_address_whatever_host_and_port_the_request_names(
    make_user, clock
) -> None:
    """Two servers behind a proxy, or a guesser varying `Host`, still share one count."""
    make_user(email="mari@example.org")
    hosts = ["testserver", "testserver:8001", "localhost", "127.0.0.1:8002", "testserver:8003"]
    answers = [
        Client(HTTP_HOST=host)
        .post("/konto/login/", {"login": email, "password": "not the password"})
        .status_code
        for host, email in zip(hosts, ["mari@example.org", "Mari@Example.org"] * 3, strict=False)
    ]
    assert answers == [200, 200, 200, 200, 429]


def test_the_block_lifts_after_15_minutes_and_is_never_permanent(make_user, clock) -> None:
    make_user(email="mari@example.org")
    client = Client()
    for _ in range(5):
        _login(client, "mari@example.org", "not the password")
    clock.shift(14 * 60)
    assert _login(client, "mari@example.org", PASSWORD).status_code == 429
    clock.shift(61)
    response = _login(client, "mari@example.org", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_block_on_one_address_leaves_other_people_alone(make_user, clock) -> None:
    make_user(email="mari@example.org")
    make_user(email="per@example.org")
    for _ in range(5):
        _login(Client(), "mari@example.org", "not the password")
    assert _login(Client(), "per@example.org", PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_slowed_down(make_user, clock) -> None:
    client = Client()
    answers = [
        _login(client, f"person{n}@example.org", "not the password").status_code for n in range(31)
    ]
    assert answers[:30] == [200] * 30
    assert answers[30] == 429


def test_behind_a_proxy_each_visitor_has_an_ip_limit_of_their_own(
    make_user, clock, settings
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guesser = Client(headers={"x-forwarded-for": "198.51.100.7"}, REMOTE_ADDR="10.0.0.1")
    answers = [
        _login(guesser, f"person{n}@example.org", "not the password").status_code for n in range(31)
    ]
    assert answers[30] == 429
    make_user(email="kari@example.org")
    neighbour = Client(headers={"x-forwarded-for": "203.0.113.9"}, REMOTE_ADDR="10.0.0.1")
    assert _login(neighbour, "kari@example.org", PASSWORD).status_code == 302


def test_a_flood_of_new_addresses_leaves_the_count_of_wrong_passwords_alone(
    make_user, clock, settings
) -> None:
    """With the caches as configured (the database's, on one machine), anyone can make a page
    be kept by asking for a new address; a full store drops entries, never the limits' counts."""
    from selvhjelp import settings as configured

    settings.CACHES = configured.CACHES
    settings.SELVHJELP_PAGE_CACHE = True
    call_command("createcachetable", verbosity=0)
    make_user(email="mari@example.org")
    guesser = Client()
    for _ in range(4):
        assert _login(guesser, "mari@example.org", "not the password").status_code == 200
    for n in range(350):  # the page store drops a third of its entries past 300
        assert Client().get(f"/?side={n}").headers.get("X-Page-Cache") != "hit"
    assert _login(guesser, "mari@example.org", "not the password").status_code == 429
