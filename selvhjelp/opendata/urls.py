"""The open data's addresses: the API and its feeds are language-neutral (outside any language
prefix); the API's documentation and the embeddable list are pages like the directory, one
address per language."""

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path, reverse

from selvhjelp.opendata import views
from selvhjelp.opendata.api import api
from selvhjelp.opendata.http import open_data


def _to_docs(request: HttpRequest) -> HttpResponseRedirect:
    # In the language the API answers in (`open_data`: the browser's Accept-Language).
    return HttpResponseRedirect(reverse("opendata:api_docs"))


def _api_patterns() -> tuple[list[URLPattern | URLResolver], str, str]:
    """Ninja's patterns, each answered through `open_data` (public, limited, cached, CORS)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            # The API's root leads to its documentation (Ninja's own answers 404 without it).
            view = _to_docs if pattern.name == "api-root" else pattern.callback
            pattern.callback = open_data(view)
    return patterns, app_name, namespace


app_name = "opendata"

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", _api_patterns()),
]

urlpatterns = [
    path("api/v1/docs/", views.api_docs, name="api_docs"),
    path("innbygging/", views.embed, name="embed"),
]
