from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from selvhjelp.audit.models import AuditEntry
from selvhjelp.contactpoints.models import Staff, StaffInvitation, StaffRole
from selvhjelp.interest.models import Pool
from selvhjelp.notifications.models import Message
from tests.conftest import municipality, theme, with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def paths(contact_point):
    slug = contact_point.slug
    pool = Pool.objects.create(
        contact_point=contact_point, theme=theme("sorg"), municipality=municipality("0301")
    )
    return {
        "staff": f"/kontaktpunkt/{slug}/ansatte/",
        "edit": f"/kontaktpunkt/{slug}/rediger/",
        "pools": f"/kontaktpunkt/{slug}/interesse/",
        "pool": f"/kontaktpunkt/{slug}/interesse/{pool.code}/",
        "themes": "/tema/",
    }


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        ("outsider", "staff", 404),
        ("outsider", "edit", 404),
        ("other_coordinator", "edit", 404),
        ("initiator", "edit", 403),
        ("coordinator", "edit", 200),
        ("outsider", "pools", 404),
        ("outsider", "pool", 404),
        ("outsider", "themes", 403),
        ("other_coordinator", "staff", 404),
        ("other_coordinator", "pools", 404),
        ("other_coordinator", "pool", 404),
        ("initiator", "staff", 403),
        ("initiator", "pools", 200),
        ("initiator", "pool", 200),
        ("initiator", "themes", 403),
        ("coordinator", "staff", 200),
        ("coordinator", "pools", 200),
        ("coordinator", "pool", 200),
        ("coordinator", "themes", 200),
        ("other_coordinator", "themes", 200),
    ],
)
def test_staff_pages_by_role(request, client_for, paths, who: str, page: str, status: int) -> None:
    person = with_mfa(request.getfixturevalue(who))
    assert client_for(person).get(paths[page]).status_code == status
    # An empty form comes back with its errors (200); nobody else gets further by posting.
    assert client_for(person).post(paths[page]).status_code == status


@pytest.mark.parametrize("page", ["staff", "edit", "pools", "pool", "themes"])
def test_staff_without_two_factor_are_sent_to_turn_it_on(
    coordinator_without_mfa, client_for, paths, page
) -> None:
    response = client_for(coordinator_without_mfa).get(paths[page])
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/?next=")


def test_a_coordinator_invites_and_the_invited_person_joins(
    coordinator, contact_point, client_for, make_user, paths
) -> None:
    client = client_for(coordinator)
    response = client.post(
        paths["staff"], {"email": "Ny.Igangsetter@example.org", "role": "initiator"}
    )
    assert response.status_code == 302
    invitation = StaffInvitation.objects.get()
    message = Message.objects.get(kind="staff_invitation")
    assert message.to_email == "ny.igangsetter@example.org"
    assert invitation.token in message.body_text
    assert contact_point.name not in message.subject

    newcomer = make_user("Ny", email="ny.igangsetter@example.org")
    page = client_for(newcomer).get(f"/ansatt/invitasjon/{invitation.token}/")
    assert page.status_code == 200
    client_for(newcomer).post(f"/ansatt/invitasjon/{invitation.token}/")
    assert Staff.objects.filter(user=newcomer, role=StaffRole.INITIATOR).exists()
    assert client_for(newcomer).post(f"/ansatt/invitasjon/{invitation.token}/").status_code == 404
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"staff_invite", "staff_join"} <= actions


def test_an_invitation_works_only_for_its_own_address_and_in_time(
    coordinator, contact_point, client_for, outsider, make_user, paths
) -> None:
    client_for(coordinator).post(paths["staff"], {"email": "a@example.org", "role": "coordinator"})
    invitation = StaffInvitation.objects.get()
    assert client_for(outsider).post(f"/ansatt/invitasjon/{invitation.token}/").status_code == 404
    invited = make_user(email="a@example.org")
    StaffInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client_for(invited).post(f"/ansatt/invitasjon/{invitation.token}/").status_code == 404
    assert not Staff.objects.filter(user__in=[outsider, invited]).exists()


def test_a_coordinator_removes_an_initiator_but_never_the_last_coordinator(
    coordinator, initiator, contact_point, client_for, paths
) -> None:
    client = client_for(coordinator)
    remove = f"/kontaktpunkt/{contact_point.slug}/ansatte/fjern/"
    initiator_role = Staff.objects.get(user=initiator)
    client.post(remove, {"staff": initiator_role.pk})
    assert not Staff.objects.filter(pk=initiator_role.pk).exists()
    own = Staff.objects.get(user=coordinator)
    response = client.post(remove, {"staff": own.pk}, follow=True)
    assert Staff.objects.filter(pk=own.pk).exists()
    assert "minst én koordinator" in response.content.decode()


def test_a_coordinator_cannot_remove_staff_of_another_contact_point(
    coordinator, other_coordinator, contact_point, client_for
) -> None:
    their_role = Staff.objects.get(user=other_coordinator)
    client_for(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/ansatte/fjern/", {"staff": their_role.pk}
    )
    assert Staff.objects.filter(pk=their_role.pk).exists()


def test_a_coordinator_keeps_the_public_details_and_the_threshold(
    coordinator, contact_point, client_for, paths
) -> None:
    client = client_for(coordinator)
    response = client.post(
        paths["edit"],
        {
            "description": "Velkommen",
            "email": "ny@oslo.example.org",
            "phone": "1",
            "opening_hours": "",
            "website": "",
            "interest_threshold": "6",
        },
    )
    assert response.status_code == 302
    contact_point.refresh_from_db()
    assert (contact_point.email, contact_point.interest_threshold) == ("ny@oslo.example.org", 6)
    refused = client.post(paths["edit"], {"interest_threshold": "40", "email": "x"})
    assert refused.status_code == 200
    contact_point.refresh_from_db()
    assert contact_point.interest_threshold == 6
