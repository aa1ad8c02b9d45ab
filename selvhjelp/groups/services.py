from __future__ import annotations

from django.db import transaction

from selvhjelp.groups.models import Group, Theme


def group_document(group: Group) -> str:
    parts = [group.title]
    for theme in group.themes.all():
        parts += [theme.name_nb, theme.name_nn, theme.name_en]
    parts += [group.municipality.name, group.municipality.county.name]
    if group.contact_point_id:
        parts.append(group.contact_point.name)
    return " ".join(part for part in parts if part)


def group_index(group: Group) -> None:
    """Refresh the text the directory searches in; call after title, themes or place change."""
    group.search_document = group_document(group)
    Group.objects.filter(pk=group.pk).update(search_document=group.search_document)


def group_reindex(group: Group) -> None:
    """Refresh the search text from the database's current title, themes and place."""
    fresh = Group.objects.select_related("municipality__county", "contact_point").get(pk=group.pk)
    group_index(fresh)
    group.search_document = fresh.search_document


def theme_save(*, theme: Theme) -> Theme:
    """Save a theme and refresh the search text of every group that uses it."""
    with transaction.atomic():
        theme.save()
        groups = (
            Group.objects.filter(themes=theme)
            .select_related("municipality__county", "contact_point")
            .prefetch_related("themes")
        )
        for group in groups.iterator(chunk_size=500):
            group_index(group)
    return theme
