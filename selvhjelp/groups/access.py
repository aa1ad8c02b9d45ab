"""Who may see a group's inside: one helper, used by every inside view.

Outsiders get 404 (a group's members and even its existence are private); people with another
part in the group get 403; a member who has not signed the current confidentiality declaration
is sent to it first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.accounts.models import User
from selvhjelp.accounts.second_factor import second_factor_missing
from selvhjelp.contactpoints.models import Staff, StaffRole
from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.groups.selectors import has_signed

MEMBER = "member"
INITIATOR = "initiator"  # the initiator or starter, until the hand-over
COORDINATOR = "coordinator"  # of the group's contact point
INVITED = "invited"


@dataclass(frozen=True)
class Inside:
    group: Group
    parts: frozenset[str]

    @property
    def is_member(self) -> bool:
        return MEMBER in self.parts

    @property
    def is_initiator(self) -> bool:
        return INITIATOR in self.parts


def parts_in(group: Group, user: User) -> frozenset[str]:
    """The person's parts in the group, from today's membership and staff rows."""
    parts = set()
    state = (
        Membership.objects.filter(group=group, user=user).values_list("state", flat=True).first()
    )
    if state == MembershipState.MEMBER:
        parts.add(MEMBER)
    elif state == MembershipState.INVITED:
        parts.add(INVITED)
    roles = (
        set(
            Staff.objects.filter(contact_point_id=group.contact_point_id, user=user).values_list(
                "role", flat=True
            )
        )
        if group.contact_point_id
        else set()
    )
    # The initiator part lasts until the hand-over, and only while the person is what made
    # them initiator: the starter of a self-started group still a member, or staff of the
    # group's contact point today.
    still_what_made_them = MEMBER in parts if group.self_started else bool(roles)
    if not group.is_self_governed and group.initiator_id == user.pk and still_what_made_them:
        parts.add(INITIATOR)
    if StaffRole.COORDINATOR in roles:
        parts.add(COORDINATOR)
    return frozenset(parts)


def inside_view(
    *allowed: str, allow_unsigned: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(
            request: AuthedRequest, code: str, *args: object, **kwargs: object
        ) -> HttpResponse:
            group = (
                Group.objects.select_related("municipality__county", "contact_point", "initiator")
                .filter(code=code)
                .first()
            )
            if group is None:
                raise Http404
            parts = parts_in(group, request.user)
            if not parts:
                raise Http404
            if not parts & set(allowed):
                raise PermissionDenied
            staff_part = COORDINATOR in parts or (INITIATOR in parts and not group.self_started)
            if staff_part and MEMBER not in parts:
                missing = second_factor_missing(request, request.user)
                if missing is not None:
                    return missing
            if MEMBER in parts and not allow_unsigned and not has_signed(group, request.user):
                return redirect("groups:declaration", code=group.code)
            return view(request, Inside(group=group, parts=parts), *args, **kwargs)

        return wrapped

    return decorator
