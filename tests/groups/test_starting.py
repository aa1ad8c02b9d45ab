from __future__ import annotations

import threading
from datetime import date, time, timedelta

import pytest
from django.db import close_old_connections, models
from django.test import Client
from django.utils import timezone

from selvhjelp.groups.forms import IntakeForm
from selvhjelp.groups.models import (
    Group,
    GroupState,
    Intake,
    Membership,
    MembershipState,
    Openness,
)
from selvhjelp.groups.services import GroupFull, NotAllowed
from selvhjelp.groups.services.creation import group_create
from selvhjelp.groups.services.frames import (
    agreement_update,
    declaration_new_version,
    declaration_sign,
)
from selvhjelp.groups.services.handover import group_hand_over
from selvhjelp.groups.services.membership import intake_record, member_invite, membership_admit
from selvhjelp.notifications.models import Message
from selvhjelp.overview.selectors import checklist
from tests.conftest import municipality, ready_for_hand_over, theme

pytestmark = pytest.mark.django_db


# --- Creating -----------------------------------------------------------------------------


def test_staff_create_a_listed_group_for_their_contact_point(
    initiator, contact_point, client_for
) -> None:  # type: ignore[no-untyped-def]
    response = client_for(initiator).post(
        "/grupper/ny/",
        {
            "title": "Angstgruppe",
            "themes": [theme("angst").pk],
            "municipality": "0301",
            "format": "physical",
            "contact_point": contact_point.pk,
        },
    )
    group = Group.objects.get()
    assert response["Location"] == f"/grupper/{group.code}/inne/"
    assert (group.listed, group.contact_point, group.initiator) == (True, contact_point, initiator)
    assert group.state == GroupState.FORMING
    assert not Membership.objects.exists()
    assert "straffeloven" in group.declarations.get().text or "196" in group.declarations.get().text


def test_a_participant_starts_an_unlisted_group_and_is_its_first_member(
    participant, client_for
) -> None:  # type: ignore[no-untyped-def]
    client_for(participant).post(
        "/grupper/ny/",
        {
            "title": "Vår gruppe",
            "themes": [theme("traumer").pk],
            "municipality": "3201",
            "format": "video",
        },
    )
    group = Group.objects.get()
    assert (group.listed, group.contact_point, group.self_started) == (False, None, True)
    assert Membership.objects.get(group=group).user == participant
    assert group.invitation_token
    assert Client().get(f"/grupper/{group.code}/").status_code == 404


def test_a_participant_cannot_create_a_group_for_a_contact_point(
    participant, contact_point, client_for
) -> None:  # type: ignore[no-untyped-def]
    client_for(participant).post(
        "/grupper/ny/",
        {
            "title": "X",
            "themes": [theme("sorg").pk],
            "municipality": "0301",
            "format": "physical",
            "contact_point": contact_point.pk,
        },
    )
    assert Group.objects.get().contact_point is None


# --- Invitations, links and capacity ------------------------------------------------------


def test_an_invited_person_accepts_and_is_asked_to_sign_first(
    starting_group, participant, client_for
) -> None:  # type: ignore[no-untyped-def]
    member_invite(group=starting_group, user=participant)
    invitation = Message.objects.get(kind="group_invitation")
    assert starting_group.title not in invitation.subject
    client = client_for(participant)
    assert client.get(f"/grupper/{starting_group.code}/inne/").status_code == 403
    response = client.post(f"/grupper/{starting_group.code}/svar/", {"answer": "yes"})
    assert response["Location"] == f"/grupper/{starting_group.code}/inne/taushetserklaering/"
    gated = client.get(f"/grupper/{starting_group.code}/inne/")
    assert gated["Location"] == f"/grupper/{starting_group.code}/inne/taushetserklaering/"
    client.post(f"/grupper/{starting_group.code}/inne/taushetserklaering/")
    assert client.get(f"/grupper/{starting_group.code}/inne/").status_code == 200


def test_declining_an_invitation(starting_group, participant, client_for) -> None:  # type: ignore[no-untyped-def]
    member_invite(group=starting_group, user=participant)
    client_for(participant).post(f"/grupper/{starting_group.code}/svar/", {"answer": "no"})
    assert Membership.objects.get().state == MembershipState.DECLINED


def test_the_invitation_link_can_be_renewed_revoked_and_expires(
    participant, own_group, outsider, make_user, client_for
) -> None:  # type: ignore[no-untyped-def]
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


