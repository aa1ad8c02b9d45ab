"""Erasure acts on the addresses a person has verified, never on one they only typed in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, StaffInvitation, StaffRole
from selvhjelp.contactpoints.services import staff_invite
from selvhjelp.notifications.models import Message
from selvhjelp.privacy.services import person_addresses, person_erase
from tests.conftest import queue_to

pytestmark = pytest.mark.django_db

VICTIM = "kollega@example.org"


def test_deleting_an_account_leaves_what_waits_for_an_unverified_address_alone(
    make_user: Callable[..., User], coordinator: User, contact_point: ContactPoint
) -> None:
    staff_invite(
        contact_point=contact_point, email=VICTIM, role=StaffRole.INITIATOR, invited_by=coordinator
    )
    queue_to(VICTIM, key="for-the-colleague")
    prankster = make_user("Lurendreier")
    EmailAddress.objects.create(user=prankster, email=VICTIM, verified=False, primary=False)
    assert VICTIM not in person_addresses(prankster)
    person_erase(user=prankster)
    assert StaffInvitation.objects.filter(email=VICTIM, accepted_at__isnull=True).exists()
    assert Message.objects.filter(to_email=VICTIM, kind="staff_invitation").exists()
    assert Message.objects.filter(to_email=VICTIM, dedupe_key="for-the-colleague").exists()


def test_a_verified_second_address_is_erased_with_the_person(
    make_user: Callable[..., User],
) -> None:
    person = make_user("Deltaker", email="hoved@example.org")
    EmailAddress.objects.create(user=person, email="annen@example.org", verified=True)
    queue_to("ANNEN@example.org", key="to-the-second")
    assert person_addresses(person) == {"hoved@example.org", "annen@example.org"}
    person_erase(user=person)
    assert not Message.objects.filter(dedupe_key="to-the-second").exists()
