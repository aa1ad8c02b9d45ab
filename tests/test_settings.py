from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from selvhjelp.lib.env import email_settings, env_bool, env_int, secret_key

ROOT = Path(__file__).resolve().parent.parent


def test_argon2_comes_first_in_the_production_settings() -> None:
    from selvhjelp import settings

    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_deployment_check_finds_nothing_with_https_on(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "SELVHJELP_HTTPS": "1",
        "SELVHJELP_DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "selvhjelp.example.no",
        "DJANGO_SETTINGS_MODULE": "selvhjelp.settings",
    }
    for name in ("SELVHJELP_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "SELVHJELP_SECRET_KEY"):
        environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_secret_key_is_made_once_and_kept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SELVHJELP_SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 50
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_short_secret_key_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SELVHJELP_SECRET_KEY", "too short")
    with pytest.raises(ImproperlyConfigured, match="SELVHJELP_SECRET_KEY"):
        secret_key(tmp_path)


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_booleans_are_read_strictly(raw: str, value: bool, monkeypatch) -> None:
    monkeypatch.setenv("SELVHJELP_TEST_FLAG", raw)
    assert env_bool("SELVHJELP_TEST_FLAG") is value


def test_a_misspelt_boolean_stops_the_start_with_its_name(monkeypatch) -> None:
    monkeypatch.setenv("SELVHJELP_HTTPS", "ja")
    with pytest.raises(ImproperlyConfigured, match="SELVHJELP_HTTPS"):
        env_bool("SELVHJELP_HTTPS")


def test_a_number_that_is_not_one_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("SELVHJELP_HSTS_SECONDS", "a year")
    with pytest.raises(ImproperlyConfigured, match="SELVHJELP_HSTS_SECONDS"):
        env_int("SELVHJELP_HSTS_SECONDS", 1)


def test_email_urls_cover_starttls_implicit_tls_and_local_backends() -> None:
    starttls = email_settings("smtp://post%40example.no:hemmelig@smtp.example.no:587?tls=1")
    assert starttls["EMAIL_HOST"] == "smtp.example.no"
    assert starttls["EMAIL_PORT"] == 587
    assert starttls["EMAIL_HOST_USER"] == "post@example.no"
    assert starttls["EMAIL_HOST_PASSWORD"] == "hemmelig"
    assert (starttls["EMAIL_USE_TLS"], starttls["EMAIL_USE_SSL"]) == (True, False)
    implicit = email_settings("smtps://smtp.example.no")
    assert (implicit["EMAIL_PORT"], implicit["EMAIL_USE_SSL"]) == (465, True)
    assert (
        email_settings("console://")["EMAIL_BACKEND"]
        == "django.core.mail.backends.console.EmailBackend"
    )
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings("http://example.no")


def test_the_number_of_trusted_proxies_reaches_the_login_limits(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "SELVHJELP_TRUSTED_PROXIES": "2",
        "SELVHJELP_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "selvhjelp.settings",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from allauth import app_settings; import django; django.setup();"
            "print(app_settings.TRUSTED_PROXY_COUNT)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "2", result.stderr