def test_an_acceptance_beyond_the_capacity_is_refused_with_a_clear_message(  # type: ignore[no-untyped-def]
    starting_group, add_member, make_user, client_for
) -> None:
    for n in range(8):
        add_member(starting_group, make_user(f"M{n}"))
    late = make_user("Sen")
    member_invite(group=starting_group, user=late)
    response = client_for(late).post(
        f"/grupper/{starting_group.code}/svar/", {"answer": "yes"}, follow=True
    )
    assert "Gruppa er full" in response.content.decode()
    assert Membership.objects.get(user=late).state == MembershipState.INVITED
    with pytest.raises(GroupFull):
        membership_admit(group=starting_group, user=late)


@pytest.mark.django_db(transaction=True)
def test_20_concurrent_acceptances_into_3_free_places_give_exactly_3_members(  # type: ignore[no-untyped-def]
    initiator, contact_point, make_user
) -> None:
    group = group_create(
        creator=initiator,
        title="Travel gruppe",
        themes=[theme("sorg")],
        municipality=municipality("0301"),
        kind="shared",
        format="physical",
        contact_point=contact_point,
    )
    for n in range(5):
        Membership.objects.create(group=group, user=make_user(f"M{n}"), state="member")
    applicants = [make_user(f"A{n}") for n in range(20)]
    for person in applicants:
        member_invite(group=group, user=person)
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def accept(person) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            membership_admit(group=group, user=person)
            outcomes.append("member")
        except GroupFull:
            outcomes.append("full")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=accept, args=(p,)) for p in applicants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full"] * 17 + ["member"] * 3
    assert Membership.objects.filter(group=group, state="member").count() == 8


def test_opened_seats_close_by_themselves_when_filled(starting_group, make_user) -> None:  # type: ignore[no-untyped-def]
    Group.objects.filter(pk=starting_group.pk).update(
        state=GroupState.RUNNING, openness=Openness.OPEN, free_seats=1
    )
    membership_admit(group=starting_group, user=make_user())
    starting_group.refresh_from_db()
    assert (starting_group.openness, starting_group.free_seats) == (Openness.CLOSED, 0)


def test_a_small_group_shows_a_calm_warning(
    starting_group, add_member, make_user, client_for, initiator
) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        add_member(starting_group, make_user(f"M{n}"))
    html = client_for(initiator).get(f"/grupper/{starting_group.code}/inne/").content.decode()
    assert "færre enn fire" in html
    add_member(starting_group, make_user("M4"))
    html = client_for(initiator).get(f"/grupper/{starting_group.code}/inne/").content.decode()
    assert "færre enn fire" not in html


def test_a_member_may_leave_at_any_time(
    starting_group, add_member, participant, client_for
) -> None:  # type: ignore[no-untyped-def]
    add_member(starting_group, participant)
    client_for(participant).post(f"/grupper/{starting_group.code}/inne/forlat/")
    assert Membership.objects.get(user=participant).state == MembershipState.LEFT
    assert client_for(participant).get(f"/grupper/{starting_group.code}/inne/").status_code == 404


# --- Intake -------------------------------------------------------------------------------


def test_intake_records_only_a_date_and_an_outcome() -> None:
    free_text = [
        field.name
        for field in Intake._meta.get_fields()
        if isinstance(field, models.TextField)
        or (isinstance(field, models.CharField) and not field.choices)
    ]
    assert free_text == []
    form_free_text = [
        name
        for name, field in IntakeForm(people=[]).fields.items()
        if name not in {"person", "held_on", "outcome"}
    ]
    assert form_free_text == []


def test_intake_is_seen_by_the_initiator_and_the_coordinators_only(  # type: ignore[no-untyped-def]
    starting_group,
    participant,
    initiator,
    coordinator,
    other_coordinator,
    add_member,
    make_user,
    client_for,
) -> None:
    intake_record(
        group=starting_group,
        user=participant,
        held_on=date(2026, 11, 20),
        outcome="suitable",
        recorded_by=initiator,
    )
    member = make_user("Medlem")
    add_member(starting_group, member)
    path = f"/grupper/{starting_group.code}/inne/inntak/"
    assert client_for(initiator).get(path).status_code == 200
    assert client_for(coordinator).get(path).status_code == 200
    assert client_for(member).get(path).status_code == 403
    assert client_for(other_coordinator).get(path).status_code == 404
    assert client_for(participant).get(path).status_code == 404


# --- Checklist, hand-over, agreement, declaration -----------------------------------------


