"""Who may read the statistics of the whole installation: administrators, with the same
two-factor rule as the admin (`accounts/admin_site.py`). A contact point's own statistics use
the staff pages' helper, `contactpoints.access.staff_view`, for its coordinators."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.accounts.second_factor import second_factor_missing


def administrator_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Administrators only (others get 403); without a second factor in the session they are
    sent to give one first, as the admin does."""

    @wraps(view)
    def wrapped(request: AuthedRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        missing = second_factor_missing(request, request.user)
        if missing is not None:
            return missing
        return view(request, *args, **kwargs)

    return wrapped
