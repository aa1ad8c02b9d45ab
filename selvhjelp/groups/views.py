from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from selvhjelp.audit.models import AuditAction
from selvhjelp.audit.services import audit_record
from selvhjelp.contactpoints.access import coordinator_view
from selvhjelp.groups.forms import ThemeForm
from selvhjelp.groups.models import Theme
from selvhjelp.groups.services import theme_save


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("å", "a").replace("ø", "o").replace("æ", "ae"))[:50] or "tema"
    slug, number = base, 2
    while Theme.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@coordinator_view
def themes(request: HttpRequest) -> HttpResponse:
    form = ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        theme = form.save(commit=False)
        theme.slug = _unique_slug(theme.name_nb)
        theme_save(theme=theme)
        audit_record(actor=request.user, action=AuditAction.THEME_CHANGE)
        messages.success(request, _("The theme has been added."))
        return redirect("groups:themes")
    return render(request, "groups/themes.html", {"themes": Theme.objects.all(), "form": form})


@coordinator_view
def theme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    form = ThemeForm(request.POST if request.method == "POST" else None, instance=theme)
    if request.method == "POST" and form.is_valid():
        theme_save(theme=form.save(commit=False))
        audit_record(actor=request.user, action=AuditAction.THEME_CHANGE)
        messages.success(request, _("The theme has been saved."))
        return redirect("groups:themes")
    return render(request, "groups/theme_edit.html", {"theme": theme, "form": form})
