"""What every answer of the open data API carries: caching with an ETag, CORS open for reading,
and a limit per address.

The data is public, so any site may read it from a browser (`Access-Control-Allow-Origin: *`),
and shared caches may keep it for a few minutes. The limit counts requests per client address
in fixed one-minute windows in Django's cache (shared by every server process); the address is
found as allauth finds it for the login limits (`SELVHJELP_TRUSTED_PROXIES`) and kept only as a
hash, for a minute.

Each process adds its requests to the shared count in batches of a twentieth of the limit
(`RateCounter`), so that a busy API does not write to the cache on every request: a limit of
120 is one write per six requests. The process that answers always knows its own requests, so
one address through one process gets exactly the limit; through several, each other process
may hold back up to a batch less one, so at most that many more get through before 429.
"""

from __future__ import annotations

import hashlib
import math
import threading
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

# Where the API's addresses start (opendata/urls.py), outside any language prefix.
API_START = "/api/v1/"
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


# A process adds its own requests to the shared count once it holds this share of the limit.
BATCH_SHARE = 20


class RateCounter:
    """Requests per address and window: the shared count as this process last saw it, and this
    process's own requests not yet added to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        self._counts: dict[str, tuple[int, int]] = {}

    def count(self, key: str, *, window: int, limit: int) -> int:
        """Count one request under key; the number of requests so far, as far as known here."""
        batch = max(1, limit // BATCH_SHARE)
        with self._lock:
            if window != self._window:
                # A new minute: the old windows' counts are of no more use.
                self._window, self._counts = window, {}
            seen, pending = self._counts.get(key, (0, 0))
            pending += 1
            self._counts[key] = (seen, pending)
        if pending < batch:
            return seen + pending
        total = _shared_add(key, pending)
        with self._lock:
            if self._window == window:
                _seen, now_pending = self._counts.get(key, (0, pending))
                # Requests counted here while this one wrote stay pending.
                self._counts[key] = (total, max(now_pending - pending, 0))
        return total

    def clear(self) -> None:
        """Forget every count held here (when the shared store was emptied)."""
        with self._lock:
            self._window, self._counts = -1, {}


def _shared_add(key: str, amount: int) -> int:
    """Add to the count every process shares; the new total."""
    if cache.add(key, amount, timeout=WINDOW + 1):
        return amount
    try:
        return int(cache.incr(key, amount))
    except ValueError:  # the window's counter expired in between
        cache.add(key, amount, timeout=WINDOW + 1)
        return amount


rate_counter = RateCounter()


def seconds_to_wait(request: HttpRequest, *, now: float | None = None) -> int:
    """Count this request against its address; 0 while under the limit, else the seconds
    until the window ends."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"opendata-rate:{address}:{window}"
    limit = settings.SELVHJELP_API_REQUESTS_PER_MINUTE
    if rate_counter.count(key, window=window, limit=limit) <= limit:
        return 0
    return max(1, math.ceil((window + 1) * WINDOW - now))


def _cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return response


def answer_language(request: HttpRequest) -> str:
    """One address for every language: names follow Accept-Language (bokmål by default), where
    a page's language is its address (pages.middleware.AddressLanguageMiddleware)."""
    return translation.get_language_from_request(request)


def _unless_unchanged(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    """304 Not Modified when the client holds this answer already (its ETag)."""
    conditional = get_conditional_response(request, etag=response.get("ETag"), response=response)
    return response if conditional is None else conditional


def kept_hit(request: HttpRequest, answer: HttpResponse) -> HttpResponseBase | None:
    """An answer the page cache kept whole, asked for again (lib/pagecache.COUNTED): counted
    like any request, then given from the kept one, or 304. Over the limit, None: the view
    answers 429 (and counts the request once more, which changes nothing over the limit)."""
    if seconds_to_wait(request):
        return None
    return _cors(_unless_unchanged(request, answer))


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
        language = answer_language(request)
        # HEAD is GET without the body (the server leaves it out); the operations are declared
        # for GET only, so they see a GET.
        head = request.method == "HEAD"
        request.method = "GET"
        try:
            with translation.override(language):
                # The answer is public data, kept until it changes (lib/pagecache.py); the
                # limit above and the ETag below still see every request.
                response = kept_answer(
                    f"api:{request.get_full_path()}", lambda: view(request, *args, **kwargs)
                )
        finally:
            if head:
                request.method = "HEAD"
        # The language the answer is in, which Accept-Language chose, not the address's.
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        if isinstance(response, HttpResponse) and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
            set_response_etag(response)
            response = _unless_unchanged(request, response)
        return _cors(response)

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return login_not_required(wrapped)
