"""The public face: the directory of groups, a group's public page, a contact point's page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse

from selvhjelp.accounts.models import ConsentPurpose
from selvhjelp.accounts.services import consent_is_given
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.directory.cards import group_cards
from selvhjelp.directory.forms import DirectoryForm
from selvhjelp.directory.selectors import directory_group_ids
from selvhjelp.directory.sitemaps import SITEMAPS
from selvhjelp.directory.structured import (
    contact_point_organization,
    group_event,
    group_summary,
)
from selvhjelp.groups.models import Group, GroupInterest
from selvhjelp.groups.selectors import is_member
from selvhjelp.interest.forms import GroupInterestForm
from selvhjelp.lib import languages
from selvhjelp.lib.pagecache import public_cached
from selvhjelp.lib.paging import CappedPaginator
from selvhjelp.meetings.models import MeetingSeries

PAGE_SIZE = 20


@login_not_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    ids = CappedPaginator(directory_group_ids(form), PAGE_SIZE, count_apart=not form.is_filtered)
    page = ids.get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "form": form,
        # The form without filters is the same for everyone: drawn once per language.
        "form_html": str(form) if form.is_bound else public_cached("directory-form", form.render),
        "page": page,
        "cards": group_cards(list(page.object_list), level=3),
        "query": query.urlencode(),
    }
    return render(request, "directory/directory.html", context)


@login_not_required
def group(request: HttpRequest, code: str) -> HttpResponse:
    found = Group.objects.listed().for_listing().filter(code=code).first()
    if found is None:
        raise Http404
    interest_form = already = member = None
    if request.user.is_authenticated:
        member = is_member(found, request.user)
        already = GroupInterest.objects.filter(user=request.user, group=found).exists()
        needs_consent = not consent_is_given(user=request.user, purpose=ConsentPurpose.INTEREST)
        interest_form = GroupInterestForm(needs_consent=needs_consent)
    series = MeetingSeries.objects.filter(group=found).first()
    return render(
        request,
        "directory/group.html",
        {
            "group": found,
            "interest_form": interest_form,
            "already_interested": already,
            "is_member": member,
            "summary": group_summary(found),
            "structured_data": group_event(found, series),
        },
    )


@login_not_required
def contact_point(request: HttpRequest, slug: str) -> HttpResponse:
    """A contact point's public page: how to reach it, where it works, and its listed groups."""
    found = get_object_or_404(ContactPoint, slug=slug)
    groups = Group.objects.listed().for_listing().filter(contact_point=found)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("side"))
    municipalities = list(found.municipalities.order_by("name"))
    return render(
        request,
        "directory/contact_point.html",
        {
            "contact_point": found,
            "page": page,
            "municipalities": municipalities,
            "structured_data": contact_point_organization(found, municipalities),
        },
    )


# Addresses a crawler has no use for: sign-in, a person's own pages and staff pages (they answer
# with the login page), in every language.
NOT_FOR_CRAWLERS = [
    "/admin/",
    "/konto/",
    "/profil/",
    "/varsler/",
    "/kalender/",
    "/interesse/",
    "/tema/",
    "/ansatt/",
    "/grupper/ny/",
]


@login_not_required
def robots(request: HttpRequest) -> HttpResponse:
    prefixes = [""] + [f"/{code}" for code in languages.codes() if code != settings.LANGUAGE_CODE]
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}{path}" for prefix in prefixes for path in NOT_FOR_CRAWLERS]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_not_required
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """Django's index names the request's host; ours names the site's public address."""
    entries = []
    for section, sitemap in SITEMAPS.items():
        path = reverse("sitemap_section", kwargs={"section": section})
        part = sitemap() if isinstance(sitemap, type) else sitemap
        pages = part.paginator.num_pages
        entries += [
            SitemapIndexItem(f"{settings.SITE_URL}{path}" + (f"?p={page}" if page > 1 else ""))
            for page in range(1, pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@login_not_required
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
