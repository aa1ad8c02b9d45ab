"""Three members take a proposal from creation to adoption, in a real browser with axe."""

from __future__ import annotations

import pytest

from selvhjelp.decisions.models import Proposal, ProposalState
from selvhjelp.groups.models import GroupState
from tests.conftest import members_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_proposal_from_creation_to_adoption_with_three_members(visitor, running_group) -> None:
    group = running_group
    people = members_of(group)
    assert len(people) == 3
    page = visitor.page

    visitor.login(people[0])
    visitor.goto(f"/grupper/{group.code}/inne/")
    page.get_by_role("link", name="Beslutninger").first.click()
    visitor.check()
    page.get_by_role("link", name="Ta en pause").click()
    visitor.check()
    page.get_by_label("Si hva du foreslår, med dine egne ord").fill("Pause i juli")
    page.get_by_role("button", name="Legg det fram for gruppa").click()
    visitor.check()
    proposal = Proposal.objects.get()

    for person in people:
        page.context.clear_cookies()
        visitor.login(person)
        visitor.goto(f"/grupper/{group.code}/inne/beslutninger/{proposal.code}/")
        page.get_by_role("button", name="Ja", exact=True).click()
        visitor.check()

    assert page.get_by_text("Alle sa ja: forslaget er vedtatt.").is_visible()
    proposal.refresh_from_db()
    group.refresh_from_db()
    assert proposal.state == ProposalState.ADOPTED
    assert group.state == GroupState.PAUSED
    visitor.goto(f"/grupper/{group.code}/inne/beslutninger/")
    assert page.get_by_role("cell", name="Vedtatt").is_visible()
