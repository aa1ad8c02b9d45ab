"""What every page's head and language switch need: this page's address in each language."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from selvhjelp.lib.languages import NAMES, OPEN_GRAPH_LOCALES, addresses, codes


def page_addresses(request: HttpRequest) -> dict[str, object]:
    """The language switch's links, and the canonical and alternate addresses of this page.

    The switch keeps the query (a filtered directory stays filtered); the canonical and the
    alternates are the page itself, absolute, without a query. An address that is no page of
    ours (a 404) has no canonical, and its switch leads to the front page of each language.
    """
    current = translation.get_language() or settings.LANGUAGE_CODE
    found = addresses(request.path_info, request.resolver_match)
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code in codes():
        if found is None:
            with translation.override(code):
                url = reverse("home")
        else:
            url = found[code] + (f"?{query}" if query else "")
        links.append({"code": code, "name": NAMES[code], "url": url, "current": code == current})
    context: dict[str, object] = {
        "language_links": links,
        "og_locale": OPEN_GRAPH_LOCALES.get(current, ""),
        "og_locale_alternates": [OPEN_GRAPH_LOCALES[code] for code in codes() if code != current],
    }
    if found is not None:
        context["canonical_url"] = settings.SITE_URL + found.get(current, found["nb"])
        context["alternate_urls"] = [
            {"code": code, "url": settings.SITE_URL + path} for code, path in found.items()
        ] + [{"code": "x-default", "url": settings.SITE_URL + found[settings.LANGUAGE_CODE]}]
    return context
