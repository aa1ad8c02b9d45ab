"""Code-app (TOTP) sign-in for the demo's staff logins and for the tests.

allauth turns on a code app only through its pages, and computes codes only in
`allauth.mfa.totp.internal.auth`. That module is internal: allauth may change it in any
release. This is the one place that imports it, and pyproject.toml keeps django-allauth below
its next major version, so that a change there breaks one small file, in the tests.
"""

from __future__ import annotations

from datetime import datetime

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone


def totp_activate(user: AbstractBaseUser) -> str:
    """Turn on a code app for the person; returns its secret (base32, as code apps take it)."""
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, at: datetime | None = None) -> str:
    """The code a code app shows for the secret at the given moment (now by default)."""
    moment = at or timezone.now()
    counter = int(moment.timestamp()) // app_settings.TOTP_PERIOD
    code: str = format_hotp_value(hotp_value(secret, counter))
    return code
