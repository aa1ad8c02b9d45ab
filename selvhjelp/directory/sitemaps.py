"""The sitemap: every public page and every listed group and contact point, in each language.

Only what anyone may open without an account: no page behind a login, no unlisted or ended group.
Each address carries its alternates in the other languages and `x-default` (bokmål). Addresses
are absolute on `SITE_URL`, the site's public address, like the canonical links of the pages.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group

# The public pages that take no code or slug, by URL name.
PUBLIC_PAGES = [
    "home",
    "directory:list",
    "principles",
    "compass",
    "compass_poster",
    "privacy",
    "accessibility",
    "opendata:api_docs",
]


class _InEveryLanguage(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(_InEveryLanguage):
    def items(self) -> list[str]:
        return PUBLIC_PAGES

    def location(self, item: str) -> str:
        return reverse(item)


class GroupsSitemap(_InEveryLanguage):
    def items(self) -> Any:
        return Group.objects.listed().order_by("created_at", "pk").values_list("code", flat=True)

    def location(self, item: str) -> str:
        return reverse("directory:group", kwargs={"code": item})


class ContactPointsSitemap(_InEveryLanguage):
    def items(self) -> Any:
        return ContactPoint.objects.order_by("slug").values_list("slug", flat=True)

    def location(self, item: str) -> str:
        return reverse("directory:contact_point", kwargs={"slug": item})


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "pages": PagesSitemap,
    "groups": GroupsSitemap,
    "contactpoints": ContactPointsSitemap,
}
