from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import get_language

from selvhjelp.lib.compass import CompassLayout, drawing_context
from selvhjelp.pages.content import COMPASS_QUESTION, COMPASS_RINGS, PRINCIPLES


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"principles": PRINCIPLES})


@login_not_required
def principles(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/principles.html", {"principles": PRINCIPLES})


@login_not_required
def compass(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/compass.html", _compass_context())


def _compass_context() -> dict[str, object]:
    rings = [(str(name), [str(word) for word in words]) for name, _, words in COMPASS_RINGS]
    context = drawing_context(rings, str(COMPASS_QUESTION))
    layout = context["layout"]
    assert isinstance(layout, CompassLayout)
    context["rings"] = [
        {"name": name, "meaning": meaning, "words": words, "placed": placed}
        for (name, meaning, words), placed in zip(COMPASS_RINGS, layout.rings, strict=True)
    ]
    return context


@login_not_required
def compass_poster(request: HttpRequest) -> HttpResponse:
    size = "a3" if request.GET.get("format") == "a3" else "a4"
    return render(request, "pages/compass_poster.html", {**_compass_context(), "size": size})


def _prose(request: HttpRequest, name: str) -> HttpResponse:
    """Long prose is written per language; nynorsk falls back to bokmål where it is missing."""
    language = (get_language() or "nb")[:2]
    template = select_template(
        [f"pages/prose/{name}.{language}.html", f"pages/prose/{name}.nb.html"]
    )
    return HttpResponse(template.render({}, request))


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return _prose(request, "privacy")


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return _prose(request, "accessibility")


FAVICON = Path(__file__).resolve().parent.parent / "static" / "img" / "favicon.ico"


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers, feed readers and calendar apps ask for /favicon.ico whatever the page says."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
