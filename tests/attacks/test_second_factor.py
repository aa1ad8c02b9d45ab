"""Staff pages, the inside for staff and the admin need a second factor in this session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditEntry
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, Membership
from tests.conftest import register_interest, signed_in, with_mfa

pytestmark = pytest.mark.django_db


def test_a_password_session_reads_no_pool_when_the_account_gets_a_code_app_elsewhere(
    coordinator_without_mfa: User,
    contact_point: ContactPoint,
    make_user: Callable[..., User],
) -> None:
    for name in ("A", "B"):
        register_interest(make_user(name), ["depresjon"])
    pool = f"/kontaktpunkt/{contact_point.slug}/interesse/"
    password_only = signed_in(coordinator_without_mfa)
    assert password_only.get(pool)["Location"].startswith("/konto/2fa/?next=")
    with_mfa(coordinator_without_mfa)  # in another session, a code app is turned on
    response = password_only.get(pool)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/reauthenticate/?next=")
    assert signed_in(coordinator_without_mfa).get(pool).status_code == 200


def test_the_inside_of_a_group_for_staff_needs_a_second_factor_in_the_session(
    starting_group: Group, initiator: User
) -> None:
    path = f"/grupper/{starting_group.code}/inne/"
    password_only = signed_in(initiator, second_factor=False)
    assert password_only.get(path)["Location"].startswith("/konto/2fa/reauthenticate/")
    assert signed_in(initiator).get(path).status_code == 200


def test_staff_who_are_also_members_need_a_second_factor_for_what_only_staff_see(
    starting_group: Group, initiator: User, add_member: Callable[..., Membership]
) -> None:
    add_member(starting_group, initiator)
    password_only = signed_in(initiator, second_factor=False)
    inside = f"/grupper/{starting_group.code}/inne/"
    # Where being a member is enough, a member is not asked for more.
    assert password_only.get(inside).status_code == 200
    intake = password_only.get(inside + "inntak/")
    assert intake["Location"].startswith("/konto/2fa/reauthenticate/")
    renew = password_only.post(inside + "inviter/", {"action": "renew-link"})
    assert renew["Location"].startswith("/konto/2fa/reauthenticate/")
    assert signed_in(initiator).get(inside + "inntak/").status_code == 200


def test_staff_who_are_members_read_a_members_page_as_members_only_without_a_second_factor(
    starting_group: Group,
    initiator: User,
    add_member: Callable[..., Membership],
    make_user: Callable[..., User],
) -> None:
    add_member(starting_group, initiator)
    register_interest(make_user("Hemmelig Interessert"), ["sorg"])
    inside = f"/grupper/{starting_group.code}/inne/"
    password_only = signed_in(initiator, second_factor=False).get(inside)
    assert password_only.status_code == 200
    assert "Hemmelig Interessert" not in password_only.content.decode()
    assert not AuditEntry.objects.exists()
    # With the second factor, the same person sees the initiator's part of the page.
    assert "Hemmelig Interessert" in signed_in(initiator).get(inside).content.decode()
    assert AuditEntry.objects.exists()


def test_a_superuser_without_a_code_app_cannot_open_the_admin(
    make_user: Callable[..., User],
) -> None:
    admin = make_user("Drift")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    response = signed_in(admin).get("/admin/")
    assert response.status_code == 302
    followed = signed_in(admin).get(response["Location"])
    assert followed.status_code == 302
    assert followed["Location"].startswith("/konto/2fa/?next=")
    with_mfa(admin)
    password_only = signed_in(admin, second_factor=False).get("/admin/login/?next=/admin/")
    assert password_only["Location"].startswith("/konto/2fa/reauthenticate/")
    assert signed_in(admin).get("/admin/").status_code == 200


def test_the_admin_sends_visitors_to_the_sites_own_login() -> None:
    response = Client().get("/admin/")
    followed = Client().get(response["Location"])
    assert followed.status_code == 302
    assert followed["Location"].startswith("/konto/login/?next=")


def test_signed_in_people_who_are_not_staff_are_refused_the_admin(participant: User) -> None:
    assert signed_in(participant).get("/admin/login/?next=/admin/").status_code == 403


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "/\\evil.example"]
)
def test_the_admin_login_sends_nobody_to_another_site(admin_user: User, elsewhere: str) -> None:
    response = signed_in(admin_user).get("/admin/login/", {"next": elsewhere})
    assert response["Location"] == "/admin/"
    # A visitor signs in on the site's own page first, and comes back here to be checked.
    visitor = Client().get("/admin/login/", {"next": elsewhere})
    assert visitor["Location"].startswith("/konto/login/?next=/admin/login/")
