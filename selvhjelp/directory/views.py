"""The public face: the directory of groups, a group's public page, a contact point's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from selvhjelp.accounts.models import ConsentPurpose
from selvhjelp.accounts.services import consent_is_given
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.directory.forms import DirectoryForm
from selvhjelp.directory.selectors import directory_groups
from selvhjelp.groups.models import Group, GroupInterest
from selvhjelp.groups.selectors import is_member
from selvhjelp.interest.forms import GroupInterestForm

PAGE_SIZE = 20


@login_not_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    page = Paginator(directory_groups(form), PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "directory/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


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
    return render(
        request,
        "directory/group.html",
        {
            "group": found,
            "interest_form": interest_form,
            "already_interested": already,
            "is_member": member,
        },
    )


@login_not_required
def contact_point(request: HttpRequest, slug: str) -> HttpResponse:
    """A contact point's public page: how to reach it, where it works, and its listed groups."""
    found = get_object_or_404(ContactPoint, slug=slug)
    groups = Group.objects.listed().for_listing().filter(contact_point=found)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("side"))
    municipalities = found.municipalities.order_by("name")
    return render(
        request,
        "directory/contact_point.html",
        {"contact_point": found, "page": page, "municipalities": municipalities},
    )
