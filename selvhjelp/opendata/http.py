"""What every answer of the open data API carries: caching with an ETag, CORS open for reading,
and a limit per address.

The data is public, so any site may read it from a browser (`Access-Control-Allow-Origin: *`),
and shared caches may keep it for a few minutes. The limit counts requests per client address
in fixed one-minute windows in Django's cache (shared by every server process); the address is
found as allauth finds it for the login limits (`SELVHJELP_TRUSTED_PROXIES`) and kept only as a
hash, for a minute.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from functools import wraps

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from selvhjelp.lib.pagecache import kept_answer

# How long a browser or a shared cache may keep an answer before asking again (with its ETag).
MAX_AGE = 300
WINDOW = 60
READ_METHODS = ("GET", "HEAD")

View = Callable[..., HttpResponseBase]


def client_address(request: HttpRequest) -> str:
    """The visitor's address, behind as many proxies as SELVHJELP_TRUSTED_PROXIES says."""
    try:
        address = get_client_ip(request)
    except ImproperlyConfigured:
        # Fewer X-Forwarded-For entries than trusted proxies: the request did not come
        # through them, so the connection's own address is the visitor's.
        address = None
    return address or request.META.get("REMOTE_ADDR", "") or "unknown"


def seconds_to_wait(request: HttpRequest, *, now: float | None = None) -> int:
    """Count this request against its address; 0 while under the limit, else the seconds
    until the window ends."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"opendata-rate:{address}:{window}"
    if cache.add(key, 1, timeout=WINDOW + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window's counter expired in between
            cache.add(key, 1, timeout=WINDOW + 1)
            count = 1
    if count <= settings.SELVHJELP_API_REQUESTS_PER_MINUTE:
        return 0
    return max(1, math.ceil((window + 1) * WINDOW - now))


def _cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return response


def open_data(view: View) -> View:
    """Wrap an API view: public, limited per address, cached with an ETag, readable from any
    origin. Only GET and HEAD (and a CORS preflight) are answered."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if request.method == "OPTIONS":
            preflight = HttpResponse(status=204)
            preflight["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            preflight["Access-Control-Allow-Headers"] = "If-None-Match"
            preflight["Access-Control-Max-Age"] = "86400"
            return _cors(preflight)
        if request.method not in READ_METHODS:
            refused = JsonResponse({"detail": "Method not allowed"}, status=405)
            refused["Allow"] = "GET, HEAD, OPTIONS"
            return _cors(refused)
        wait = seconds_to_wait(request)
        if wait:
            limited = JsonResponse({"detail": "Too many requests"}, status=429)
            limited["Retry-After"] = str(wait)
            return _cors(limited)
        # One address for every language: names follow Accept-Language (bokmål by default),
        # where a page's language is its address (pages.middleware.AddressLanguageMiddleware).
        with translation.override(translation.get_language_from_request(request)):
            # The answer is public data, kept until it changes (lib/pagecache.py); the limit
            # above and the ETag below still see every request.
            response = kept_answer(
                f"api:{request.get_full_path()}", lambda: view(request, *args, **kwargs)
            )
        patch_vary_headers(response, ("Accept-Language",))
        if isinstance(response, HttpResponse) and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            set_response_etag(response)
            conditional = get_conditional_response(
                request, etag=response.get("ETag"), response=response
            )
            if conditional is not None:
                response = conditional
        return _cors(response)

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return login_not_required(wrapped)
