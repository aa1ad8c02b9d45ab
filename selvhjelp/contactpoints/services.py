from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditAction
from selvhjelp.audit.services import audit_record
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffInvitation
from selvhjelp.notifications.kinds import STAFF_INVITATION
from selvhjelp.notifications.services import notify_address

INVITATION_DAYS = 14
# An accepted invitation is kept a while as a record of who joined through it, then erased.
KEEP_ACCEPTED = timedelta(days=90)


class InvitationInvalid(Exception):
    """The invitation is unknown, used, expired, or for another address."""


def staff_invite(
    *, contact_point: ContactPoint, email: str, role: str, invited_by: User
) -> StaffInvitation:
    """Invite a person to the staff by email; the link works for that address only."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    with transaction.atomic():
        invitation = StaffInvitation.objects.create(
            contact_point=contact_point,
            email=email,
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        notify_address(
            to_email=email,
            language=(translation.get_language() or "nb")[:2],
            kind=STAFF_INVITATION.name,
            dedupe_key=f"staff-invitation:{invitation.pk}",
            context={
                "contact_point": contact_point.name,
                "role": invitation.get_role_display(),
                "days": INVITATION_DAYS,
                "url": settings.SITE_URL + reverse("staff_invitation", args=[invitation.token]),
            },
        )
        audit_record(
            actor=invited_by,
            action=AuditAction.STAFF_INVITE,
            target=invitation,
            contact_point=contact_point,
            subjects=[existing] if existing else [],
            data={"role": invitation.role},
        )
    return invitation


def staff_invitation_for(token: str, user: User) -> StaffInvitation:
    invitation = StaffInvitation.objects.select_related("contact_point").filter(token=token).first()
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at < timezone.now()
        or invitation.email.lower() != user.email.lower()
    ):
        raise InvitationInvalid
    return invitation


def staff_accept(*, token: str, user: User) -> Staff:
    """Join the staff through an invitation sent to this person's own address."""
    with transaction.atomic():
        invitation = staff_invitation_for(token, user)
        taken = StaffInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
        if not taken:
            raise InvitationInvalid
        try:
            with transaction.atomic():
                staff = Staff.objects.create(
                    contact_point=invitation.contact_point, user=user, role=invitation.role
                )
        except IntegrityError:
            staff = Staff.objects.get(
                contact_point=invitation.contact_point, user=user, role=invitation.role
            )
        audit_record(
            actor=user,
            action=AuditAction.STAFF_JOIN,
            target=staff,
            contact_point=invitation.contact_point,
            subjects=[user],
            data={"role": staff.role},
        )
    return staff


def staff_remove(*, staff: Staff, removed_by: User) -> None:
    """Remove a role; the last coordinator of a contact point cannot be removed."""
    with transaction.atomic():
        coordinators = Staff.objects.select_for_update().filter(
            contact_point=staff.contact_point, role="coordinator"
        )
        if staff.role == "coordinator" and coordinators.count() <= 1:
            raise ValueError("last coordinator")
        staff.delete()
        audit_record(
            actor=removed_by,
            action=AuditAction.STAFF_REMOVE,
            contact_point=staff.contact_point,
            subjects=[staff.user],
            data={"role": staff.role},
        )


def staff_invitations_erase(*, addresses: set[str]) -> None:
    """Erasure: staff invitations sent to any of a person's addresses."""
    for address in addresses:
        StaffInvitation.objects.filter(email__iexact=address).delete()


def staff_invitations_expire() -> int:
    """The periodic job: delete invitations that expired unused, and accepted ones after 90
    days. The address in an invitation is a person's, and the link has done its work."""
    now = timezone.now()
    deleted, _ = StaffInvitation.objects.filter(
        Q(accepted_at__isnull=True, expires_at__lt=now) | Q(accepted_at__lte=now - KEEP_ACCEPTED)
    ).delete()
    return deleted
