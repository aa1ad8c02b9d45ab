"""The directory's group cards, each drawn once per language until public data changes.

A card shows only a group's public side (lib/pagecache.py forgets every kept card when a group,
its themes, members, place, contact point or meeting series change), so a page of twenty groups
is twenty lookups in memory, and only the groups not drawn yet are read and drawn.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from selvhjelp.groups.models import Group
from selvhjelp.lib.pagecache import public_cached_each


def group_cards(ids: list[int], *, level: int) -> SafeString:
    """The cards of these groups in this order, as list items with headings at `level`."""

    def draw(names: list[str]) -> dict[str, str]:
        wanted = {int(name.rsplit(":", 1)[1]): name for name in names}
        groups = Group.objects.filter(pk__in=wanted).for_listing()
        return {
            wanted[group.pk]: render_to_string(
                "groups/_card.html", {"group": group, "level": level}
            )
            for group in groups
        }

    cards = public_cached_each([f"card:{level}:{pk}" for pk in ids], draw)
    return mark_safe("".join(cards))  # noqa: S308 - drawn by our template, escaped there
