"""Headers every response carries beyond Django's own security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from selvhjelp.pages.errors import bad_request

# Browser features the site does not use are turned off for it and anything it could embed.
# Passkeys (WebAuthn) are the exception: they are offered for two-factor sign-in.
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "autoplay=()",
        "camera=()",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "usb=()",
        "interest-cohort=()",
        "publickey-credentials-create=(self)",
        "publickey-credentials-get=(self)",
    ]
)


class PrivateResponsesMiddleware:
    """A signed-in person's pages are never stored by the browser or a proxy, so the back button
    after signing out shows nothing of them; every page turns off the features we do not use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class NulRefusedMiddleware:
    """An address with a NUL character gets the bad-request page before any view reads it:
    PostgreSQL refuses the character in a query, and no real link carries one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = (value for values in request.GET.lists() for value in [values[0], *values[1]])
        if "\x00" in request.path or any("\x00" in value for value in query):
            return bad_request(request)
        return self.get_response(request)
