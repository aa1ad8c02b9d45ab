"""Whole public pages, kept in the cache for visitors without a session.

The rule: a response is kept only when nothing in it can belong to one person. The request
carries no cookie but the language's and the CSRF token's (so no session: nobody is signed in,
and no flash message waits), and the response sets no cookie (a page that uses the CSRF token
sets it again), varies on nothing but the language and the cookie (which, without a session
cookie, can only mean "nobody"), is a plain 200, may be stored (no `private`, no `no-store`)
and carries no CSP nonce (a nonce served twice is no nonce). The key is the version, the
scheme, the host, the language and the whole path with its query, so each language URL and each
filter is its own entry.

The version changes whenever something a public page shows changes (a group, a theme, a
membership, a contact point, a place, a meeting series): `public_pages_changed()`, called by
the signals `forget_on_change` connects (and by code that changes such rows with `update()`),
once the transaction has committed. Every server reads the version from the shared cache on
every request, so a change on one server is seen by all at once; a page rendered from the old
data is stored under the old version, where nobody looks. Entries also expire after TIMEOUT
seconds, for what changes with time alone (a meeting that has passed). `public_cached` and
`public_cached_each` keep smaller things built from the same public data (the directory's
option lists and form, the group cards) under the same version, and `kept_answer` the open data
API's answers. Each process keeps what it used last in its own memory as well (`_Local`).

A view that answers 304 itself and counts every request (the open data API) is left to itself,
unless its addresses are registered in `COUNTED` by the start of their path: then its plain
200s are kept whole like pages, under the variant the registration names (the language the
API answers in), and every hit is handed to the registration's `on_hit`, which counts it and
answers from the kept one, with 304 when it is unchanged, or lets it through to the view.

Pages and those things are kept in the cache named "pages", the version in the default cache
beside the login limits: anyone can add pages by asking for new addresses, and a full store
drops entries, which must never be the limits' counts.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple, TypeVar, cast

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
TIMEOUT = 60
DATA_TIMEOUT = 24 * 60 * 60
T = TypeVar("T")
# Vary headers that do not make a response personal here: the language is part of the key, and
# only requests without a session cookie are served or kept.
HARMLESS_VARY = {"accept-language", "accept-encoding", "cookie"}
# Each server process also keeps the pages and public data it used last in its own memory (this
# many entries of each), so that a kept page costs one read of the shared cache (the version),
# not two and an unpickling of the page.
LOCAL_PAGES = 512
# The longest key kept as it is (see `_bounded`).
KEY_LONGEST = 200


class Counted(NamedTuple):
    """Addresses whose every request is counted by their view (see the module's docstring)."""

    # The part of the key beyond the address and its language (the one the answer is in).
    variant: Callable[[HttpRequest], str]
    # A hit: the answer to give (from the kept one), or None to let the view answer.
    on_hit: Callable[[HttpRequest, HttpResponse], HttpResponseBase | None]


# By the start of their path; filled by the apps that own them (opendata/apps.py).
COUNTED: dict[str, Counted] = {}


def public_pages_changed() -> None:
    """Forget every kept public page, once the current transaction (if any) has committed."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, secrets.token_hex(8), None))


def forget_on_change(*models: type[Model]) -> None:
    """Forget the kept public pages whenever a row of these models is saved or deleted, or a
    link of these many-to-many tables is added or removed, wherever it happens (a service, the
    admin, a management command). Changes by `QuerySet.update()` send no signal: the code that
    makes them calls `public_pages_changed()` itself."""
    for model in models:
        label = model._meta.label
        post_save.connect(_changed, sender=model, weak=False, dispatch_uid=f"pages-save-{label}")
        post_delete.connect(
            _changed, sender=model, weak=False, dispatch_uid=f"pages-delete-{label}"
        )
        if model._meta.auto_created:  # a many-to-many table: its links change by m2m_changed
            m2m_changed.connect(
                _links_changed, sender=model, weak=False, dispatch_uid=f"pages-links-{label}"
            )


def _changed(**kwargs: object) -> None:
    public_pages_changed()


def _links_changed(*, action: str, **kwargs: object) -> None:
    if action.startswith("post_"):
        public_pages_changed()


def public_cached(name: str, build: Callable[[], T]) -> T:
    """What `build` makes from public data (an option list of themes or counties), kept in the
    cache per language until public data changes."""
    key = f"public-data:{_version()}:{get_language()}:{name}"
    found = local_data.get(key)
    if found is None:
        found = caches["pages"].get_or_set(key, build, DATA_TIMEOUT)
        local_data.put(key, found, time.monotonic() + DATA_TIMEOUT)
    return cast(T, found)


def public_cached_each(names: list[str], build: Callable[[list[str]], dict[str, T]]) -> list[T]:
    """Like `public_cached` for many things at once (the cards of a page of groups): what is
    not kept yet is built in one call of `build` with the missing names, and every value comes
    back in the order of `names`."""
    prefix = f"public-data:{_version()}:{get_language()}:"
    found: dict[str, T] = {}
    for name in names:
        value = local_data.get(prefix + name)
        if value is not None:
            found[name] = value
    missing = [name for name in names if name not in found]
    if missing:
        shared = caches["pages"].get_many([prefix + name for name in missing])
        found |= {key.removeprefix(prefix): value for key, value in shared.items()}
    built = build([name for name in names if name not in found]) if len(found) < len(names) else {}
    if built:
        caches["pages"].set_many(
            {prefix + name: value for name, value in built.items()}, DATA_TIMEOUT
        )
    every = found | built
    expires = time.monotonic() + DATA_TIMEOUT
    for name, value in every.items():
        local_data.put(prefix + name, value, expires)
    # A name `build` made nothing for (a row gone meanwhile) is left out.
    return [every[name] for name in names if name in every]


class _Request(threading.local):
    """The version read once per request: a page asks for it for each thing it keeps."""

    scoped = False
    version: str | None = None


_request = _Request()


def _version() -> str:
    if _request.version is not None:
        return _request.version
    version = cache.get(VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        # Another server may have set one a moment ago: keep theirs.
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    if _request.scoped:
        _request.version = str(version)
    return str(version)


@contextmanager
def _one_version() -> Iterator[None]:
    """Within a request, read the version at most once (a change made during the request
    gives the next request a new one)."""
    _request.scoped, _request.version = True, None
    try:
        yield
    finally:
        _request.scoped, _request.version = False, None


def request_cacheable(request: HttpRequest) -> bool:
    """A GET from a visitor without a session, without anything that could be personal."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    return set(request.COOKIES) <= allowed


def response_cacheable(response: HttpResponse, *, counted: bool = False) -> bool:
    """A complete 200 that sets no cookie, varies on nothing personal and may be stored. One
    with an ETag validates itself (its view answers 304 and counts its limits): only kept
    where its view registered its hits (`counted`)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("ETag") and not counted:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if not vary <= HARMLESS_VARY:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    policy = response.get("Content-Security-Policy", "")
    return "nonce-" not in policy


def _key(request: HttpRequest, version: str, variant: str = "") -> str:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    scheme = "https" if request.is_secure() else "http"
    where = f"{scheme}://{request.get_host()}{request.get_full_path()}"
    return _bounded(f"public-page:{version}:{language}:{variant}:{where}")


def _counted(path: str) -> Counted | None:
    for start, counted in COUNTED.items():
        if path.startswith(start):
            return counted
    return None


def _bounded(key: str) -> str:
    """The key, or when an address makes it long, its start and a digest of the whole: the
    database cache keeps keys in a column of 255 characters (with its own prefix), and
    PostgreSQL refuses a longer one."""
    if len(key) <= KEY_LONGEST:
        return key
    return f"{key[: KEY_LONGEST - 65]}:{hashlib.sha256(key.encode()).hexdigest()}"


# What is kept of a page: its status, its headers and its body; each hit gets a response of its
# own built from them, so nothing a later middleware adds to one answer reaches the next.
Kept = tuple[int, list[tuple[str, str]], bytes]


def _kept(response: HttpResponse) -> Kept:
    return response.status_code, list(response.items()), response.content


def _answer(kept: Kept) -> HttpResponse:
    status, headers, body = kept
    response = HttpResponse(body, status=status, headers=dict(headers))
    response["X-Page-Cache"] = "hit"
    return response


class _Local:
    """What this process kept last (at most LOCAL_PAGES entries), each until its own expiry.
    The key holds the version, so a change forgets these as it forgets the shared ones."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            expires, kept = found
            if expires <= time.monotonic():
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return kept

    def put(self, key: str, kept: object, expires: float) -> None:
        with self._lock:
            self._pages[key] = (expires, kept)
            self._pages.move_to_end(key)
            while len(self._pages) > LOCAL_PAGES:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


local_pages = _Local()
local_data = _Local()
# Addresses whose view validates its own answers (an ETag: the calendar feed, the open data
# API), as this process last saw them: those are never kept here, so asking the shared cache
# for them first would only cost two reads.
local_self_validating = _Local()
SELF_VALIDATING_SECONDS = 60 * 60


def kept_answer(name: str, build: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """A public answer that its own view must see each time (the open data API counts its
    limits and answers 304 itself), kept by `name` per language under the version for
    TIMEOUT seconds: only its making is saved. Only a plain 200 is kept."""
    if not settings.SELVHJELP_PAGE_CACHE:
        return build()
    key = _bounded(f"public-answer:{_version()}:{get_language()}:{name}")
    kept = _kept_get(key)
    if kept is not None:
        return _answer(kept)
    response = build()
    if isinstance(response, HttpResponse) and response.status_code == 200 and not response.cookies:
        _kept_put(key, response)
    return response


def _kept_get(key: str) -> Kept | None:
    """From this process's memory, else from the shared cache (kept by another process or
    server), remembering it here until the same expiry."""
    kept: Kept | None = local_pages.get(key)
    if kept is None:
        shared = caches["pages"].get(key)
        if isinstance(shared, tuple) and len(shared) == 2:
            expires_at, kept = shared
            local_pages.put(key, kept, time.monotonic() + expires_at - time.time())
    return kept


def _kept_put(key: str, response: HttpResponse) -> None:
    kept = _kept(response)
    caches["pages"].set(key, (time.time() + TIMEOUT, kept), TIMEOUT)
    local_pages.put(key, kept, time.monotonic() + TIMEOUT)


class PublicPageCacheMiddleware:
    """Serve kept public pages; keep the ones that qualify (see the module's docstring).

    It sits after the language middleware (the key needs the language) and before everything
    that decides about the person, which never runs for a kept page: such a page was, by the
    rule above, the same for everyone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with _one_version():
            return self._respond(request)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if not settings.SELVHJELP_PAGE_CACHE or not request_cacheable(request):
            return self.get_response(request)
        counted = _counted(request.path)
        if counted is None and local_self_validating.get(request.path):
            return self.get_response(request)
        key = _key(request, _version(), counted.variant(request) if counted else "")
        kept = _kept_get(key)
        if kept is not None:
            answer = _answer(kept)
            if counted is None or not answer.has_header("ETag"):
                return answer
            handled = counted.on_hit(request, answer)
            return self.get_response(request) if handled is None else cast(HttpResponse, handled)
        response = self.get_response(request)
        if response_cacheable(response, counted=counted is not None):
            _kept_put(key, response)
        elif response.has_header("ETag"):
            expires = time.monotonic() + SELF_VALIDATING_SECONDS
            local_self_validating.put(request.path, True, expires)
        return response
