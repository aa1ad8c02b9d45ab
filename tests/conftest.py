"""The cast every test draws on, and the factories that make them."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.test import Client, override_settings

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, ContactPointKind, Staff, StaffRole

PASSWORD = "a calm and long passphrase"
_numbers = itertools.count(1)


@pytest.fixture(autouse=True, scope="session")
def _test_settings() -> Iterator[None]:
    from django.conf import settings

    # Tests read static files from the source folders; `serve` collects them with hashes.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # One process runs the tests and the live server, so a memory cache is shared by both.
    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    hashers = ["tests.hashers.QuickArgon2PasswordHasher", *settings.PASSWORD_HASHERS]
    with override_settings(STORAGES=storages, CACHES=caches, PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate limits live in the cache; one test's failed logins must not block another's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def deliver(settings) -> Callable[[], list]:  # type: ignore[no-untyped-def]
    """Run the worker's delivery until the outbox is empty; returns Django's test mailbox."""
    from django.core import mail

    from selvhjelp.notifications.services import outbox_deliver

    settings.SELVHJELP_EMAIL_KEEP = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def run() -> list:
        while outbox_deliver():
            pass
        return mail.outbox

    return run


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(
        display_name: str = "Deltaker",
        *,
        email: str | None = None,
        language: str = "nb",
        verified: bool = True,
        password: str = PASSWORD,
    ) -> User:
        email = email or f"person{next(_numbers)}@example.org"
        user = User.objects.create_user(
            email, password, display_name=display_name, language=language
        )
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return make


@pytest.fixture
def make_contact_point(db: None) -> Callable[..., ContactPoint]:
    def make(name: str = "LINK Testby", **fields: object) -> ContactPoint:
        number = next(_numbers)
        fields.setdefault("slug", f"kontaktpunkt-{number}")
        fields.setdefault("kind", ContactPointKind.LINK_CENTRE)
        return ContactPoint.objects.create(name=name, **fields)

    return make


# --- The cast ----------------------------------------------------------------------------


@pytest.fixture
def contact_point(make_contact_point: Callable[..., ContactPoint]) -> ContactPoint:
    return make_contact_point("LINK Oslo")


@pytest.fixture
def other_contact_point(make_contact_point: Callable[..., ContactPoint]) -> ContactPoint:
    return make_contact_point("Tromsø frivilligsentral", kind=ContactPointKind.VOLUNTEER_CENTRE)


@pytest.fixture
def participant(make_user: Callable[..., User]) -> User:
    return make_user("Mari")


@pytest.fixture
def outsider(make_user: Callable[..., User]) -> User:
    return make_user("Utenforstående")


@pytest.fixture
def make_staff(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(name: str, contact_point: ContactPoint, role: str) -> User:
        user = make_user(name)
        Staff.objects.create(contact_point=contact_point, user=user, role=role)
        return user

    return make


@pytest.fixture
def initiator(make_staff: Callable[..., User], contact_point: ContactPoint) -> User:
    return make_staff("Ola igangsetter", contact_point, StaffRole.INITIATOR)


@pytest.fixture
def coordinator(make_staff: Callable[..., User], contact_point: ContactPoint) -> User:
    return make_staff("Kari koordinator", contact_point, StaffRole.COORDINATOR)


@pytest.fixture
def other_coordinator(make_staff: Callable[..., User], other_contact_point: ContactPoint) -> User:
    return make_staff("Sara koordinator", other_contact_point, StaffRole.COORDINATOR)


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    user = make_user("Admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    """A browser-like client signed in as the given person (or anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
