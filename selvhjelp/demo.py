"""Demonstration data: two contact points with staff and participants, for an empty database."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, ContactPointKind, Staff, StaffRole

DEMO_PASSWORD = "demo-selvhjelp-2026"  # noqa: S105 - printed on purpose for demo users
DEMO_DOMAIN = "selvhjelp.test"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    display_name: str


def _people() -> list[tuple[str, str, str, str]]:
    """(local part, display name, language, what the person is in the demo)."""
    return [
        ("admin", "Admin", "nb", "admin"),
        ("koordinator.oslo", "Kari (koordinator Oslo)", "nb", "coordinator:oslo"),
        ("igangsetter.oslo", "Ola (igangsetter Oslo)", "nb", "initiator:oslo"),
        ("koordinator.tromso", "Sara (koordinator Tromsø)", "nn", "coordinator:tromso"),
        ("igangsetter.tromso", "Ante (igangsetter Tromsø)", "nb", "initiator:tromso"),
        ("deltaker1", "Mari", "nb", "participant"),
        ("deltaker2", "Jonas", "nb", "participant"),
        ("deltaker3", "Amina", "en", "participant"),
        ("deltaker4", "Per", "nn", "participant"),
        ("deltaker5", "Lise", "nb", "participant"),
        ("deltaker6", "Tor", "nb", "participant"),
    ]


def demo_logins() -> list[DemoLogin]:
    emails = [f"{local}@{DEMO_DOMAIN}" for local, *_ in _people()]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    return [
        DemoLogin(role=role, email=f"{local}@{DEMO_DOMAIN}", display_name=name)
        for local, name, _, role in _people()
        if f"{local}@{DEMO_DOMAIN}" in existing
    ]


def demo_load_if_empty() -> bool:
    """Load the demonstration data when nobody has an account yet; True when it was loaded."""
    with transaction.atomic():
        if User.objects.exists():
            return False
        contact_points = {
            "oslo": ContactPoint.objects.create(
                name="LINK Oslo", slug="link-oslo", kind=ContactPointKind.LINK_CENTRE
            ),
            "tromso": ContactPoint.objects.create(
                name="Tromsø frivilligsentral",
                slug="tromso-frivilligsentral",
                kind=ContactPointKind.VOLUNTEER_CENTRE,
            ),
        }
        for local, name, language, role in _people():
            email = f"{local}@{DEMO_DOMAIN}"
            if role == "admin":
                user = User.objects.create_superuser(
                    email, DEMO_PASSWORD, display_name=name, language=language
                )
            else:
                user = User.objects.create_user(
                    email, DEMO_PASSWORD, display_name=name, language=language
                )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            if ":" in role:
                kind, place = role.split(":")
                Staff.objects.create(
                    contact_point=contact_points[place], user=user, role=StaffRole(kind)
                )
    return True
