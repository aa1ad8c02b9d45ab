"""Who may see a group's inside: one helper, used by every inside view.

Outsiders get 404 (a group's members and even its existence are private); people with another
part in the group get 403; a member who has not signed the current confidentiality declaration
is sent to it first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as cache_function
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.accounts.models import User
from selvhjelp.accounts.second_factor import second_factor_missing, session_used_second_factor
from selvhjelp.contactpoints.models import Staff, StaffRole
from selvhjelp.groups.models import (
    DeclarationVersion,
    Group,
    Membership,
    MembershipState,
    Signature,
)
from selvhjelp.lib.prepared import Prepared

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


def _parts(
    group: Group, user: User, *, state: str | None, staff: bool, coordinator: bool
) -> frozenset[str]:
    """The person's parts, from their membership state and whether they are staff (and
    coordinator) of the group's contact point."""
    parts = set()
    if state == MembershipState.MEMBER:
        parts.add(MEMBER)
    elif state == MembershipState.INVITED:
        parts.add(INVITED)
    # The initiator part lasts until the hand-over, and only while the person is what made
    # them initiator: the starter of a self-started group still a member, or staff of the
    # group's contact point today.
    still_what_made_them = MEMBER in parts if group.self_started else staff
    if not group.is_self_governed and group.initiator_id == user.pk and still_what_made_them:
        parts.add(INITIATOR)
    if coordinator:
        parts.add(COORDINATOR)
    return frozenset(parts)


def parts_in(group: Group, user: User) -> frozenset[str]:
    """The person's parts in the group, from today's membership and staff rows."""
    state = (
        Membership.objects.filter(group=group, user=user).values_list("state", flat=True).first()
    )
    roles = (
        set(
            Staff.objects.filter(contact_point_id=group.contact_point_id, user=user).values_list(
                "role", flat=True
            )
        )
        if group.contact_point_id
        else set()
    )
    return _parts(
        group, user, state=state, staff=bool(roles), coordinator=StaffRole.COORDINATOR in roles
    )


def group_and_parts(code: str, user: User) -> tuple[Group, frozenset[str], bool] | None:
    """The group with this code (its place, contact point and initiator with it), the person's
    parts in it and whether they have signed its current declaration: every inside page asks
    this first. None when there is no such group.

    Two queries: the group (prepared, lib/prepared.py), and one plain query for the person's
    rows (`_viewer_sql`). The same reads as ORM subqueries took longer to write than the four
    queries they replaced."""
    found = _group_by_code(code)
    if not found:
        return None
    group = found[0]
    with connection.cursor() as cursor:
        cursor.execute(
            _viewer_sql(),
            [group.pk, user.pk]
            + [group.contact_point_id, user.pk] * 2
            + [StaffRole.COORDINATOR, user.pk, group.pk],
        )
        state, staff, coordinator, signed = cursor.fetchone()
    parts = _parts(group, user, state=state, staff=bool(staff), coordinator=bool(coordinator))
    return group, parts, bool(signed)


_group_by_code = Prepared(
    lambda code: Group.objects.select_related(
        "municipality__county", "contact_point", "initiator"
    ).filter(code=code)[:1],
    str,
)


@cache_function
def _viewer_sql() -> str:
    q = connection.ops.quote_name
    membership, staff = Membership._meta.db_table, Staff._meta.db_table
    signature, declaration = Signature._meta.db_table, DeclarationVersion._meta.db_table
    # Only our own tables and columns, quoted, go into the text; values go as parameters.
    return f"""
        SELECT
            (SELECT m.{q("state")} FROM {q(membership)} m
                WHERE m.{q("group_id")} = %s AND m.{q("user_id")} = %s
                ORDER BY m.{q("id")} LIMIT 1),
            EXISTS(SELECT 1 FROM {q(staff)} s
                WHERE s.{q("contact_point_id")} = %s AND s.{q("user_id")} = %s),
            EXISTS(SELECT 1 FROM {q(staff)} s
                WHERE s.{q("contact_point_id")} = %s AND s.{q("user_id")} = %s
                AND s.{q("role")} = %s),
            EXISTS(SELECT 1 FROM {q(signature)} x
                WHERE x.{q("user_id")} = %s AND x.{q("declaration_id")} = (
                    SELECT d.{q("id")} FROM {q(declaration)} d WHERE d.{q("group_id")} = %s
                    ORDER BY d.{q("number")} DESC LIMIT 1))
    """  # noqa: S608


def inside_view(
    *allowed: str, allow_unsigned: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(
            request: AuthedRequest, code: str, *args: object, **kwargs: object
        ) -> HttpResponse:
            found = group_and_parts(code, request.user)
            if found is None:
                raise Http404
            group, parts, signed = found
            if not parts:
                raise Http404
            grants = parts & set(allowed)
            if not grants:
                raise PermissionDenied
            # What only staff may open asks for the session's second factor, members or not.
            # Staff who are also members read a page open to members without it, but only as
            # members: what the page shows to staff (people interested, intake) needs it.
            staff = {COORDINATOR} if group.self_started else {COORDINATOR, INITIATOR}
            if grants & staff and MEMBER not in grants:
                missing = second_factor_missing(request, request.user)
                if missing is not None:
                    return missing
            elif parts & staff and not session_used_second_factor(request):
                parts = parts - staff
            if MEMBER in parts and not allow_unsigned and not signed:
                return redirect("groups:declaration", code=group.code)
            return view(request, Inside(group=group, parts=parts), *args, **kwargs)

        return wrapped

    return decorator
