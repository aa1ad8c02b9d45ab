"""The text the directory searches in: a group's title, themes and place in one document."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditAction
from selvhjelp.audit.services import audit_record
from selvhjelp.groups.models import Group, Theme
from selvhjelp.groups.services import NotAllowed
from selvhjelp.lib.folding import searchable
from selvhjelp.lib.pagecache import public_pages_changed


def group_document(group: Group) -> str:
    """Title, themes and place, with every word also folded (Tromsø as tromso)."""
    parts = [group.title]
    for theme in group.themes.all():
        parts += [theme.name_nb, theme.name_nn, theme.name_en]
    parts += [group.municipality.name, group.municipality.county.name]
    if group.contact_point is not None:
        parts.append(group.contact_point.name)
    return searchable(" ".join(part for part in parts if part))


def group_index(group: Group) -> None:
    """Refresh the text the directory searches in; call after title, themes or place change."""
    group.search_document = group_document(group)
    Group.objects.filter(pk=group.pk).update(search_document=group.search_document)
    public_pages_changed()


def group_reindex(group: Group) -> None:
    """Refresh the search text from the database's current title, themes and place."""
    fresh = Group.objects.select_related("municipality__county", "contact_point").get(pk=group.pk)
    group_index(fresh)
    group.search_document = fresh.search_document


THEME_FIELDS = (
    "kind",
    "name_nb",
    "name_nn",
    "name_en",
    "description_nb",
    "description_nn",
    "description_en",
    "active",
    "position",
)


def theme_unique_slug(name: str) -> str:
    """An address name from the bokmål name, numbered if it is taken."""
    base = slugify(name.replace("å", "a").replace("ø", "o").replace("æ", "ae"))[:50] or "tema"
    slug, number = base, 2
    while Theme.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def theme_suggest(*, theme: Theme, by: User) -> Theme:
    """A coordinator suggests a theme: kept, not in use, until an administrator takes it in."""
    theme.slug = theme_unique_slug(theme.name_nb)
    theme.active = False
    theme.suggested_by = by
    with transaction.atomic():
        theme.save()
        audit_record(actor=by, action=AuditAction.THEME_SUGGEST, target=theme)
    return theme


def theme_save(*, theme: Theme, by: User) -> Theme:
    """An administrator saves a theme (themes are shared by every contact point): write which
    fields changed to the audit log, and refresh the search text of every group that uses it."""
    if not by.is_superuser:
        raise NotAllowed
    if not theme.slug:
        theme.slug = theme_unique_slug(theme.name_nb)
    with transaction.atomic():
        before = Theme.objects.filter(pk=theme.pk).first() if theme.pk else None
        changed = [
            name
            for name in THEME_FIELDS
            if before is None or getattr(before, name) != getattr(theme, name)
        ]
        theme.save()
        public_pages_changed()
        audit_record(
            actor=by,
            action=AuditAction.THEME_CHANGE if before else AuditAction.THEME_ADD,
            target=theme,
            data={"fields": changed},
        )
        groups = (
            Group.objects.filter(themes=theme)
            .select_related("municipality__county", "contact_point")
            .prefetch_related("themes")
        )
        for group in groups.iterator(chunk_size=500):
            group_index(group)
    return theme
