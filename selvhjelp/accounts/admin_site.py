"""The admin: signed in through the site's own login, and with a second factor in the session."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, resolve_url
from django.template.response import SimpleTemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from selvhjelp.accounts.models import User
from selvhjelp.accounts.second_factor import second_factor_missing, session_used_second_factor

_View = TypeVar("_View", bound=Callable[..., Any])
logger = logging.getLogger(__name__)


class AdminSite(admin.AdminSite):
    site_header = "selvhjelp"

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        """Django's own, and its page drawn here: a list filtered by a date no calendar has (a
        year of -1 or of 10,000 in the address) fails as its rows are counted or drawn, as a
        server error. Here it goes to the list without the filter, as Django does with a
        filter it cannot read."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def drawn(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            match = request.resolver_match
            changelist = match is not None and str(match.url_name).endswith("_changelist")
            if not changelist or request.method != "GET" or ERROR_FLAG in request.GET:
                return inner(request, *args, **kwargs)
            try:
                response = inner(request, *args, **kwargs)
                if isinstance(response, SimpleTemplateResponse):
                    response.render()
            except (ValueError, OverflowError):
                logger.warning("A list's filter could not be read: %s", request.path, exc_info=True)
                return redirect(f"{request.path}?{ERROR_FLAG}=1")
            return response

        return cast(_View, drawn)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and session_used_second_factor(request)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Visitors never reach this: it is not marked public, so LoginRequiredMiddleware sends
        them to the site's own login (rate limits, two-factor) first. Staff without a second
        factor in this session are sent to give one; anyone else signed in is refused."""
        user = request.user
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        assert isinstance(user, User)
        missing = second_factor_missing(request, user)
        if missing is not None:
            return missing
        return redirect(self._next_within_the_site(request))

    @staticmethod
    def _next_within_the_site(request: HttpRequest) -> str:
        """Where to go after the login: the page asked for, if it is on this site."""
        wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
        if url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return wanted
        return resolve_url("admin:index")
