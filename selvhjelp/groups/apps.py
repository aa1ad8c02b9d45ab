from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _search_triggers(sender: AppConfig, using: str, **kwargs: Any) -> None:
    from django.db import connections

    from selvhjelp.groups.search import sqlite_triggers_ensure

    sqlite_triggers_ensure(connections[using])


class GroupsConfig(AppConfig):
    name = "selvhjelp.groups"
    label = "groups"
    verbose_name = _("Groups")

    def ready(self) -> None:
        post_migrate.connect(_search_triggers, sender=self)
        from selvhjelp.groups.models import Group, Membership, Theme
        from selvhjelp.lib.pagecache import forget_on_change

        # A group's public side, its themes, and its members (whether it has room).
        forget_on_change(Group, Theme, Membership, Group.themes.through)
