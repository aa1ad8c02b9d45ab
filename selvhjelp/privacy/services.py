"""A person's rights over their own data: erasure, built from every part of `privacy.registry`.

Each app says in its `personal.py` how to erase what it keeps about a person, also what is kept
by address or as an id inside JSON, where no foreign key would take it with the account. This
module calls every part and then deletes the account, and sits above all the apps so that none
of them needs to know the others.
"""

from __future__ import annotations

from django.db import connection, transaction

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import verified_addresses
from selvhjelp.privacy.ledger import erasure_record
from selvhjelp.privacy.registry import PARTS


def person_addresses(user: User) -> set[str]:
    """The addresses the person has verified: what is kept for them is theirs."""
    return verified_addresses(user)


def person_erase(*, user: User) -> None:
    """Erase the person: every part, from the top layer down, then the account.

    The test that deletes every person of the demo and scans every table (and on SQLite the
    database file and its WAL) afterwards keeps this complete.
    """
    with transaction.atomic():
        erasure_record(user=user)
        addresses = person_addresses(user)
        for part in reversed(PARTS):
            part.erase(user=user, addresses=addresses)
        user.delete()
        transaction.on_commit(database_file_clear)


def database_file_clear() -> None:
    """On SQLite, copy the WAL into the database file and empty it.

    `secure_delete` (set on every connection) zeroes deleted rows in the database file, but the
    WAL still holds the pages as they were before, until later writes happen to cover them. A
    reader that is still open keeps the WAL from being emptied; the next erasure tries again.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
