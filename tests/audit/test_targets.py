"""Audit entries name what was touched, with non-personal facts about the change."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditEntry
from selvhjelp.groups.models import GroupKind, Theme
from selvhjelp.groups.services.search import theme_save

pytestmark = pytest.mark.django_db


def test_adding_and_changing_a_theme_names_the_theme_and_the_fields_that_changed(
    admin_user: User,
) -> None:
    theme = theme_save(
        theme=Theme(slug="ensomhet-2", kind=GroupKind.SHARED, name_nb="Ensomhet"), by=admin_user
    )
    theme.name_nn = "Einsemd"
    theme_save(theme=theme, by=admin_user)
    added, changed = AuditEntry.objects.order_by("pk")
    for entry in (added, changed):
        assert (entry.actor, entry.target_type, entry.target_id) == (
            admin_user,
            ContentType.objects.get_for_model(Theme),
            str(theme.pk),
        )
    assert added.action == "theme_add"
    assert (changed.action, changed.data) == ("theme_change", {"fields": ["name_nn"]})
