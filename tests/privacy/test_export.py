"""A person downloads, and reads, everything the platform holds about them, and nothing about
anyone else (GDPR art. 15 and 20)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.decisions.models import ProposalKind
from selvhjelp.decisions.services import proposal_create, vote_cast
from selvhjelp.groups.models import Group
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import absence_give, feed_for
from selvhjelp.notifications.services import outbox_queue
from tests.conftest import (
    PASSWORD,
    meet_weekly,
    open_pool,
    register_interest,
    signed_in,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

PAGE = "/profil/mine-data/"
FILE = "/profil/mine-data.json"


def confirmed(user: User) -> Client:
    """Signed in, and the password given again just now, as the export asks."""
    client = signed_in(user)
    response = client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return client


def _export(user: User) -> dict[str, Any]:
    response = confirmed(user).get(FILE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data: dict[str, Any] = json.loads(response.content)
    return data


@pytest.fixture
def busy_member(running_group: Group, member: User, other_member: User) -> User:
    """Jonas, in the running group, with interest, a notice of absence, a calendar feed, a
    proposal of his own and an answer to someone else's."""
    register_interest(member, themes=("sorg", "angst"), digital_ok=True)
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=OSLO), tick=False):
        meet_weekly(running_group)
        absence_give(meeting=Meeting.objects.earliest("starts_at"), user=member)
        proposal_create(
            group=running_group,
            by=member,
            kind=ProposalKind.QUESTION,
            text="Skal vi spørre Amina om å ta med te?",
            payload={},
        )
        theirs = proposal_create(
            group=running_group,
            by=other_member,
            kind=ProposalKind.QUESTION,
            text="Pause i påsken?",
            payload={},
        )
        vote_cast(proposal=theirs, voter=member, yes=False)
    feed_for(member)
    return member


def test_the_export_asks_for_the_password_again_first(participant: User) -> None:
    client = Client()
    client.force_login(participant)
    for path in (PAGE, FILE):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/reauthenticate/")


def test_the_file_holds_the_person_s_own_data_in_every_part(
    busy_member: User, running_group: Group
) -> None:
    data = _export(busy_member)
    assert data["account"]["email"] == busy_member.email
    assert data["account"]["display_name"] == "Jonas"
    assert [address["email"] for address in data["email_addresses"]] == [busy_member.email]
    assert {consent["purpose"] for consent in data["consents"]} == {
        "Interesse for å bli med i en gruppe"
    }
    assert all(consent["version"] and consent["given_at"] for consent in data["consents"])
    assert sorted(data["interest"]["themes"]) == ["Angst", "Sorg og tap"]
    assert data["interest"]["municipality"] == "Oslo"
    assert data["interest"]["digital_ok"] is True
    assert [(row["group"], row["state"]) for row in data["memberships"]] == [
        ("Onsdagsgruppa", "Medlem")
    ]
    assert data["memberships"][0]["joined_at"]
    assert [row["group"] for row in data["signatures"]] == ["Onsdagsgruppa"]
    assert [row["group"] for row in data["absences"]] == ["Onsdagsgruppa"]
    assert [row["text"] for row in data["proposals"]] == ["Skal vi spørre […] om å ta med te?"]
    assert [row["yes"] for row in data["votes"]] == [False]
    assert data["messages"], "the members were told about the proposals"
    shown = {"kind", "subject", "state", "created_at", "sent_at"}
    assert all(set(row) == shown for row in data["messages"])
    assert data["exported_at"].startswith("20")


def test_the_file_leaves_out_other_people(
    busy_member: User, other_member: User, initiator: User, running_group: Group
) -> None:
    """No other member's name or address, not the initiator's, and not the message bodies
    (which greet the recipient by name and carry links that are theirs alone)."""
    text = json.dumps(_export(busy_member), ensure_ascii=False)
    for other in (other_member, initiator):
        assert other.display_name not in text
        assert other.email not in text
    assert "Per" not in text.split()
    assert "Hei Jonas" not in text


def test_the_calendar_feed_is_there_but_not_its_secret_address(busy_member: User) -> None:
    data = _export(busy_member)
    assert data["calendar_feed"]["exists"] is True
    assert data["calendar_feed"]["created_at"]
    token = busy_member.calendar_feed.token
    assert token not in json.dumps(data)
    assert token not in confirmed(busy_member).get(PAGE).content.decode()


def test_staff_who_opened_the_person_s_interest_show_as_a_role_not_a_name(
    participant: User, coordinator: User, contact_point: ContactPoint
) -> None:
    register_interest(participant)
    open_pool(contact_point, coordinator)
    data = _export(participant)
    assert [(row["action"], row["by"]) for row in data["audit_log"]] == [
        ("Åpnet en persons interesse", "Ansatt ved LINK Oslo")
    ]
    assert coordinator.display_name not in json.dumps(data, ensure_ascii=False)


def test_the_page_shows_every_part_under_its_heading_with_the_values_written_out(
    busy_member: User,
) -> None:
    page = confirmed(busy_member).get(PAGE).content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Dine data</h1>' in page
    for heading in ("Kontoen din", "Samtykker", "Gruppene dine", "Kalenderfeed"):
        assert heading in page
    assert "Onsdagsgruppa" in page
    assert "Sorg" in page
    assert f'href="{FILE}"' in page
    assert "Vi har ingenting av dette om deg." in page  # no staff roles, for one


def test_the_page_runs_the_same_number_of_queries_however_much_the_person_has(
    participant: User, running_group: Group, make_group: Callable[..., Group]
) -> None:
    from tests.conftest import admit

    def more() -> None:
        for number in range(3):
            admit(make_group(f"Gruppe {number}"), participant)
            outbox_queue(
                kind="account",
                dedupe_key=f"more:{number}",
                recipient=participant,
                to_email=participant.email,
                language="nb",
                subject="s",
                body_text="b",
            )

    admit(running_group, participant)
    response = assert_queries_do_not_grow(confirmed(participant), PAGE, more, at_most=35)
    assert "Gruppe 2" in response.content.decode()


def test_the_profile_links_to_the_export(participant: User) -> None:
    page = signed_in(participant).get("/profil/").content.decode()
    assert f'href="{PAGE}"' in page
