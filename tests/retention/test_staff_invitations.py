"""A staff invitation is deleted when it expires unused, and 90 days after it was accepted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, StaffInvitation
from selvhjelp.contactpoints.services import (
    INVITATION_DAYS,
    InvitationInvalid,
    staff_accept,
    staff_invitations_expire,
    staff_invite,
)

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


def at(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def test_an_unused_invitation_goes_when_it_expires(
    coordinator: User, contact_point: ContactPoint, make_user: Callable[..., User]
) -> None:
    sent = timezone.now()
    with at(sent):
        unused = staff_invite(
            contact_point=contact_point,
            email="ny@example.org",
            role="initiator",
            invited_by=coordinator,
        )
    with at(sent + timedelta(days=1)):
        newer = staff_invite(
            contact_point=contact_point,
            email="neste@example.org",
            role="initiator",
            invited_by=coordinator,
        )
    expires = sent + timedelta(days=INVITATION_DAYS)
    with at(expires):
        assert staff_invitations_expire() == 0
    with at(expires + MINUTE):
        assert staff_invitations_expire() == 1
        assert staff_invitations_expire() == 0
        with pytest.raises(InvitationInvalid):
            staff_accept(token=unused.token, user=make_user(email="ny@example.org"))
    assert list(StaffInvitation.objects.values_list("pk", flat=True)) == [newer.pk]


def test_an_accepted_invitation_is_kept_90_days(
    coordinator: User, contact_point: ContactPoint, make_user: Callable[..., User]
) -> None:
    invitation = staff_invite(
        contact_point=contact_point,
        email="ny@example.org",
        role="initiator",
        invited_by=coordinator,
    )
    accepted = timezone.now() + timedelta(days=2)
    with at(accepted):
        staff_accept(token=invitation.token, user=make_user(email="ny@example.org"))
    with at(accepted + timedelta(days=90) - MINUTE):
        assert staff_invitations_expire() == 0
    with at(accepted + timedelta(days=90) + MINUTE):
        assert staff_invitations_expire() == 1
    assert not StaffInvitation.objects.exists()
