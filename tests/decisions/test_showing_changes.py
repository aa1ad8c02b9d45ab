"""Decisions show what they decide: a change of when or where as "now → proposed", a new
declaration with its changes marked, and a member asked to sign again sees what changed since
the version they signed."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from time_machine import TimeMachineFixture

from selvhjelp.accounts.models import User
from selvhjelp.decisions.models import Proposal, ProposalState
from selvhjelp.decisions.services import proposal_create, vote_cast
from selvhjelp.groups.models import Group
from selvhjelp.groups.services.frames import declaration_new_version, declaration_sign
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.lib.textdiff import has_changes, word_changes
from tests.conftest import meet_weekly, members_of

THURSDAYS_EVERY_OTHER_WEEK = {
    "start_date": "2027-03-04",
    "start_time": "18:30:00",
    "weekdays": [3],
    "interval": 2,
    "length_minutes": 90,
    "place_kind": "video",
    "premises": None,
    "place_details": "Ny lenke",
}


def _page(client_for, person: User, group: Group, proposal: Proposal) -> str:
    person.language = "en"
    person.save(update_fields=["language"])
    url = f"/grupper/{group.code}/inne/beslutninger/{proposal.code}/"
    return client_for(person).get(url).content.decode()


def _change(before: str, after: str) -> str:
    return (
        f'<del class="change__before"><span class="ds-sr-only">now: </span>{before}</del> '
        f'<span aria-hidden="true">→</span> <ins class="change__after">'
        f'<span class="ds-sr-only">proposed: </span>{after}</ins>'
    )


def _shows_every_change(page: str) -> None:
    assert _change("Monday", "Thursday") in page
    assert _change("18:00", "18:30") in page
    assert _change("Every week", "Every other week") in page
    assert _change("120 minutes", "90 minutes") in page
    assert _change("Video · Gammel lenke", "Video · Ny lenke") in page


@pytest.mark.django_db
def test_a_new_series_shows_each_change_from_now_to_proposed_before_and_after_it_is_made(
    running_group: Group, member: User, client_for, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(datetime(2027, 3, 1, 12, tzinfo=OSLO), tick=False)
    meet_weekly(running_group, place_details="Gammel lenke")
    proposal = proposal_create(
        group=running_group,
        by=member,
        kind="series",
        text="Torsdager passer bedre",
        payload=dict(THURSDAYS_EVERY_OTHER_WEEK),
    )
    _shows_every_change(_page(client_for, member, running_group, proposal))
    for person in members_of(running_group):
        vote_cast(proposal=proposal, voter=person, yes=True)
    proposal.refresh_from_db()
    page = _page(client_for, member, running_group, proposal)
    _shows_every_change(page)
    assert proposal.state == ProposalState.ADOPTED
    assert "What it changed: as it was → as proposed." in page


@pytest.mark.django_db
def test_a_first_series_shows_only_what_is_proposed(
    running_group: Group, member: User, client_for
) -> None:
    proposal = proposal_create(
        group=running_group,
        by=member,
        kind="series",
        text="",
        payload=dict(THURSDAYS_EVERY_OTHER_WEEK),
    )
    page = _page(client_for, member, running_group, proposal)
    assert "<dt>Weekdays</dt><dd>Thursday</dd>" in page
    assert "change__before" not in page


@pytest.mark.django_db
def test_a_proposed_declaration_marks_what_goes_and_what_comes(
    running_group: Group, member: User, client_for
) -> None:
    declaration_new_version(
        group=running_group, text="Vi holder det som sies for oss selv.", by_decision=True
    )
    declaration_sign(group=running_group, user=member)
    proposal = proposal_create(
        group=running_group,
        by=member,
        kind="declaration",
        text="",
        payload={"text": "Vi holder alt som sies for oss selv, også etterpå."},
    )
    page = _page(client_for, member, running_group, proposal)
    assert "compared with version 2" in page
    assert '<del><span class="ds-sr-only">removed: </span>det </del>' in page
    assert '<ins><span class="ds-sr-only">added: </span>alt </ins>' in page


@pytest.mark.django_db
def test_the_page_to_sign_again_shows_what_changed_since_the_version_one_signed(
    running_group: Group, member: User, client_for
) -> None:
    signed_text = running_group.declarations.get(number=1).text
    declaration_new_version(
        group=running_group,
        text=signed_text + "\n\nVi hilser ikke utenfor gruppa.",
        by_decision=True,
    )
    member.language = "en"
    member.save(update_fields=["language"])
    page = client_for(member).get(f"/grupper/{running_group.code}/inne/taushetserklaering/")
    html = page.content.decode()
    assert "since you signed version 1. Below is version 2" in html
    assert '<ins><span class="ds-sr-only">added: </span>' in html
    assert "Vi hilser ikke utenfor gruppa.</ins>" in html
    assert "<del>" not in html


@given(st.text(alphabet="ab \n.,æ", max_size=40), st.text(alphabet="ab \n.,æ", max_size=40))
def test_the_runs_give_back_both_texts(old: str, new: str) -> None:
    runs = word_changes(old, new)
    assert "".join(text for op, text in runs if op != "removed") == new.replace("\r\n", "\n")
    assert "".join(text for op, text in runs if op != "added") == old.replace("\r\n", "\n")
    assert has_changes(runs) == (old != new)
