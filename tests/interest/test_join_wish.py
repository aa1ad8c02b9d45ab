"""Admitting someone is a path: a person asks to join a group that governs itself, its members
are told and see who it is, and any of them can propose to admit them. A full group takes
"tell me when there is room", and opening seats never tells the group's own members."""

from __future__ import annotations

import re

import pytest

from selvhjelp.accounts.models import User
from selvhjelp.decisions.kinds import KINDS
from selvhjelp.groups.models import Group, GroupInterest, Openness
from selvhjelp.groups.services import NotAllowed
from selvhjelp.interest.services import group_interest_add, group_open_seats
from selvhjelp.notifications.models import Message
from tests.conftest import members_of, register_interest

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_group(running_group: Group) -> Group:
    """The running group, with two seats opened by a decision."""
    Group.objects.filter(pk=running_group.pk).update(openness=Openness.OPEN, free_seats=2)
    running_group.refresh_from_db()
    return running_group


def test_members_are_told_once_that_someone_would_like_to_join(
    open_group: Group, participant: User
) -> None:
    group_interest_add(user=participant, group=open_group, consent=True)
    group_interest_add(user=participant, group=open_group, consent=True)
    told = Message.objects.filter(kind="join_wish")
    assert sorted(told.values_list("recipient__display_name", flat=True)) == sorted(
        person.display_name for person in members_of(open_group)
    )
    for message in told:
        # Emails name nobody but the recipient, and never the group.
        assert participant.display_name not in message.subject + message.body_text
        assert open_group.title not in message.subject + message.body_text
        # The group's private link, never its code: a forwarded email names no group.
        assert f"/inne/{open_group.link_key}/" in message.body_text
        assert open_group.code not in message.body_text + message.body_html


def test_a_group_that_is_still_starting_leaves_it_to_its_initiator(
    starting_group: Group, participant: User
) -> None:
    group_interest_add(user=participant, group=starting_group, consent=True)
    assert not Message.objects.filter(kind="join_wish").exists()


def test_a_member_cannot_ask_to_join_their_own_group(open_group: Group, member: User) -> None:
    with pytest.raises(NotAllowed):
        group_interest_add(user=member, group=open_group, consent=True)
    assert not GroupInterest.objects.exists()


def test_members_see_who_would_like_to_join_and_can_propose_to_admit_them(
    open_group: Group, member: User, participant: User, client_for
) -> None:
    group_interest_add(user=participant, group=open_group, consent=True)
    home = client_for(member).get(f"/grupper/{open_group.code}/inne/").content.decode()
    propose = f"/grupper/{open_group.code}/inne/beslutninger/ny/"
    link = f"{propose}?type=admit&amp;applicant={participant.pk}"
    assert f'<a class="ds-link" href="{link}">Foreslå å ta inn Mari</a>' in home
    form = client_for(member).get(link.replace("&amp;", "&")).content.decode()
    assert f'<option value="{participant.pk}" selected>Mari</option>' in form


def test_the_admit_proposal_explains_itself_when_nobody_has_asked(
    running_group: Group, member: User, client_for
) -> None:
    assert KINDS["admit"].unavailable(running_group)
    page = client_for(member).get(f"/grupper/{running_group.code}/inne/beslutninger/ny/?type=admit")
    html = page.content.decode()
    assert "Ingen har bedt om å bli med i gruppa." in html
    assert 'name="applicant"' not in html


def test_a_full_group_offers_tell_me_when_there_is_room_and_keeps_its_word(
    running_group: Group, participant: User, member: User, client_for
) -> None:
    assert not running_group.has_room
    client = client_for(participant)
    page = client.get(f"/grupper/{running_group.code}/").content.decode()
    assert "Si fra når det er plass" in page
    client.post(f"/grupper/{running_group.code}/interessert/", {"consent": "on"})
    assert GroupInterest.objects.filter(user=participant, group=running_group).exists()
    assert (
        "Vi sier fra på e-post når gruppa har plass."
        in client.get(f"/grupper/{running_group.code}/").content.decode()
    )
    assert (
        "Si fra når det er plass"
        not in client_for(member).get(f"/grupper/{running_group.code}/").content.decode()
    )
    group_open_seats(group=running_group, seats=1)
    assert Message.objects.filter(recipient=participant, kind="interest_match").count() == 1


def test_opening_seats_does_not_tell_the_groups_own_members(
    running_group: Group, member: User, make_user
) -> None:
    register_interest(member, themes=("sorg",))
    outside = make_user("Utenfor")
    register_interest(outside, themes=("sorg",))
    group_open_seats(group=running_group, seats=2)
    told = Message.objects.filter(kind="interest_match")
    assert list(told.values_list("recipient__display_name", flat=True)) == ["Utenfor"]


def test_the_room_email_names_no_group_and_leads_only_its_reader_to_the_group(
    running_group: Group, participant: User, member: User, client_for
) -> None:
    client_for(participant).post(f"/grupper/{running_group.code}/interessert/", {"consent": "on"})
    group_open_seats(group=running_group, seats=1)
    message = Message.objects.get(recipient=participant, kind="interest_match")
    [link] = re.findall(r"https?://\S+/interesse/ledig/[^/\s]+/", message.body_text)
    assert running_group.code not in message.body_text + message.body_html
    assert "sorg" not in link.lower()
    path = link.split("://", 1)[1].split("/", 1)[1]
    answer = client_for(participant).get("/" + path)
    assert (answer.status_code, answer["Location"]) == (302, f"/grupper/{running_group.code}/")
    assert client_for(member).get("/" + path).status_code == 404
    assert client_for(participant).get("/interesse/ledig/forged/").status_code == 404
    anonymous = client_for(None).get("/" + path)
    assert anonymous.status_code == 302
    assert "/konto/login/" in anonymous["Location"]
