"""The one access helper for a group's inside: 404 for outsiders, two-factor for staff,
the declaration first for members who have not signed it."""

from __future__ import annotations

import pytest

from selvhjelp.groups.models import Membership, MembershipState
from selvhjelp.groups.services.membership import membership_leave
from tests.conftest import admit, sorg_group

pytestmark = pytest.mark.django_db

# Inside pages for the initiator (or coordinators) alone: a member gets 403 there, signed or not.
NOT_FOR_MEMBERS = {"inviter/", "inntak/", "sjekkliste/", "be-om-oppforing/"}


@pytest.mark.parametrize(
    "path", ["", "avtale/", "taushetserklaering/", "taushetserklaering/utskrift/", "inntak/"]
)
@pytest.mark.parametrize("who", ["outsider", "other_coordinator", "left_member"])
def test_outsiders_get_404_on_every_inside_page(
    request, starting_group, path, who, client_for, make_user
) -> None:
    if who == "left_member":
        person = make_user("Gått")
        admit(starting_group, person)
        membership_leave(group=starting_group, user=person)
    else:
        person = request.getfixturevalue(who)
    assert client_for(person).get(f"/grupper/{starting_group.code}/inne/{path}").status_code == 404
    assert client_for(person).post(f"/grupper/{starting_group.code}/inne/{path}").status_code == 404


def test_staff_without_two_factor_are_sent_to_turn_it_on_before_a_groups_inside(
    initiator_without_mfa, contact_point, client_for
) -> None:
    group = sorg_group(initiator_without_mfa, title="Ny sorggruppe", contact_point=contact_point)
    response = client_for(initiator_without_mfa).get(f"/grupper/{group.code}/inne/")
    assert response["Location"].startswith("/konto/2fa/?next=")


def test_the_declaration_gate_holds_for_every_inside_url(
    starting_group, add_member, participant, client_for
) -> None:
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
            if route.removeprefix("grupper/<str:code>/inne/") in NOT_FOR_MEMBERS:
                assert response.status_code == 403, (method, path)
            else:
                assert response.status_code == 302, (method, path)
                assert response["Location"] == declaration, (method, path)
    assert Membership.objects.get(user=participant).state == MembershipState.MEMBER


def test_the_first_read_gives_the_same_parts_and_signature_as_asking_each_row(
    starting_group,
    running_group,
    own_group,
    initiator,
    coordinator,
    other_coordinator,
    member,
    participant,
    outsider,
    make_user,
    make_staff,
    contact_point,
    django_assert_num_queries,
) -> None:
    """Every inside page asks `group_and_parts` once (two queries); it must agree with
    `parts_in` and `has_signed` for every kind of person: member signed or not, invited,
    left, initiator before and after the hand-over, the starter of an own group, staff of the
    group's contact point or of another, and nobody at all."""
    from selvhjelp.contactpoints.models import StaffRole
    from selvhjelp.groups.access import group_and_parts, parts_in
    from selvhjelp.groups.models import DeclarationVersion
    from selvhjelp.groups.selectors import has_signed
    from selvhjelp.groups.services.membership import member_invite

    unsigned = make_user("Usignert")
    admit(starting_group, unsigned, signed=False)
    admit(starting_group, participant)
    invited = make_user("Invitert")
    member_invite(group=starting_group, user=invited)
    gone = make_user("Gått")
    admit(starting_group, gone)
    membership_leave(group=starting_group, user=gone)
    starter = make_user("Starter")
    own = own_group(starter)
    other_staff = make_staff("Annen ansatt", contact_point, StaffRole.INITIATOR)
    # A new version of the running group's declaration: nobody has signed that one yet.
    DeclarationVersion.objects.create(group=running_group, number=99, text="Ny tekst")
    people = [initiator, coordinator, other_coordinator, member, participant, outsider, unsigned]
    people += [invited, gone, starter, other_staff]
    seen = set()
    for group in (starting_group, running_group, own):
        for person in people:
            with django_assert_num_queries(2):
                answer = group_and_parts(group.code, person)
            assert answer is not None
            found, parts, signed = answer
            assert found == group
            assert found.municipality.county.name
            assert found.initiator == group.initiator
            assert parts == parts_in(group, person), (group.title, person.display_name)
            assert signed == has_signed(group, person), (group.title, person.display_name)
            seen.add((parts, signed))
    assert group_and_parts("ukjent", member) is None
    # The cases above reach every part and both answers about the signature.
    assert {part for parts, _signed in seen for part in parts} == {
        "member",
        "initiator",
        "coordinator",
        "invited",
    }
    assert {signed for _parts, signed in seen} == {True, False}
