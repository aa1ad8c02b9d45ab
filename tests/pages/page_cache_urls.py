"""Pages for the page cache's tests: one that lists the groups, one that uses the CSRF token,
one that validates its own answers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from selvhjelp.groups.models import Group


@login_not_required
def listing(request: HttpRequest) -> HttpResponse:
    titles = ", ".join(Group.objects.listed().order_by("title").values_list("title", flat=True))
    who = request.user.get_username() if request.user.is_authenticated else "nobody"
    return HttpResponse(f"groups: {titles}; signed in: {who}")


@login_not_required
def with_form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"token: {get_token(request)}")


@login_not_required
def validated(request: HttpRequest) -> HttpResponse:
    """Answers with its own ETag, as the calendar feed and the open data API do."""
    response = HttpResponse(f"asked for {request.GET.get('n', '')}")
    response["ETag"] = '"v1"'
    return response


urlpatterns = [path("list/", listing), path("form/", with_form), path("validated/", validated)]
