"""A self-started group asks to be listed in the directory; a coordinator of its area approves."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditAction
from selvhjelp.audit.services import audit_record
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffRole
from selvhjelp.groups.models import Group
from selvhjelp.groups.services import NotAllowed
from selvhjelp.groups.services.search import group_reindex
from selvhjelp.notifications.kinds import LISTING_REQUEST
from selvhjelp.notifications.services import Notice, notify_many


def listing_request(*, group: Group) -> int:
    """Ask the area's coordinators to list a self-started group; returns how many were asked."""
    if not group.self_started or group.listed:
        raise NotAllowed
    with transaction.atomic():
        group.listing_requested_at = timezone.now()
        group.save(update_fields=["listing_requested_at"])
        coordinators = Staff.objects.filter(
            role=StaffRole.COORDINATOR, contact_point__municipalities=group.municipality
        ).select_related("user", "contact_point")
        notify_many(
            kind=LISTING_REQUEST.name,
            notices=[
                Notice(
                    recipient=staff.user,
                    dedupe_key=(
                        f"listing:{group.code}:{staff.user_id}:{group.listing_requested_at:%s}"
                    ),
                    context={
                        "approvals_url": settings.SITE_URL
                        + reverse("groups:approvals", kwargs={"slug": staff.contact_point.slug})
                    },
                )
                for staff in coordinators
            ],
        )
    return len(coordinators)


def listing_approve(*, group: Group, contact_point: ContactPoint, by: User) -> Group:
    """A coordinator of the area lists the group; their contact point becomes its contact."""
    if group.listed or not contact_point.municipalities.filter(pk=group.municipality_id).exists():
        raise NotAllowed
    group.listed = True
    group.contact_point = contact_point
    group.save(update_fields=["listed", "contact_point"])
    group_reindex(group)
    audit_record(
        actor=by, action=AuditAction.LISTING_APPROVE, target=group, contact_point=contact_point
    )
    return group
