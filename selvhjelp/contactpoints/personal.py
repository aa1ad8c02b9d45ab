"""A person's roles on the staff of contact points, and invitations to join (see
accounts.personal)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row, choice_label, verified_addresses
from selvhjelp.contactpoints.models import Staff, StaffInvitation, StaffRole
from selvhjelp.contactpoints.services import staff_invitations_erase


def _roles_export(*, user: User) -> list[Row]:
    return [
        {
            "contact_point": staff.contact_point.name,
            "role": choice_label(StaffRole.choices, staff.role),
        }
        for staff in Staff.objects.filter(user=user)
        .select_related("contact_point")
        .order_by("contact_point__name", "role")
    ]


def _roles_erase(*, user: User, addresses: set[str]) -> None:
    Staff.objects.filter(user=user).delete()


def _invitations_export(*, user: User) -> list[Row]:
    """Invitations to the person's addresses; not those they sent, which are others' addresses."""
    to_person = Q(pk__in=[])
    for address in verified_addresses(user):
        to_person |= Q(email__iexact=address)
    return [
        {
            "contact_point": invitation.contact_point.name,
            "role": choice_label(StaffRole.choices, invitation.role),
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
        }
        for invitation in StaffInvitation.objects.filter(to_person)
        .select_related("contact_point")
        .order_by("created_at")
    ]


def _invitations_erase(*, user: User, addresses: set[str]) -> None:
    staff_invitations_erase(addresses=addresses)
    StaffInvitation.objects.filter(invited_by=user).update(invited_by=None)


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="staff_roles",
        title=_("Your roles as staff"),
        purpose=_("Which contact points you work for, and as what."),
        models=("contactpoints.Staff",),
        export=_roles_export,
        erase=_roles_erase,
        labels={"contact_point": _("Contact point"), "role": _("Role")},
    ),
    PersonalData(
        name="staff_invitations",
        title=_("Invitations to join the staff"),
        purpose=_("An invitation waits for you to accept it, and is kept for a while after."),
        models=("contactpoints.StaffInvitation",),
        export=_invitations_export,
        erase=_invitations_erase,
        labels={
            "contact_point": _("Contact point"),
            "role": _("Role"),
            "created_at": _("Sent"),
            "expires_at": _("Expires"),
            "accepted_at": _("Accepted"),
        },
    ),
)
