"""Staff's home: an overview of their contact point, where they land after signing in."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.contactpoints.access import ANY_STAFF, staff_view
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffInvitation, StaffRole
from selvhjelp.groups.models import Group, GroupState
from selvhjelp.groups.selectors import waiting_for_listing
from selvhjelp.interest.services import pools_for
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.selectors import follow_ups_due_at, room_bookings

# A pool this many people short of its threshold is shown as nearly ready.
NEAR = 1


def start(request: AuthedRequest) -> HttpResponse:
    """Where a person lands after signing in: staff at their contact point's overview (the
    first by name when they work at several), everyone else at their profile."""
    staff = Staff.objects.filter(user=request.user).select_related("contact_point")
    first = staff.order_by("contact_point__name").first()
    if first is None:
        return redirect("accounts:profile")
    return redirect("overview:contact_point", slug=first.contact_point.slug)


def _this_week() -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, in Oslo."""
    today = timezone.localtime(timezone.now(), OSLO).date()
    monday = today - timedelta(days=today.weekday())
    start = datetime(monday.year, monday.month, monday.day, tzinfo=OSLO)
    return start, start + timedelta(days=7)


@staff_view(*ANY_STAFF)
def contact_point_home(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    """Groups by state, pools near their threshold, follow-ups due, listing requests, this
    week's room bookings, staff and invitations: a fixed number of queries."""
    counts = dict(
        Group.objects.filter(contact_point=contact_point)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    by_state = [(label, counts.get(value, 0)) for value, label in GroupState.choices]
    pools = [row for row in pools_for(contact_point) if row.count >= row.threshold - NEAR]
    week_start, week_end = _this_week()
    rooms: dict[str, list[datetime]] = {}
    for meeting in room_bookings(contact_point.pk, start=week_start, end=week_end):
        assert meeting.premises is not None
        rooms.setdefault(meeting.premises.name, []).append(meeting.starts_at)
    staff = list(
        Staff.objects.filter(contact_point=contact_point)
        .select_related("user")
        .order_by("user__display_name", "role")
    )
    context = {
        "contact_point": contact_point,
        # The rooms' and the staff's pages are the coordinators'; an initiator sees no link
        # that would answer 403.
        "coordinator": any(
            row.user_id == request.user.pk and row.role == StaffRole.COORDINATOR for row in staff
        ),
        "by_state": by_state,
        "pools": sorted(pools, key=lambda row: (not row.ready, -row.count)),
        "follow_ups": list(follow_ups_due_at(contact_point.pk)),
        "waiting": list(waiting_for_listing(contact_point)),
        "rooms": sorted(rooms.items()),
        "staff": staff,
        "invitations": list(
            StaffInvitation.objects.filter(
                contact_point=contact_point,
                accepted_at__isnull=True,
                expires_at__gt=timezone.now(),
            ).order_by("created_at")
        ),
    }
    return render(request, "overview/contact_point.html", context)
