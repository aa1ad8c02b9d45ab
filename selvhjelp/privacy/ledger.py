"""The ledger of erased accounts: what a restored backup needs so that nobody comes back.

A backup taken before a person erased their account still holds them. Restoring it must erase
them again, so every erasure leaves one row in `ErasedAccount`, and a restore erases each account
of the backup whose key is in the ledger (`privacy/backup.py`).

The key is HMAC-SHA256 over the account's id and the moment it was created, keyed with a key
derived from `SECRET_KEY`. That key lives outside the database (in `SELVHJELP_SECRET_KEY` or in
the data folder's `secret_key`), so the ledger alone names nobody: it cannot be matched to
anyone without the key and the backup. The id alone would not do: a restore puts the id counter
back to where it stood when the backup was taken, so ids are handed out again, and a later
account with the same id (another person, created at another moment) must not be erased. Keys
made with an older key in `SECRET_KEY_FALLBACKS` are still recognised.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.privacy.models import ErasedAccount

# Separates the ledger's key from every other use of SECRET_KEY.
PURPOSE = b"selvhjelp.privacy.ledger"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class LedgerRow:
    key: str
    erased_at: datetime


def _ledger_secrets() -> list[bytes]:
    """The ledger's key from the current SECRET_KEY first, then from each fallback."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [hmac.new(key.encode(), PURPOSE, hashlib.sha256).digest() for key in keys]


def account_key(*, user_id: int, joined: datetime, secret: bytes | None = None) -> str:
    """The ledger's name for one account: nothing about the person, only this account."""
    microseconds = (joined - _EPOCH) // timedelta(microseconds=1)
    message = f"{user_id}:{microseconds}".encode()
    return hmac.new(secret or _ledger_secrets()[0], message, hashlib.sha256).hexdigest()


def erasure_record(*, user: User) -> None:
    """Note in the ledger that this account is erased; called by `person_erase`, before the
    account goes, in its transaction."""
    ErasedAccount.objects.get_or_create(
        key=account_key(user_id=user.pk, joined=user.date_joined),
        defaults={"erased_at": timezone.now()},
    )


def ledger_read() -> list[LedgerRow]:
    """Every row of the ledger; none in a database that does not have it (yet)."""
    if ErasedAccount._meta.db_table not in connection.introspection.table_names():
        return []
    return [
        LedgerRow(key=key, erased_at=erased_at)
        for key, erased_at in ErasedAccount.objects.values_list("key", "erased_at")
    ]


def ledger_write(rows: Iterable[LedgerRow]) -> None:
    """Add rows to the ledger; a row it already has keeps its first moment of erasure."""
    ErasedAccount.objects.bulk_create(
        [ErasedAccount(key=row.key, erased_at=row.erased_at) for row in rows],
        ignore_conflicts=True,
        batch_size=500,
    )


def ledger_accounts() -> list[int]:
    """The ids of the accounts in the database that the ledger says were erased."""
    keys = set(ErasedAccount.objects.values_list("key", flat=True))
    if not keys:
        return []
    secrets = _ledger_secrets()
    accounts = User.objects.values_list("pk", "date_joined")
    return [
        user_id
        for user_id, joined in accounts.iterator()
        if any(account_key(user_id=user_id, joined=joined, secret=s) in keys for s in secrets)
    ]
