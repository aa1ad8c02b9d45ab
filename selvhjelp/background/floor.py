"""The framework's floor for `bench-http`: one bare Django view that returns 12 KB.

    gunicorn selvhjelp.background.floor:application

Nothing else: no database, no middleware, no template. It is what Django and gunicorn cost on
this machine, so `bench-http` can say what share of that our pages reach. It configures its own
settings and must run in a process of its own (the benchmark starts it so).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path

# About the size of the directory's page, in plain ASCII.
BODY = ("<p>" + "selvhjelp " * 8 + "</p>\n") * 140


def page(request: HttpRequest, rest: str = "") -> HttpResponse:
    return HttpResponse(BODY)


urlpatterns = [path("", page), path("<path:rest>", page)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="the-floor-has-no-secrets-" * 3,
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the settings above

application = get_wsgi_application()
