"""The inside of a starting group for its initiator: the overview page, the checklist, the
invitation link and the intake conversations (the follow-up page: tests/groups/test_handover.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from selvhjelp.groups.models import Group, GroupInterest, Membership, MembershipState
from selvhjelp.groups.services.frames import declaration_sign
from selvhjelp.groups.services.membership import intake_record, member_invite
from selvhjelp.overview.selectors import checklist
from tests.conftest import meet_weekly, ready_for_hand_over

pytestmark = pytest.mark.django_db


def test_a_small_group_shows_a_calm_warning(
    starting_group, add_member, make_user, client_for, initiator
) -> None:
    for n in range(3):
        add_member(starting_group, make_user(f"M{n}"))
    html = client_for(initiator).get(f"/grupper/{starting_group.code}/inne/").content.decode()
    assert "færre enn fire" in html
    add_member(starting_group, make_user("M4"))
    html = client_for(initiator).get(f"/grupper/{starting_group.code}/inne/").content.decode()
    assert "færre enn fire" not in html


def test_the_checklist_follows_the_data(starting_group, make_user) -> None:
    state = {item.key: item.done for item in checklist(starting_group)}
    assert not any(state.values())
    ready_for_hand_over(starting_group, [make_user("A"), make_user("B")])
    state = {item.key: item.done for item in checklist(starting_group)}
    assert all(state[key] for key in ("principles", "declaration", "agreement", "place"))
    assert not state["series"]
    meet_weekly(starting_group, start_date=timezone.localdate())
    assert {item.key: item.done for item in checklist(starting_group)}["series"]


def test_the_invitation_link_can_be_renewed_revoked_and_expires(
    participant, own_group, outsider, make_user, client_for
) -> None:
    group = own_group(participant)
    old = group.invitation_token
    declaration_sign(group=group, user=participant)
    client_for(participant).post(f"/grupper/{group.code}/inne/inviter/", {"action": "renew-link"})
    group.refresh_from_db()
    assert client_for(outsider).get(f"/grupper/{group.code}/bli-med/{old}/").status_code == 404
    joiner = make_user("Ny")
    path = f"/grupper/{group.code}/bli-med/{group.invitation_token}/"
    assert client_for(joiner).get(path).status_code == 200
    client_for(joiner).post(path)
    assert Membership.objects.get(group=group, user=joiner).state == MembershipState.MEMBER
    Group.objects.filter(pk=group.pk).update(
        invitation_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client_for(outsider).post(path).status_code == 404
    client_for(participant).post(f"/grupper/{group.code}/inne/inviter/", {"action": "revoke-link"})
    group.refresh_from_db()
    assert group.invitation_token == ""


def test_intake_is_seen_by_the_initiator_and_the_coordinators_only(
    starting_group,
    participant,
    initiator,
    coordinator,
    other_coordinator,
    member,
    add_member,
    client_for,
) -> None:
    intake_record(
        group=starting_group,
        user=participant,
        held_on=timezone.localdate() - timedelta(days=14),
        outcome="suitable",
        recorded_by=initiator,
    )
    add_member(starting_group, member)
    path = f"/grupper/{starting_group.code}/inne/inntak/"
    assert client_for(initiator).get(path).status_code == 200
    assert client_for(coordinator).get(path).status_code == 200
    assert client_for(member).get(path).status_code == 403
    assert client_for(other_coordinator).get(path).status_code == 404
    assert client_for(participant).get(path).status_code == 404


def test_the_invite_list_leaves_out_members_those_invited_and_yourself(
    starting_group, initiator, make_user, add_member, client_for
) -> None:
    wanting, joined, asked = make_user("Vil"), make_user("Medlem"), make_user("Spurt")
    for person in (wanting, joined, asked, initiator):
        GroupInterest.objects.create(group=starting_group, user=person)
    add_member(starting_group, joined)
    member_invite(group=starting_group, user=asked)
    response = client_for(initiator).get(f"/grupper/{starting_group.code}/inne/")
    assert response.context["people"] == [(wanting.pk, "Vil")]
    refused = client_for(initiator).post(
        f"/grupper/{starting_group.code}/inne/inviter/", {"person": initiator.pk}
    )
    assert refused.status_code == 302
    assert not Membership.objects.filter(group=starting_group, user=initiator).exists()


def test_an_ended_group_shows_no_start_up_warnings_or_checklist(
    starting_group, initiator, add_member, make_user, client_for
) -> None:
    add_member(starting_group, make_user("Eneste"))
    page = f"/grupper/{starting_group.code}/inne/"
    html = client_for(initiator).get(page).content.decode()
    assert "færre enn fire" in html
    assert 'id="checklist-heading"' in html
    Group.objects.filter(pk=starting_group.pk).update(state="ended")
    html = client_for(initiator).get(page).content.decode()
    assert "færre enn fire" not in html
    assert 'id="checklist-heading"' not in html
    assert 'id="invite-heading"' not in html


def test_asking_to_be_listed_shows_that_the_request_is_waiting(
    participant, own_group, client_for
) -> None:
    group = own_group(participant)
    declaration_sign(group=group, user=participant)
    client = client_for(participant)
    assert "Be om å bli ført opp" in client.get(f"/grupper/{group.code}/inne/").content.decode()
    client.post(f"/grupper/{group.code}/inne/be-om-oppforing/")
    html = client.get(f"/grupper/{group.code}/inne/").content.decode()
    assert "Be om å bli ført opp" not in html
    assert "om at gruppa blir ført opp. En koordinator i området ditt ser på det" in html


def test_the_members_list_marks_who_has_not_signed_the_current_declaration(
    starting_group, add_member, make_user, client_for, initiator
) -> None:
    from bs4 import BeautifulSoup

    from selvhjelp.groups.services.frames import declaration_new_version

    signed, unsigned = make_user("Signert"), make_user("Usignert")
    add_member(starting_group, signed)
    add_member(starting_group, unsigned, signed=False)

    def marked() -> dict[str, bool]:
        html = client_for(initiator).get(f"/grupper/{starting_group.code}/inne/").content
        heading = BeautifulSoup(html, "html.parser").find(id="members-heading")
        assert heading is not None
        section = heading.parent
        assert section is not None
        return {
            item.get_text(" ", strip=True).split(" ")[0]: "ikke signert" in item.get_text()
            for item in section.find_all("li")
        }

    assert marked() == {"Signert": False, "Usignert": True}
    # A new wording: nobody has signed it yet; one signs again.
    declaration_new_version(group=starting_group, text="Ny ordlyd")
    assert marked() == {"Signert": True, "Usignert": True}
    declaration_sign(group=starting_group, user=unsigned)
    assert marked() == {"Signert": True, "Usignert": False}


def test_a_members_overview_runs_a_fixed_number_of_queries(
    running_group, member, make_user, add_member, client_for
) -> None:
    """More members, more people wishing to join and more meetings: the same queries."""
    from tests.queries import assert_queries_do_not_grow

    today = timezone.localdate()
    meet_weekly(running_group, start_date=today + timedelta(days=7 - today.weekday()))

    def more() -> None:
        for n in range(4):
            add_member(running_group, make_user(f"Ny {n}"), signed=n % 2 == 0)
            GroupInterest.objects.create(group=running_group, user=make_user(f"Vil {n}"))

    response = assert_queries_do_not_grow(
        client_for(member), f"/grupper/{running_group.code}/inne/", more, at_most=9
    )
    assert len(response.context["member_rows"]) == 7
    assert len(response.context["applicants"]) == 4
    assert response.context["next_meeting"] is not None
