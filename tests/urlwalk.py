"""Every URL pattern of the project, with a concrete path to request for each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

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


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route, name in _walk(get_resolver().url_patterns):
        seen.setdefault(route, Route(route=route, name=name, path=_sample_path(route)))
    return list(seen.values())
