"""Audit entries are kept for 24 months, then deleted."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditAction, AuditEntry
from selvhjelp.audit.services import audit_expire, audit_record

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


def _entry_at(moment: datetime, actor: User, subject: User) -> None:
    with time_machine.travel(moment, tick=False):
        audit_record(actor=actor, action=AuditAction.VIEW_INTEREST, subjects=[subject])


def test_entries_older_than_24_months_go_and_younger_ones_stay(
    coordinator: User, participant: User
) -> None:
    now = timezone.now()
    limit = now - relativedelta(months=24)
    _entry_at(limit - MINUTE, coordinator, participant)
    _entry_at(limit - timedelta(days=400), coordinator, participant)
    _entry_at(limit + MINUTE, coordinator, participant)
    _entry_at(now - timedelta(days=1), coordinator, participant)
    with time_machine.travel(now, tick=False):
        assert audit_expire() == 2
        assert audit_expire() == 0
    assert sorted(AuditEntry.objects.values_list("at", flat=True)) == [
        limit + MINUTE,
        now - timedelta(days=1),
    ]
