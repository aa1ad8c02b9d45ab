"""A participant and an initiator each read their data and download it, after giving the
password again; axe checks every page on the way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group, IntakeOutcome
from selvhjelp.groups.services.membership import intake_record
from tests.conftest import PASSWORD, admit, register_interest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _download_my_data(visitor, user: User) -> dict[str, Any]:
    page = visitor.page
    visitor.login(user)
    visitor.goto("/profil/")
    page.get_by_role("link", name="Se og last ned dataene dine").click()
    page.wait_for_url("**/konto/reauthenticate/**")
    visitor.check()
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url("**/profil/mine-data/")
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Dine data"
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned som fil (JSON)").click()
    download = info.value
    assert download.suggested_filename.startswith("selvhjelp-mine-data-")
    data: dict[str, Any] = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    return data


@pytest.fixture
def group_with_intake(starting_group: Group, participant: User, initiator: User) -> Group:
    """The initiator's new group: Mari registered interest, talked with the initiator and is in."""
    register_interest(participant)
    admit(starting_group, participant)
    intake_record(
        group=starting_group,
        user=participant,
        held_on=timezone.localdate(),
        outcome=IntakeOutcome.SUITABLE,
        recorded_by=initiator,
    )
    return starting_group


def test_a_participant_reads_and_downloads_their_data(
    visitor, participant: User, initiator: User, group_with_intake: Group
) -> None:
    data = _download_my_data(visitor, participant)
    assert data["account"]["display_name"] == "Mari"
    assert [row["group"] for row in data["memberships"]] == ["Ny sorggruppe"]
    assert [row["outcome"] for row in data["intakes"]] == ["Passer for gruppa"]
    assert data["interest"]["themes"] == ["Sorg og tap"]
    text = json.dumps(data, ensure_ascii=False)
    assert initiator.display_name not in text
    assert initiator.email not in text
    page = visitor.page
    assert page.get_by_text("Passer for gruppa").is_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    visitor.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Nothing is cut off inside its card either: a long address wraps.
    assert page.evaluate(
        "[...document.querySelectorAll('main dl')].every(dl => dl.scrollWidth <= dl.clientWidth)"
    )


def test_an_initiator_reads_and_downloads_their_data(
    visitor, participant: User, initiator: User, group_with_intake: Group
) -> None:
    data = _download_my_data(visitor, initiator)
    assert [(row["contact_point"], row["role"]) for row in data["staff_roles"]] == [
        ("LINK Oslo", "Igangsetter")
    ]
    assert [row["group"] for row in data["groups_started"]] == ["Ny sorggruppe"]
    assert data["intakes"] == []
    assert "Kodeapp" in [row["method"] for row in data["sign_in"]]
    text = json.dumps(data, ensure_ascii=False)
    assert participant.display_name not in text
    assert participant.email not in text
