"""One address per page and language.

Bokmål pages live without a prefix, nynorsk under /nn/ and English under /en/ (Django's
`i18n_patterns` with `prefix_default_language=False`). The address alone says which language a
page is in: these helpers find the same page at its address in another language, for the
language switch, the hreflang alternates, the landing page after sign-in and links in emails.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.urls import NoReverseMatch, Resolver404, resolve
from django.urls.resolvers import ResolverMatch
from django.utils import translation

from selvhjelp.lib.addresses import address

# Each language named in itself: the switch offers them to someone who may read only that one.
NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}
# Open Graph's locales (language_TERRITORY).
OPEN_GRAPH_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}


def codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def language_of(path: str) -> str:
    """The language an address of ours is in: its prefix, or bokmål without one."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def _match(path: str) -> ResolverMatch | None:
    with translation.override(language_of(path)):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return match if match.url_name else None


def _reverse(match: ResolverMatch, language: str) -> str | None:
    with translation.override(language):
        try:
            return address(match.view_name, match.args, match.kwargs)
        except NoReverseMatch:
            return None


def addresses(path: str, match: ResolverMatch | None = None) -> dict[str, str] | None:
    """The path of this page in every language, or None for an address that is not a page.
    `match`: the path's own, when the request already found it (`request.resolver_match`)."""
    if match is None or not match.url_name:
        match = _match(path)
    if match is None:
        return None
    found = {code: _reverse(match, code) for code in codes()}
    if any(address is None for address in found.values()):
        return None
    return {code: address for code, address in found.items() if address is not None}


def _is_ours(netloc: str) -> bool:
    if not netloc or netloc == urlsplit(settings.SITE_URL).netloc:
        return True
    return validate_host(split_domain_port(netloc)[0], settings.ALLOWED_HOSTS)


def address_in(url: str, language: str) -> str:
    """The same page in another language, keeping the query; any other address, and any
    address on another site, unchanged."""
    parts = urlsplit(url)
    if not _is_ours(parts.netloc):
        return url
    match = _match(parts.path)
    path = _reverse(match, language) if match is not None else None
    return url if path is None else urlunsplit(parts._replace(path=path))
