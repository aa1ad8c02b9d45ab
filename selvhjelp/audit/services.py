from __future__ import annotations

from collections.abc import Iterable, Mapping

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditEntry

# Entries are kept this long: long enough to answer for what staff did, and no longer.
KEEP_MONTHS = 24

# Values that may stand in `data`: names of fields, roles, counts. Never a person's data.
Fact = str | int | bool | list[str]


def audit_record(
    *,
    actor: User,
    action: str,
    target: models.Model | None = None,
    subjects: Iterable[User] = (),
    contact_point: models.Model | None = None,
    data: Mapping[str, Fact] | None = None,
) -> None:
    """Write who did what to which object; one row per person concerned (or one without)."""
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    target_id = str(target.pk) if target is not None else ""
    people: list[User | None] = [*subjects] or [None]
    # By key: audit sits below contactpoints, so it cannot name the ContactPoint class.
    contact_point_id = contact_point.pk if contact_point is not None else None
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            subject=person,
            action=action,
            contact_point_id=contact_point_id,
            target_type=target_type,
            target_id=target_id,
            data=dict(data or {}),
        )
        for person in people
    )


def audit_expire() -> int:
    """The periodic job: delete audit entries older than 24 months."""
    deleted, _ = AuditEntry.objects.filter(
        at__lte=timezone.now() - relativedelta(months=KEEP_MONTHS)
    ).delete()
    return deleted
