"""Who may open a contact point's staff pages: one helper, used by every staff view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.accounts.models import User
from selvhjelp.accounts.second_factor import second_factor_missing
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffRole

ANY_STAFF = (StaffRole.COORDINATOR, StaffRole.INITIATOR)


def staff_roles(user: User, contact_point: ContactPoint) -> set[str]:
    return set(
        Staff.objects.filter(contact_point=contact_point, user=user).values_list("role", flat=True)
    )


def is_coordinator_anywhere(user: User) -> bool:
    return Staff.objects.filter(user=user, role=StaffRole.COORDINATOR).exists()


def staff_view(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view for the staff of the contact point in the URL.

    People who are not staff there get 404 (as if the page did not exist), staff with another
    role get 403, and staff without two-factor sign-in are sent to turn it on first.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(
            request: AuthedRequest, slug: str, *args: object, **kwargs: object
        ) -> HttpResponse:
            contact_point = ContactPoint.objects.filter(slug=slug).first()
            if contact_point is None:
                raise Http404
            held = staff_roles(request.user, contact_point)
            if not held:
                raise Http404
            if not held & set(roles):
                raise PermissionDenied
            missing = second_factor_missing(request, request.user)
            if missing is not None:
                return missing
            return view(request, contact_point, *args, **kwargs)

        return wrapped

    return decorator


def person_view(
    allowed: Callable[[User], bool],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view for the people `allowed` says yes to (anyone else gets 403), with two-factor
    sign-in in the session, like the admin."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: AuthedRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not allowed(request.user):
                raise PermissionDenied
            missing = second_factor_missing(request, request.user)
            if missing is not None:
                return missing
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# For coordinators of any contact point and for administrators (shared lists such as themes,
# where coordinators suggest and administrators decide).
coordinator_view = person_view(lambda user: user.is_superuser or is_coordinator_anywhere(user))
# For administrators only (the statistics of the whole installation).
administrator_view = person_view(lambda user: user.is_active and user.is_superuser)
