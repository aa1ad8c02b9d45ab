"""A person's rights over their own data, built from each app's part.

Most personal data points at the person with `on_delete=CASCADE` and goes with the account.
What does not (rows kept by email address before an account existed) is erased by the part of
the app that holds it; this module is the one place that calls every part, and sits above all
the apps so that none of them needs to know the others.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.services import staff_invitations_erase
from selvhjelp.notifications.services import messages_erase
from selvhjelp.privacy.ledger import erasure_record


def person_addresses(user: User) -> set[str]:
    """The addresses the person has shown are theirs. An address added but never verified may
    be someone else's, so nothing kept for it is touched."""
    return set(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def person_erase(*, user: User) -> None:
    """Erase the person: the account and everything that points at it or at their addresses.

    The test that scans every table after deletion keeps this complete.
    """
    with transaction.atomic():
        erasure_record(user=user)
        addresses = person_addresses(user)
        messages_erase(addresses=addresses)
        staff_invitations_erase(addresses=addresses)
        user.delete()
