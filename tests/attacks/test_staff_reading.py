"""What staff read about people on a group's pages is audited, and staff carry a platform mark."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditEntry
from selvhjelp.groups.models import Group, GroupInterest
from selvhjelp.groups.services.membership import intake_record
from tests.conftest import admit

pytestmark = pytest.mark.django_db


def test_opening_the_overview_and_the_intake_page_writes_who_was_shown(
    starting_group: Group,
    initiator: User,
    make_user: Callable[..., User],
    client_for: Callable[[User | None], Client],
) -> None:
    wanting, talked_with = make_user("Vil bli med"), make_user("Snakket med")
    GroupInterest.objects.create(group=starting_group, user=wanting)
    GroupInterest.objects.create(group=starting_group, user=talked_with)
    intake_record(
        group=starting_group,
        user=talked_with,
        held_on=starting_group.created_at.date(),
        outcome="suitable",
        recorded_by=initiator,
    )
    client = client_for(initiator)
    client.get(f"/grupper/{starting_group.code}/inne/")
    viewed = AuditEntry.objects.filter(action="view_interest")
    assert {entry.subject for entry in viewed} == {wanting, talked_with}
    assert {(e.actor, e.target_id, e.contact_point_id) for e in viewed} == {
        (initiator, str(starting_group.pk), starting_group.contact_point_id)
    }
    client.get(f"/grupper/{starting_group.code}/inne/inntak/")
    intake = AuditEntry.objects.filter(action="view_intake")
    assert {entry.subject for entry in intake} == {wanting, talked_with}


def test_members_see_a_mark_beside_staff_that_no_typed_name_can_give(
    starting_group: Group,
    initiator: User,
    make_user: Callable[..., User],
    client_for: Callable[[User | None], Client],
) -> None:
    pretender = make_user("Kari (koordinator LINK Oslo)")
    admit(starting_group, pretender)
    html = client_for(pretender).get(f"/grupper/{starting_group.code}/inne/").content.decode()
    assert html.count('class="ds-tag staff-mark"') == 1
    mark = '<span class="ds-tag staff-mark" data-color="info">Igangsetter · LINK Oslo</span>'
    assert f"{initiator.display_name} {mark}" in html


def test_staff_who_cancel_a_meeting_carry_the_mark_on_the_meeting_pages(
    starting_group: Group,
    initiator: User,
    make_user: Callable[..., User],
    client_for: Callable[[User | None], Client],
) -> None:
    from selvhjelp.meetings.models import Meeting
    from selvhjelp.meetings.services import meeting_cancel
    from tests.conftest import meet_weekly

    member = make_user("Kari (koordinator)")
    admit(starting_group, member)
    meet_weekly(starting_group, start_date=starting_group.created_at.date())
    first, second = Meeting.objects.order_by("starts_at")[:2]
    meeting_cancel(meeting=first, by=initiator, message="")
    meeting_cancel(meeting=second, by=member, message="")
    client = client_for(member)
    mark = '<span class="ds-tag staff-mark" data-color="info">Igangsetter · LINK Oslo</span>'
    listing = client.get(f"/grupper/{starting_group.code}/inne/moter/").content.decode()
    assert listing.count(mark) == 1
    first_page = client.get(f"/grupper/{starting_group.code}/inne/moter/{first.code}/")
    second_page = client.get(f"/grupper/{starting_group.code}/inne/moter/{second.code}/")
    assert mark in first_page.content.decode()
    assert "staff-mark" not in second_page.content.decode()
