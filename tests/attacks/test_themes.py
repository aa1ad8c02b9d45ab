"""Themes are shared by every contact point: coordinators suggest, administrators decide."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditEntry
from selvhjelp.groups.models import GroupKind, Theme
from selvhjelp.groups.services import NotAllowed
from selvhjelp.groups.services.search import theme_save

pytestmark = pytest.mark.django_db


def test_a_coordinator_in_tromso_cannot_rename_a_theme_every_contact_point_uses(
    other_coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    grief = Theme.objects.get(slug="sorg")
    client = client_for(other_coordinator)
    assert client.get("/tema/sorg/").status_code == 403
    assert client.post("/tema/sorg/", {"name_nb": "Noe annet", "kind": "shared"}).status_code == 403
    grief.name_nb = "Noe annet"
    with pytest.raises(NotAllowed):
        theme_save(theme=grief, by=other_coordinator)
    assert Theme.objects.get(slug="sorg").name_nb != "Noe annet"


def test_a_coordinator_suggests_a_theme_that_waits_out_of_use(
    coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    response = client_for(coordinator).post(
        "/tema/", {"name_nb": "Ensomhet i eldre år", "kind": GroupKind.SHARED}
    )
    assert response.status_code == 302
    suggested = Theme.objects.get(name_nb="Ensomhet i eldre år")
    assert (suggested.active, suggested.suggested_by, suggested.slug) == (
        False,
        coordinator,
        "ensomhet-i-eldre-ar",
    )
    entry = AuditEntry.objects.get(action="theme_suggest")
    assert (entry.actor, entry.target_id) == (coordinator, str(suggested.pk))
    page = client_for(coordinator).get("/tema/").content.decode()
    assert "ikke i bruk ennå" in page
    assert "/tema/sorg/" not in page


def test_an_administrator_sees_a_suggestions_name_in_every_language_before_taking_it_in(
    admin_user: User, coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    """A harmless bokmål name could hide another in nynorsk or English (one that a spreadsheet
    would take for a formula, say) from a list that showed one language only."""
    client_for(coordinator).post(
        "/tema/",
        {
            "name_nb": "Stress i hverdagen",
            "name_nn": "Stress i kvardagen",
            "name_en": "=HYPERLINK()",
            "kind": GroupKind.SHARED,
        },
    )
    page = client_for(admin_user).get("/tema/").content.decode()
    assert '<span lang="nn">Stress i kvardagen</span>' in page
    assert '<span lang="en">=HYPERLINK()</span>' in page
    assert "=HYPERLINK()" not in client_for(coordinator).get("/tema/").content.decode()


def test_an_administrator_takes_a_suggestion_in_and_edits_any_theme(
    admin_user: User, coordinator: User, client_for: Callable[[User | None], Client]
) -> None:
    client_for(coordinator).post(
        "/tema/", {"name_nb": "Omsorg for foreldre", "kind": GroupKind.SHARED}
    )
    suggested = Theme.objects.get(name_nb="Omsorg for foreldre")
    client = client_for(admin_user)
    assert f"/tema/{suggested.slug}/" in client.get("/tema/").content.decode()
    response = client.post(
        f"/tema/{suggested.slug}/",
        {
            "name_nb": "Omsorg for foreldre",
            "kind": GroupKind.SHARED,
            "active": "on",
            "position": 50,
        },
    )
    assert response.status_code == 302
    suggested.refresh_from_db()
    assert suggested.active
