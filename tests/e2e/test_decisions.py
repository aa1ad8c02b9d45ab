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


def test_a_member_proposes_moving_a_meeting_from_the_meeting_page_on_a_phone(
    visitor, running_group
) -> None:
    """The second wave's new pages (the meeting page of a self-governed group, the move
    proposal) pass axe, also 320 px wide without scrolling sideways."""
    from django.utils import timezone

    from selvhjelp.meetings.models import Meeting
    from tests.conftest import meet_weekly

    meet_weekly(running_group, start_date=timezone.localdate())
    meeting = Meeting.objects.filter(starts_at__gt=timezone.now()).earliest("starts_at")
    page = visitor.page
    page.set_viewport_size({"width": 320, "height": 800})
    visitor.login(members_of(running_group)[0])
    visitor.goto(f"/grupper/{running_group.code}/inne/moter/{meeting.code}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("link", name="Foreslå å flytte det").click()
    visitor.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("heading", level=1).inner_text() == "Flytte ett møte"
