"""Two app servers behind HAProxy and two workers on PostgreSQL and Redis (lib/scaleout.py): the
outbox is delivered exactly once, the login limit counts across servers, and what one server
forgets from the cache, the other forgets too.

Runs on PostgreSQL only (`DATABASE_URL=postgres://… uv run pytest`), and needs Redis (REDIS_URL,
or one on 127.0.0.1:6379) and Debian's haproxy; CI installs both.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Theme
from selvhjelp.groups.services.search import theme_save
from selvhjelp.lib.scaleout import ScaleOut, scale_out
from selvhjelp.notifications.models import Message, MessageState
from tests.concurrency import database_url
from tests.conftest import queue_many
from tests.smtpsink import SmtpServer

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("SELVHJELP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
MESSAGES = 10_000


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


pytestmark = [
    pytest.mark.skipif(shutil.which("haproxy") is None, reason="needs haproxy (apt)"),
    pytest.mark.skipif(not _redis_answers(), reason=f"needs Redis at {REDIS_URL}"),
]


@pytest.fixture(scope="module")
def cluster(
    django_db_setup: None, django_db_blocker, tmp_path_factory
) -> Iterator[tuple[ScaleOut, SmtpServer]]:
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("the scale-out runs on PostgreSQL (set DATABASE_URL)")
        url = database_url()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    smtp = SmtpServer().start()
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "SELVHJELP_DATA_DIR": str(tmp_path_factory.mktemp("scaleout")),
        "SELVHJELP_SECRET_KEY": settings.SECRET_KEY,
        "SELVHJELP_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "selvhjelp.settings",
    }
    subprocess.run(
        [sys.executable, "-m", "selvhjelp.cli", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    try:
        with scale_out(environment, servers=2, workers=2, processes=2) as running:
            yield running, smtp
    finally:
        smtp.stop()


@pytest.fixture
def redis_cache(settings) -> None:
    """This test process shares the servers' cache, like a third server would."""
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    settings.CACHES = {"default": redis, "pages": {**redis, "KEY_PREFIX": "pages"}}


@pytest.mark.django_db(transaction=True)
def test_two_workers_deliver_10000_messages_none_lost_none_twice(cluster) -> None:
    _, smtp = cluster
    addresses = queue_many(MESSAGES, key="scaleout")
    started = time.monotonic()
    deadline = started + 900
    while Message.objects.filter(state=MessageState.SENT).count() < MESSAGES:
        assert time.monotonic() < deadline, "the workers did not finish in 15 minutes"
        time.sleep(1)
    elapsed = time.monotonic() - started
    time.sleep(2)  # anything sent twice would arrive now
    delivered = [to for message in smtp.messages for to in message.get_all("To", [])]
    assert sorted(delivered) == sorted(addresses)
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
    workers = set(Message.objects.values_list("claimed_by", flat=True))
    print(f"\n{MESSAGES} messages by 2 workers in {elapsed:.0f} s ({MESSAGES / elapsed:.0f}/s)")
    assert workers == {""}


def _login_attempt(opener: urllib.request.OpenerDirector, base: str, email: str) -> int:
    page = opener.open(f"{base}/konto/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, page[:500]
    form = {"login": email, "password": "not the password", "csrfmiddlewaretoken": token[1]}
    request = urllib.request.Request(  # noqa: S310 - the test's own servers
        f"{base}/konto/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"{base}/konto/login/"},
    )
    try:
        return int(opener.open(request).status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fifth", ["first server", "second server", "HAProxy"])
def test_the_fifth_wrong_password_through_either_server_is_refused(
    cluster, make_user: Callable[..., User], fifth: str
) -> None:
    """Two wrong passwords through each server, then the fifth through one of them or the front.

    The servers answer at different ports: a count kept per host would give each its own four.
    """
    running, _ = cluster
    a, b = running.servers
    through = {"first server": a, "second server": b, "HAProxy": running.front}[fifth]
    person = make_user(email=f"limit-{fifth.replace(' ', '-').lower()}@example.org")
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    first_four = [_login_attempt(opener, server, person.email) for server in (a, b, a, b)]
    assert first_four == [200, 200, 200, 200]  # the form again, with its error
    assert _login_attempt(opener, through, person.email) == 429


def _page(url: str) -> tuple[str, bool]:
    """The page, and whether it was served from the kept pages (lib/pagecache.py)."""
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the test's own servers
        return str(response.read().decode()), response.headers.get("X-Page-Cache") == "hit"


def _theme_option(page: str) -> str:
    """The directory's name for the theme `sorg`, as its filter list offers it."""
    found = re.search(r'<option value="sorg"[^>]*>([^<]*)</option>', page)
    assert found, "no option for the theme sorg"
    return found[1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("redis_cache")
def test_a_theme_renamed_by_one_process_is_seen_through_every_server(
    cluster, admin_user: User
) -> None:
    """Both servers serve the directory from their kept pages; a rename made by a third process
    is in the very next page of each."""
    running, _ = cluster
    grief = Theme.objects.get(slug="sorg")
    directories = [f"{server}/grupper/" for server in running.servers]
    for directory in directories:
        _page(directory)  # drawn and kept
        page, kept = _page(directory)
        assert kept, f"{directory} was not served from the kept pages"
        assert _theme_option(page) == grief.name_nb
    grief.name_nb = "Tap og savn"
    theme_save(theme=grief, by=admin_user)  # commits at once: this test runs in autocommit
    for directory in directories:
        page, kept = _page(directory)
        assert not kept, f"{directory} still served the page kept before the change"
        assert _theme_option(page) == "Tap og savn"
