"""Where a person is still found in the database: their id, addresses and name.

Every table the database has (not only the models: the cache, the search index, Django's own),
every text and JSON value in it, for the addresses (in any case) and the name (as a whole word,
in its case: "Per" is a name, "per uke" is not, and "Per-Arne" is another); the columns that
point at the user model, the JSON columns known to hold user ids and the generic keys (admin
history, audit targets, sessions), for the id; and on SQLite the bytes of the database file and
of its WAL, where rows linger after they are deleted unless they are overwritten. On
PostgreSQL the tables only: its files are not ours to read.

This is the test's own reading of the data, written apart from the code it checks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection

from selvhjelp.audit.models import AuditEntry


def _ids_in_counting(value: Any) -> set[object]:
    return set(value or [])


def _ids_in_payload(value: Any) -> set[object]:
    return {value.get("applicant")} if isinstance(value, dict) else set()


# JSON columns that hold user ids, and how to read them out.
USER_IDS_IN_JSON: dict[str, Callable[[Any], set[object]]] = {
    "decisions.Proposal.counting": _ids_in_counting,
    "decisions.Proposal.payload": _ids_in_payload,
}
# JSON columns that hold no user id: weekdays, times, mail headers, facts about a change, and
# allauth's authenticator data (its own secrets, with the account as a foreign key).
NO_USER_IDS_IN_JSON = {
    "interest.Interest.weekdays",
    "interest.Interest.times_of_day",
    "meetings.MeetingSeries.weekdays",
    "notifications.Message.headers",
    "audit.AuditEntry.data",
    "mfa.Authenticator.data",
    # What members wish to change, counted, in alphabetical order: anonymous by design.
    "reflection.Evaluation.wishes",
}


@dataclass(frozen=True)
class Person:
    pk: int
    addresses: frozenset[str]
    name: str

    @classmethod
    def of(cls, user: Any) -> Person:
        from allauth.account.models import EmailAddress

        addresses = {user.email.lower()} | {
            address.lower()
            for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
        return cls(pk=user.pk, addresses=frozenset(addresses), name=user.display_name)

    def in_text(self, text: str) -> list[str]:
        found = [address for address in self.addresses if address in text.lower()]
        if re.search(rf"(?<![\w-]){re.escape(self.name)}(?![\w-])", text):
            found.append(self.name)
        return found

    def in_bytes(self, data: bytes) -> list[str]:
        found = [
            address
            for address in self.addresses
            if re.search(re.escape(address.encode()), data, re.IGNORECASE)
        ]
        # A row packs its columns with nothing between them ("…@selvhjelp.testPernb"), so a
        # name in the file is any run of its bytes, in its case.
        if self.name.encode() in data:
            found.append(self.name)
        return found


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return None


def in_tables(person: Person) -> list[str]:
    """Every table and column whose text holds the person's address or name."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - our own table names
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = _as_text(value)
                    for mark in person.in_text(text) if text else []:
                        found.append(f"{table}.{column}: {mark}")
    return sorted(set(found))


def person_columns() -> list[tuple[str, str]]:
    """(table, column) of every column that points at the user model."""
    user_model = get_user_model()
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model and field.column
    ]


def in_id_columns(person: Person) -> list[str]:
    """The columns that point at people, the JSON known to hold user ids, and generic keys."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in person_columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} WHERE {quote(column)} = %s",  # noqa: S608
                [person.pk],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    for label, ids_in in USER_IDS_IN_JSON.items():
        app_model, field = label.rsplit(".", 1)
        model = apps.get_model(app_model)
        for value in model._default_manager.values_list(field, flat=True):
            if person.pk in ids_in(value):
                found.append(label)
    user_type = ContentType.objects.get_for_model(get_user_model())
    if LogEntry.objects.filter(content_type=user_type, object_id=str(person.pk)).exists():
        found.append("admin.LogEntry.object_id")
    if AuditEntry.objects.filter(target_type=user_type, target_id=str(person.pk)).exists():
        found.append("audit.AuditEntry.target_id")
    if any(
        session.get_decoded().get(SESSION_KEY) == str(person.pk)
        for session in Session.objects.all()
    ):
        found.append("django_session.session_data")
    return sorted(set(found))


def database_files() -> list[Path]:
    """On SQLite, the database file and its WAL (if there is one)."""
    if connection.vendor != "sqlite":
        return []
    name = Path(connection.settings_dict["NAME"])
    return [path for path in (name, Path(f"{name}-wal")) if path.exists()]


def in_files(person: Person) -> list[str]:
    """The files' bytes that hold the person's address or name."""
    return sorted(
        f"{path.name}: {mark}"
        for path in database_files()
        for mark in set(person.in_bytes(path.read_bytes()))
    )


def traces(person: Person) -> list[str]:
    """Everywhere the person is still found; empty once they are erased."""
    return in_tables(person) + in_id_columns(person) + in_files(person)


def all_people() -> Iterable[Any]:
    return get_user_model().objects.order_by("pk")