def test_the_checklist_follows_the_data(starting_group, add_member, make_user) -> None:  # type: ignore[no-untyped-def]
    state = {item.key: item.done for item in checklist(starting_group)}
    assert not any(state.values())
    ready_for_hand_over(starting_group, [make_user("A"), make_user("B")])
    state = {item.key: item.done for item in checklist(starting_group)}
    assert all(state[key] for key in ("principles", "declaration", "agreement", "place"))
    assert not state["series"]
    from selvhjelp.meetings.services import series_set

    series_set(
        group=starting_group,
        start_date=timezone.localdate(),
        start_time=time(18),
        weekdays=[0],
        interval=1,
        length_minutes=120,
        place_kind="video",
        premises=None,
        place_details="https://video.example.org",
    )
    assert {item.key: item.done for item in checklist(starting_group)}["series"]


def test_hand_over_needs_the_basics_and_removes_the_initiators_access_at_once(  # type: ignore[no-untyped-def]
    starting_group, add_member, make_user, initiator, client_for
) -> None:
    client = client_for(initiator)
    inside = f"/grupper/{starting_group.code}/inne/"
    with pytest.raises(NotAllowed):
        group_hand_over(group=starting_group)
    ready_for_hand_over(starting_group, [make_user("A"), make_user("B")])
    assert client.get(inside).status_code == 200
    response = client.post(f"/grupper/{starting_group.code}/inne/sjekkliste/", {"step": "handover"})
    assert response["Location"] == f"/grupper/{starting_group.code}/oppfolging/"
    starting_group.refresh_from_db()
    assert starting_group.state == GroupState.RUNNING
    for path in ("", "avtale/", "taushetserklaering/", "inviter/"):
        assert client.get(inside + path).status_code == 404
    assert client.get(f"/grupper/{starting_group.code}/oppfolging/").status_code == 200
    client.post(f"/grupper/{starting_group.code}/oppfolging/", {"on": "2027-01-15"})
    starting_group.refresh_from_db()
    assert starting_group.follow_up_planned_on == date(2027, 1, 15)


def test_a_starter_becomes_an_ordinary_member_at_hand_over(
    participant, own_group, add_member, make_user, client_for
) -> None:  # type: ignore[no-untyped-def]
    group = own_group(participant)
    declaration_sign(group=group, user=participant)
    ready_for_hand_over(group, [make_user("A")])
    group_hand_over(group=group)
    client = client_for(participant)
    assert client.get(f"/grupper/{group.code}/inne/").status_code == 200
    assert (
        client.post(f"/grupper/{group.code}/inne/inviter/", {"action": "renew-link"}).status_code
        == 403
    )
    assert client.get(f"/grupper/{group.code}/oppfolging/").status_code == 404


def test_the_agreement_is_edited_freely_while_starting_and_then_only_by_decision(  # type: ignore[no-untyped-def]
    starting_group, add_member, make_user, participant, client_for
) -> None:
    add_member(starting_group, participant)
    client = client_for(participant)
    path = f"/grupper/{starting_group.code}/inne/avtale/"
    client.post(
        path,
        {"rhythm": "Annenhver uke", "length_minutes": "120", "has_break": "on", "place": "Rom 2"},
    )
    starting_group.agreement.refresh_from_db()
    assert starting_group.agreement.rhythm == "Annenhver uke"
    ready_for_hand_over(starting_group, [make_user("B")])
    group_hand_over(group=starting_group)
    client.post(path, {"rhythm": "Hver dag", "length_minutes": "120"})
    starting_group.agreement.refresh_from_db()
    assert starting_group.agreement.rhythm == "Hver uke"
    with pytest.raises(NotAllowed):
        agreement_update(group=starting_group, changes={"rhythm": "x"})
    agreement_update(group=starting_group, changes={"rhythm": "Hver 14. dag"}, by_decision=True)


def test_a_new_declaration_version_must_be_signed_again(
    starting_group, add_member, participant, client_for
) -> None:  # type: ignore[no-untyped-def]
    add_member(starting_group, participant)
    client = client_for(participant)
    assert client.get(f"/grupper/{starting_group.code}/inne/").status_code == 200
    declaration_new_version(group=starting_group, text="Ny tekst")
    for path in ("", "avtale/", "taushetserklaering/utskrift/"):
        response = client.get(f"/grupper/{starting_group.code}/inne/{path}")
        assert response["Location"] == f"/grupper/{starting_group.code}/inne/taushetserklaering/"
    page = client.get(f"/grupper/{starting_group.code}/inne/taushetserklaering/")
    assert "Ny tekst" in page.content.decode()


