from __future__ import annotations

from collections.abc import Iterable

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditEntry


def audit_record(
    *, actor: User, action: str, subjects: Iterable[User] = (), contact_point: object = None
) -> None:
    """Write who did what to whom; one row per person concerned (or one without a subject)."""
    people = list(subjects) or [None]
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=actor, subject=person, action=action, contact_point=contact_point)
        for person in people
    )
