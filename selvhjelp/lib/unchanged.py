"""Answers of "unchanged" (304) given before the middleware that decides about the person.

A view whose answer belongs to a secret address rather than to a signed-in person (the
calendar feed) can tell from the address alone whether the client already holds its answer.
Calendar apps ask every few minutes, almost always for an unchanged file, so such a view names
a check (`answers_unchanged`), and `UnchangedEarlyMiddleware` runs it for a request that brings
an ETag (`If-None-Match`) and no session cookie, before the session, the person, CSRF, messages
and the CSP are looked at: none of them is used by the check or by a 304, which carries no
body. Anything else (no ETag, a session, a changed file, an address no view of that kind
answers) goes on down the chain to the view, which answers as it always does (the feed's view
reuses what its check read).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

# A check: given the request and the address's arguments, the 304 to give, or None.
Check = Callable[..., HttpResponse | None]
V = TypeVar("V", bound=Callable[..., Any])


class _Checked(Protocol):
    unchanged: Check


def answers_unchanged(check: Check) -> Callable[[V], V]:
    """Mark a view whose 304 `check` can give before the person is looked at. Only a view
    open without signing in (`login_not_required`) is ever answered early."""

    def mark(view: V) -> V:
        cast(_Checked, view).unchanged = check
        return view

    return mark


class UnchangedEarlyMiddleware:
    """Give a marked view's 304 early (see the module's docstring).

    It sits after the language middleware (and the page cache's, which answers kept pages
    first): an address under /nn/ or /en/ is found only in its own language, and a check may
    depend on the address's language as its view does. A request with a session goes on to
    the view: a signed-in person's answers say more (never to be stored,
    `pages.middleware.PrivateResponsesMiddleware`) than the check knows.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "HTTP_IF_NONE_MATCH" in request.META
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            # The bad-request page is for later: no query may carry a NUL (PostgreSQL).
            and "\x00" not in request.path_info
        ):
            answer = self._early(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    @staticmethod
    def _early(request: HttpRequest) -> HttpResponse | None:
        # An address the site does not answer to is refused (400) here as it would be later.
        request.get_host()
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        check: Check | None = getattr(match.func, "unchanged", None)
        # A view behind the sign-in is for the middleware after this one to let through.
        if check is None or getattr(match.func, "login_required", True):
            return None
        return check(request, *match.args, **match.kwargs)
