"""Error pages in the site's own layout. The 500 page renders without the database."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(render_to_string("400.html", request=request), status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(render_to_string("403.html", request=request), status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(render_to_string("404.html", request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failure may come from the database or the session.
    return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that is out of date (signed in or out in another tab since, or
    open a long time), or from a browser that keeps no cookies: said in the page's language,
    with what to do, instead of Django's page for developers."""
    return HttpResponse(render_to_string("403_csrf.html", request=request), status=403)
