"""`selvhjelp serve --demo` on a fresh data folder, as a new user runs it."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path):
    port = _free_port()
    environment = {**os.environ, "SELVHJELP_DATA_DIR": str(tmp_path / "data")}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SELVHJELP_DEBUG", "SELVHJELP_SITE_URL"):
        environment.pop(name, None)
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "selvhjelp.cli", "serve", "--demo", "--port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if "Demo logins" in "".join(lines) and "deltaker6" in line:
            break
    ready_after = time.monotonic() - started
    yield port, "".join(lines), ready_after, process, tmp_path / "data"
    if process.poll() is None:
        process.kill()


def test_serve_demo_prepares_everything_and_answers_in_bokmaal(served) -> None:
    port, output, ready_after, process, data = served
    assert f"http://127.0.0.1:{port}/" in output
    assert "koordinator.oslo@selvhjelp.test" in output
    assert (data / "selvhjelp.sqlite3").exists()
    assert (data / "static" / "staticfiles.json").exists()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
        html = response.read().decode()
        assert "nonce-" in response.headers["Content-Security-Policy"]
    assert '<html lang="nb"' in html
    assert "116 123" in html
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/site.css") as response:
        assert response.status == 200
    print(f"serve --demo on an empty data folder was ready after {ready_after:.1f} s")

    # The worker runs beside the web server: a password reset email reaches the outbox and,
    # with no EMAIL_URL, is kept for the admin to read.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    form = opener.open(f"http://127.0.0.1:{port}/konto/password/reset/").read().decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert found is not None
    token = found.group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "email": "deltaker1@selvhjelp.test"}
    ).encode()
    opener.open(f"http://127.0.0.1:{port}/konto/password/reset/", data=body)
    assert _eventually(lambda: _states(data) == ["kept"]), _states(data)
    # Its link, and every other message's, points at this server, not at the default port.
    with sqlite3.connect(data / "selvhjelp.sqlite3") as database:
        bodies = [row[0] for row in database.execute("SELECT body_text FROM notifications_message")]
    [reset] = [body for body in bodies if "/password/reset/key/" in body]
    assert f"http://127.0.0.1:{port}/konto/password/reset/key/" in reset
    assert not any(":8000" in body for body in bodies)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico") as response:
        assert response.status == 200

    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=20) == 0
    rest = process.stdout.read()
    assert "stopped" in rest


def _states(data: Path) -> list[str]:
    with sqlite3.connect(data / "selvhjelp.sqlite3") as database:
        query = "SELECT state FROM notifications_message WHERE kind = 'account'"
        return [row[0] for row in database.execute(query)]


def _eventually(check, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "http://127.0.0.1:28533"),
        ("0.0.0.0", "http://127.0.0.1:28533"),  # noqa: S104
        ("::", "http://[::1]:28533"),
        ("::1", "http://[::1]:28533"),
        ("selvhjelp.local", "http://selvhjelp.local:28533"),
    ],
)
def test_serve_derives_the_site_address_from_where_it_listens(host: str, expected: str) -> None:
    from selvhjelp.cli import site_url

    assert site_url(host, 28533) == expected


def test_serve_refuses_a_port_that_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "selvhjelp.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "SELVHJELP_DATA_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 1
    assert "already in use" in result.stderr


def test_a_benchmark_runs_by_its_hyphenated_name_and_leaves_the_real_database_alone(
    tmp_path: Path,
) -> None:
    environment = {**os.environ, "SELVHJELP_DATA_DIR": str(tmp_path)}
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "selvhjelp.cli", "bench-outbox", "--messages", "10", "--runs", "1"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Median: render + queue" in result.stdout
    assert not (tmp_path / "selvhjelp.sqlite3").exists()
