"""The "has answered" marker of an open reflection or self-evaluation.

An HMAC-SHA256 of the member, keyed with the reflection's own random salt and the installation's
secret key. Without the secret key a copy of the database cannot compute it; without the salt,
which closing deletes, nobody can. It only stops a second answer while the reflection is open.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

SALT_BYTES = 32


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def marker(salt: bytes | memoryview, user_id: int) -> str:
    key = bytes(salt) + settings.SECRET_KEY.encode()
    return hmac.new(key, f"member:{user_id}".encode(), hashlib.sha256).hexdigest()