def test_the_printable_page_lists_names_and_dates(
    starting_group, add_member, participant, client_for, initiator
) -> None:  # type: ignore[no-untyped-def]
    add_member(starting_group, participant)
    html = (
        client_for(initiator)
        .get(f"/grupper/{starting_group.code}/inne/taushetserklaering/utskrift/")
        .content.decode()
    )
    assert participant.display_name in html
    assert str(timezone.now().year) in html


# --- Outsiders ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["", "avtale/", "taushetserklaering/", "taushetserklaering/utskrift/", "inntak/"]
)
@pytest.mark.parametrize("who", ["outsider", "other_coordinator", "left_member"])
def test_outsiders_get_404_on_every_inside_page(  # type: ignore[no-untyped-def]
    request, starting_group, path, who, client_for, make_user
) -> None:
    if who == "left_member":
        person = make_user("Gått")
        Membership.objects.create(group=starting_group, user=person, state="left")
    else:
        person = request.getfixturevalue(who)
    assert client_for(person).get(f"/grupper/{starting_group.code}/inne/{path}").status_code == 404
    assert client_for(person).post(f"/grupper/{starting_group.code}/inne/{path}").status_code in (
        404,
        405,
    )


# --- Listing a self-started group ---------------------------------------------------------


def test_a_starter_asks_and_a_coordinator_of_the_area_lists_the_group(  # type: ignore[no-untyped-def]
    participant, own_group, coordinator, other_coordinator, contact_point, client_for
) -> None:
    group = own_group(participant)
    declaration_sign(group=group, user=participant)
    client_for(participant).post(f"/grupper/{group.code}/inne/be-om-oppforing/")
    notices = Message.objects.filter(kind="listing_request")
    assert [m.recipient for m in notices] == [coordinator]
    assert not Message.objects.filter(kind="staff_notice").exists()
    other = client_for(other_coordinator).get(
        f"/kontaktpunkt/{other_coordinator.staff_roles.get().contact_point.slug}/godkjenning/"
    )
    assert group.title not in other.content.decode()
    client = client_for(coordinator)
    page = client.get(f"/kontaktpunkt/{contact_point.slug}/godkjenning/")
    assert group.title in page.content.decode()
    client.post(f"/kontaktpunkt/{contact_point.slug}/godkjenning/", {"group": group.code})
    group.refresh_from_db()
    assert (group.listed, group.contact_point) == (True, contact_point)
    assert Client().get(f"/grupper/{group.code}/").status_code == 200


def test_staff_without_two_factor_are_sent_to_turn_it_on_before_a_groups_inside(  # type: ignore[no-untyped-def]
    initiator_without_mfa, contact_point, client_for
) -> None:
    group = group_create(
        creator=initiator_without_mfa,
        title="Ny sorggruppe",
        themes=[theme("sorg")],
        municipality=municipality("0301"),
        kind="shared",
        format="physical",
        contact_point=contact_point,
    )
    response = client_for(initiator_without_mfa).get(f"/grupper/{group.code}/inne/")
    assert response["Location"].startswith("/konto/2fa/?next=")


def test_the_declaration_gate_holds_for_every_inside_url(
    starting_group, add_member, participant, client_for
) -> None:  # type: ignore[no-untyped-def]
    from tests.urlwalk import all_routes

    add_member(starting_group, participant, signed=False)
    client = client_for(participant)
    inside = [r.route for r in all_routes() if r.route.startswith("grupper/<str:code>/inne/")]
    assert len(inside) >= 9
    declaration = f"/grupper/{starting_group.code}/inne/taushetserklaering/"
    for route in inside:
        path = "/" + route.replace("<str:code>", starting_group.code)
        if path == declaration or route.endswith("forlat/"):
            continue  # the declaration itself, and the way out, stay open
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            allowed_to_see = response.status_code == 200
            assert not allowed_to_see, (method, path)
            assert response.status_code in (302, 403, 405), (method, path, response.status_code)
            if response.status_code == 302:
                assert response["Location"] == declaration, (method, path)
    assert Membership.objects.get(user=participant).state == MembershipState.MEMBER


@pytest.mark.parametrize(
    ("language", "words"),
    [("nb", "straffeloven § 196"), ("nn", "straffelova § 196"), ("en", "section 196")],
)
def test_the_default_declaration_is_written_in_each_language(language: str, words: str) -> None:
    from selvhjelp.groups.services.frames import default_declaration

    text = default_declaration(language)
    assert words in text
    assert len(text) > 300
