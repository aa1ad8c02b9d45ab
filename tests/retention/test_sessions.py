"""Sessions past their expiry are deleted, not left in the table."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.accounts.services import sessions_expire
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


def test_an_expired_session_is_deleted_and_a_live_one_kept(
    participant: User, other_member: User
) -> None:
    signed_in_at = timezone.now()
    with time_machine.travel(signed_in_at, tick=False):
        signed_in(participant)
    with time_machine.travel(signed_in_at + timedelta(days=7), tick=False):
        signed_in(other_member)
    expires = signed_in_at + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(expires - MINUTE, tick=False):
        sessions_expire()
        assert Session.objects.count() == 2
    with time_machine.travel(expires + MINUTE, tick=False):
        sessions_expire()
    (left,) = Session.objects.all()
    assert left.get_decoded()["_auth_user_id"] == str(other_member.pk)
