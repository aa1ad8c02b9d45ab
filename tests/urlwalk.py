"""Every URL pattern of the project, with a concrete path to request for each.

A pattern inside `i18n_patterns` is one route with an address per language: bokmål without a
prefix, nynorsk under /nn/ and English under /en/. `all_routes()` gives the bokmål addresses,
`all_routes(every_language=True)` adds the others (their `route` is the same, unprefixed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

# Concrete paths for patterns written as regular expressions.
REGEX_SAMPLES = {
    "konto/^confirm-email/(?P<key>[-:\\w]+)/$": "/konto/confirm-email/abc:def/",
    "konto/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "/konto/password/reset/key/1-abc/"
    ),
    "admin/(?P<url>.*)$": "/admin/nothing-here/",
}
CONVERTER_SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "0" * 32}


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    path: str
    language: str | None = None  # None: the address is the same in every language


def _sample_path(route: str) -> str:
    if route in REGEX_SAMPLES:
        return REGEX_SAMPLES[route]
    if route.startswith("admin/") and "(?P" in route:
        return "/admin/"
    if "^" in route or "(?P" in route:
        raise AssertionError(f"Add a concrete path for the pattern {route!r} to REGEX_SAMPLES")
    return "/" + re.sub(
        r"<(?:(\w+):)?\w+>", lambda match: CONVERTER_SAMPLES[match.group(1) or "str"], route
    )


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, str | None, bool]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if isinstance(pattern.pattern, LocalePrefixPattern):
                for route, name, _ in _walk(pattern.url_patterns, prefix):
                    yield route, name, True
            else:
                yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name, False


def all_routes(*, every_language: bool = False) -> list[Route]:
    seen: dict[tuple[str, str | None], Route] = {}
    for route, name, per_language in _walk(get_resolver().url_patterns):
        path = _sample_path(route)
        languages: list[str | None] = [None]
        if per_language:
            languages = [settings.LANGUAGE_CODE]
            if every_language:
                languages += [c for c, _ in settings.LANGUAGES if c != settings.LANGUAGE_CODE]
        for language in languages:
            prefixed = path if language in (None, settings.LANGUAGE_CODE) else f"/{language}{path}"
            seen.setdefault((route, language), Route(route, name, prefixed, language))
    return list(seen.values())
