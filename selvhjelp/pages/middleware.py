"""Headers every response carries beyond Django's own security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from selvhjelp.lib.languages import language_of
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
    after signing out shows nothing of them. Nor are the pages of a visitor whose session holds
    anything (between signing up and confirming the address, a page shows the address). Every
    page turns off the features we do not use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if (user is not None and user.is_authenticated) or (
            session is not None and not session.is_empty()
        ):
            add_never_cache_headers(response)
        return response


class NulRefusedMiddleware:
    """An address with a NUL character gets the bad-request page before any view reads it:
    PostgreSQL refuses the character in a query, and no real link carries one. The API's
    description names this answer for every operation."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = (text for key, values in request.GET.lists() for text in (key, *values))
        if "\x00" in request.path or any("\x00" in text for text in query):
            return bad_request(request)
        return self.get_response(request)


class AddressLanguageMiddleware:
    """The address decides the language: /nn/… is nynorsk, /en/… English, anything else bokmål.

    Neither the browser's Accept-Language nor a cookie nor the account plays a part, so an
    address shows the same language to everyone, search engines and shared caches included.
    Django's LocaleMiddleware would also add `Vary: Accept-Language` to bokmål addresses, whose
    language is fixed; this one does not. A signed-in person's stored language decides their
    emails and where they land after signing in (`notifications.account_mail`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_of(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
