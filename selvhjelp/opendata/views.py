"""The pages of the open data: the API's documentation, and the directory for other web sites."""

from __future__ import annotations

from typing import Any

from csp.constants import NONE
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.directory.forms import DirectoryForm
from selvhjelp.directory.selectors import directory_groups
from selvhjelp.opendata.api import SLUG, api
from selvhjelp.opendata.selectors import embedding_origins

EMBED_PAGE_SIZE = 10
METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's operations, as the page lists them."""
    found = []
    for address, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": address,
                    "summary": operation.get("summary", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "description": parameter.get("description")
                            or parameter.get("schema", {}).get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "responses": sorted(str(code) for code in operation.get("responses", {})),
                }
            )
    return found


@login_not_required
def api_docs(request: HttpRequest) -> HttpResponse:
    """A readable page about the API, made from its OpenAPI document (no script needed)."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return render(
        request,
        "opendata/api_docs.html",
        {"info": schema["info"], "operations": _operations(schema)},
    )


@login_not_required
@xframe_options_exempt
def embed(request: HttpRequest) -> HttpResponse:
    """The directory without our header and footer, for other web sites to frame, filtered by
    `kommune`, `fylke` or `kontaktpunkt` (and any of the directory's other filters).

    Only the sites that the contact points concerned have listed may frame it: their origins
    are the page's `frame-ancestors`; with none, it stays 'none' (and X-Frame-Options DENY)."""
    form = DirectoryForm(request.GET or None)
    slug = request.GET.get("kontaktpunkt", "")
    point = ContactPoint.objects.filter(slug=slug).first() if SLUG.match(slug) else None
    cleaned = form.cleaned_data if form.is_valid() else {}
    municipality, county = cleaned.get("kommune"), cleaned.get("fylke")
    origins = embedding_origins(
        contact_point=point.slug if point else "",
        municipality=municipality.code if municipality else "",
        county=county.code if county else "",
    )
    groups = directory_groups(form, contact_point=point)
    page = Paginator(groups, EMBED_PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    response = render(
        request,
        "opendata/embed.html",
        {
            "page": page,
            "query": query.urlencode(),
            "contact_point": point,
            "area": municipality or county,
        },
    )
    response._csp_replace = {"frame-ancestors": origins or [NONE]}  # type: ignore[attr-defined]
    if not origins:
        response["X-Frame-Options"] = "DENY"
    return response
