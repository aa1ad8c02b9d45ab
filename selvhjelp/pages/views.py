from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import get_language

from selvhjelp.lib.compass import compass_layout, wrap_text
from selvhjelp.pages.content import COMPASS_QUESTION, COMPASS_RINGS, PRINCIPLES


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"principles": PRINCIPLES})


@login_not_required
def principles(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/principles.html", {"principles": PRINCIPLES})


@login_not_required
def compass(request: HttpRequest) -> HttpResponse:
    rings = [(str(name), [str(word) for word in words]) for name, _, words in COMPASS_RINGS]
    layout = compass_layout(rings)
    question_lines = wrap_text(str(COMPASS_QUESTION), 12)
    described = [
        {"name": name, "meaning": meaning, "words": words, "placed": placed}
        for (name, meaning, words), placed in zip(COMPASS_RINGS, layout.rings, strict=True)
    ]
    return render(
        request,
        "pages/compass.html",
        {
            "layout": layout,
            "rings": described,
            "question": COMPASS_QUESTION,
            "question_lines": question_lines,
            # Lift the first line so that the whole question sits centred (lines are 1.2em apart).
            "question_lift": f"{-(len(question_lines) - 1) * 0.6:.1f}em",
        },
    )


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
