"""No 500s (issue 12): every page of the URL table, opened by anyone of the cast, and every form
on them, sent anything, answers with a page or a message, never with a server error. Below the
fuzz test, one test for each 500 it found, with the input that caused it."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, Staff
from selvhjelp.contactpoints.services import staff_invite
from selvhjelp.decisions.services import proposal_create
from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.groups.services.frames import declaration_sign
from selvhjelp.groups.services.listing import listing_request
from selvhjelp.interest.services import interest_save
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import LeavingNotice, Meeting, Premises
from selvhjelp.meetings.services import feed_for
from selvhjelp.notifications.services import unsubscribe_token
from selvhjelp.reflection.models import ReflectionMarker
from tests.conftest import PASSWORD, admit, meet_weekly, municipality, theme
from tests.fuzzing import crawl, fuzz, send, targets
from tests.urlwalk import REGEX_SAMPLES, all_routes

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

# The groups start meeting on this Monday; the fuzzing happens seven weeks later, when some
# meetings are over (and can be reflected on) and others are still to come.
MEETINGS_FROM = datetime(2027, 3, 1, 9, tzinfo=OSLO)
FUZZ_AT = datetime(2027, 4, 19, 12, tzinfo=OSLO)

# How hard each form is tried: this many submissions in all, shared by the people who may use
# it, and at least a few for each of them. A person the page refuses gets one; an address with
# no form gets two, of fields nobody asked for.
DEPTH = 24
AT_LEAST = 3
WITHOUT_FORM = 2


@dataclass(frozen=True)
class World:
    people: dict[str, User | None]
    paths: list[str]  # every URL pattern, with real objects of the cast in it
    others: list[str]  # codes and ids of real objects, to put where they do not belong


def _fill(route: str, values: dict[str, str]) -> str | None:
    """The route with its parameters filled in, or None when one has no value here."""
    if route in REGEX_SAMPLES:
        return REGEX_SAMPLES[route]
    try:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda found: values[found.group(1)], route)
    except KeyError:
        return None


def _group_variants(group: Group) -> list[dict[str, str]]:
    """The group's objects to fill into its paths: its proposal and invitation link, and one
    meeting that is over and one to come."""
    values = {"code": group.code}
    proposal = group.proposals.first()
    if proposal is not None:
        values["proposal"] = proposal.code
    if group.invitation_token:
        values["token"] = group.invitation_token
    meetings = Meeting.objects.filter(series__group=group)
    over = meetings.filter(ends_at__lte=timezone.now()).order_by("-starts_at").first()
    coming = meetings.filter(ends_at__gt=timezone.now()).order_by("starts_at").first()
    found = [meeting for meeting in (over, coming) if meeting is not None]
    return [values | {"meeting_code": meeting.code} for meeting in found] or [values]


def _paths(
    *, common: dict[str, str], by_route: dict[str, dict[str, str]], groups: list[dict[str, str]]
) -> list[str]:
    """Every URL pattern but the admin's with real objects in it: once for each group (and its
    meetings) where the pattern names a group."""
    paths: list[str] = []
    for route in all_routes():
        if route.route.startswith("admin/"):
            continue  # Django's own admin, for administrators only
        for variant in groups if "<str:code>" in route.route else [{}]:
            path = _fill(route.route, common | variant | by_route.get(route.route, {}))
            if path is not None and path not in paths:
                paths.append(path)
    return paths


@pytest.fixture
def world(
    participant: User,
    member: User,
    other_member: User,
    outsider: User,
    initiator: User,
    coordinator: User,
    other_coordinator: User,
    admin_user: User,
    running_group: Group,
    starting_group: Group,
    own_group: Callable[[User], Group],
    contact_point: ContactPoint,
    other_contact_point: ContactPoint,
) -> Iterator[World]:
    """The cast, with all that their pages can show: meetings over and to come, a proposal,
    rooms, a staff invitation, interest in a pool, a group the participant started and asks to
    have listed (and is a member of the starting group besides), and the secret links of a
    calendar feed and an unsubscription. The clock is set to FUZZ_AT and runs on from there."""
    with time_machine.travel(MEETINGS_FROM, tick=False):
        meet_weekly(running_group)
        meet_weekly(starting_group)
    with time_machine.travel(FUZZ_AT):
        admit(starting_group, participant)
        started = own_group(participant)
        declaration_sign(group=started, user=participant)
        listing_request(group=started)
        proposal_create(
            group=running_group, by=member, kind="question", text="Pause i juli?", payload={}
        )
        room = Premises.objects.create(
            contact_point=contact_point, name="Møterom", owner_kind="library", address="Gata 1"
        )
        Premises.objects.create(
            contact_point=other_contact_point, name="Salen", owner_kind="school", address="Vei 2"
        )
        invitation = staff_invite(
            contact_point=contact_point,
            email=outsider.email,
            role="initiator",
            invited_by=coordinator,
        )
        interest_save(
            user=outsider,
            themes=[theme("sorg")],
            municipality=municipality("0301"),
            reach="municipality",
            digital_ok=True,
            weekdays=[],
            times_of_day=[],
            consent=True,
        )
        common = {
            "slug": contact_point.slug,
            "room": room.code,
            "theme": "sorg",
            "municipality": "0301",
            "pk": "1",
        }
        by_route = {
            "tema/<slug:slug>/": {"slug": "sorg"},
            "varsler/av/<str:token>/": {"token": unsubscribe_token(member, "group_news")},
            "ansatt/invitasjon/<str:token>/": {"token": invitation.token},
            "kalender/<str:token>.ics": {"token": feed_for(member).token},
        }
        groups = [
            variant
            for group in (running_group, starting_group, started)
            for variant in _group_variants(group)
        ]
        paths = _paths(common=common, by_route=by_route, groups=groups)
        others = sorted(
            {
                *Group.objects.values_list("code", flat=True),
                *Meeting.objects.order_by("starts_at").values_list("code", flat=True)[:6],
                *running_group.proposals.values_list("code", flat=True),
                *Premises.objects.values_list("code", flat=True),
                *(str(pk) for pk in Staff.objects.values_list("pk", flat=True)),
                *(str(pk) for pk in User.objects.values_list("pk", flat=True)),
                "angst",
                "5501",
                invitation.token,
            }
        )
        people = {
            "anonymous": None,
            "participant": participant,
            "member": member,
            "other_member": other_member,
            "outsider": outsider,
            "initiator": initiator,
            "coordinator": coordinator,
            "other_coordinator": other_coordinator,
            "admin_user": admin_user,
        }
        yield World(people=people, paths=paths, others=others)


def _signed_in_again(client: Client) -> Client:
    """Give the password once more, as pages that delete or secure an account ask for."""
    client.post("/konto/reauthenticate/", {"password": PASSWORD})
    return client


def test_no_page_or_form_answers_anyone_with_a_server_error(
    world: World, client_for: Callable[[User | None], Client]
) -> None:
    clients = {
        role: client_for(person) if person is None else _signed_in_again(client_for(person))
        for role, person in world.people.items()
    }
    seen = crawl(clients, world.paths)
    for target, fields in targets(seen, world.paths).items():
        allowed = [role for role in clients if not seen.refuses(role, target.path)]
        for role, client in clients.items():
            if role not in allowed:
                examples = 1
            elif not fields:
                examples = WITHOUT_FORM
            else:
                examples = max(AT_LEAST, math.ceil(DEPTH / len(allowed)))
            fuzz(
                role=role,
                client=client,
                target=target,
                fields=fields,
                others=world.others,
                examples=examples,
            )


def test_each_submission_starts_from_the_same_data_and_the_same_sign_in(
    member: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(member)
    changed = send(client, "post", "/profil/", {"display_name": ["Ny"], "language": ["en"]})
    signed_out = send(client, "post", "/konto/logout/", {})
    assert (changed.status, changed.then) == (302, 200)
    assert (signed_out.status, signed_out.location) == (302, "/")
    member.refresh_from_db()
    assert (member.display_name, member.language) == ("Jonas", "nb")
    assert client.get("/profil/").status_code == 200


# --- The 500s it found, each with the input that caused it --------------------------------


def at(moment: datetime) -> time_machine.travel:
    """Stop the clock at this moment."""
    return time_machine.travel(moment, tick=False)


def said(response: TestResponse) -> list[str]:
    """The messages the response leaves for the person."""
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def meeting_group(running_group: Group) -> Group:
    """The running group, meeting on Mondays at 18:00 from 1 March 2027."""
    with at(MEETINGS_FROM):
        meet_weekly(running_group)
    return running_group


def test_i_want_to_stop_after_a_chosen_last_meeting_through_the_page(
    meeting_group: Group, member: User, client_for: Callable[[User | None], Client]
) -> None:
    path = f"/grupper/{meeting_group.code}/inne/slutte/"
    with at(MEETINGS_FROM):
        client = client_for(member)
        page = client.get(path).content.decode()
        offered = re.findall(r'name="last" id="last-\w+" value="(\w+)"', page)
        response = client.post(path, {"last": offered[1]})
    assert response.status_code == 302
    assert response["Location"] == f"/grupper/{meeting_group.code}/inne/"
    notice = LeavingNotice.objects.get(membership__user=member)
    assert notice.last_meeting == Meeting.objects.get(code=offered[1])
    assert Membership.objects.get(user=member, group=meeting_group).state == MembershipState.MEMBER


@pytest.mark.parametrize("posted", ["\x00", "another group's"])
def test_a_last_meeting_the_page_does_not_offer_gets_a_message(
    meeting_group: Group,
    starting_group: Group,
    member: User,
    client_for: Callable[[User | None], Client],
    posted: str,
) -> None:
    """PostgreSQL refuses a NUL character in a query: the choice is matched with the meetings
    the page offers, not looked up."""
    with at(MEETINGS_FROM):
        meet_weekly(starting_group)
        if posted == "another group's":
            posted = Meeting.objects.filter(series__group=starting_group).earliest("starts_at").code
        response = client_for(member).post(
            f"/grupper/{meeting_group.code}/inne/slutte/", {"last": posted}
        )
    assert response.status_code == 200
    assert said(response) == ["Velg et av møtene i listen."]
    assert not LeavingNotice.objects.exists()


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_moving_a_meeting_to_the_end_of_the_calendar_gets_a_message(
    starting_group: Group, initiator: User, client_for: Callable[[User | None], Client], date: str
) -> None:
    """At 23:30 on the last day the meeting would end after the year 9999; at 00:30 on the
    first it would start before the year 1 in UTC: both were an OverflowError. (A starting
    group: its initiator moves meetings directly.)"""
    with at(MEETINGS_FROM):
        meet_weekly(starting_group)
    meeting = Meeting.objects.earliest("starts_at")
    time = "23:30" if date.startswith("9999") else "00:30"
    with at(MEETINGS_FROM):
        response = client_for(initiator).post(
            f"/grupper/{starting_group.code}/inne/moter/{meeting.code}/",
            {"step": "move", "date": date, "time": time},
        )
    assert response.status_code == 200
    assert response.context["move_form"].errors["date"]
    meeting.refresh_from_db()
    assert not meeting.moved


def test_a_series_that_starts_at_the_end_of_the_calendar_gets_a_message(
    starting_group: Group, initiator: User, client_for: Callable[[User | None], Client]
) -> None:
    """31 December 9999 is a Friday: the first Saturday after it was looked for in the year
    10000, a ValueError. A first meeting is at most 18 months ahead now, and the rule itself
    has no meetings beyond the calendar (tests/meetings/test_recurrence.py)."""
    with at(MEETINGS_FROM):
        response = client_for(initiator).post(
            f"/grupper/{starting_group.code}/inne/moter/",
            {
                "start_date": "9999-12-31",
                "start_time": "18:00",
                "weekdays": ["5"],
                "interval": "1",
                "length_minutes": "120",
                "place_kind": "video",
            },
        )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("posted", ["abc", "\x00", str(2**63), "9" * 5000])
def test_removing_a_staff_role_by_a_value_that_is_no_role_here_gets_a_message(
    coordinator: User,
    other_coordinator: User,
    contact_point: ContactPoint,
    client_for: Callable[[User | None], Client],
    posted: str,
) -> None:
    response = client_for(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/ansatte/fjern/", {"staff": posted}
    )
    assert response.status_code == 302
    assert said(response) == ["Den personen er ikke lenger ansatt her."]
    assert Staff.objects.count() == 2


def test_a_staff_role_of_another_contact_point_is_not_removed(
    coordinator: User,
    other_coordinator: User,
    contact_point: ContactPoint,
    client_for: Callable[[User | None], Client],
) -> None:
    theirs = Staff.objects.get(user=other_coordinator)
    response = client_for(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/ansatte/fjern/", {"staff": theirs.pk}
    )
    assert said(response) == ["Den personen er ikke lenger ansatt her."]
    assert Staff.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("posted", ["²", "9" * 5000, str(2**63), "\x00"])
def test_reflecting_with_a_word_that_is_not_in_the_compass_gets_a_message(
    meeting_group: Group, member: User, client_for: Callable[[User | None], Client], posted: str
) -> None:
    """ "²" is a digit to str.isdigit() but no number to int(); 5000 digits are more than int()
    converts; 2**63 is more than SQLite holds."""
    meeting = Meeting.objects.earliest("starts_at")
    with at(meeting.ends_at):
        response = client_for(member).post(
            f"/grupper/{meeting_group.code}/inne/moter/{meeting.code}/refleksjon/",
            {"word": ["1", posted]},
        )
    assert response.status_code == 302
    assert said(response) == [
        "Ordene i kompasset er endret etter at du åpnet siden. Marker ordene på nytt."
    ]
    assert not ReflectionMarker.objects.exists()


@pytest.mark.parametrize("path", ["/interesse/", "/grupper/ny/"])
def test_a_theme_id_beyond_any_database_column_gets_a_message(
    participant: User, client_for: Callable[[User | None], Client], path: str
) -> None:
    """Django keeps one such id from SQLite, but not a list of them: an OverflowError."""
    response = client_for(participant).post(path, {"themes": [str(2**63)]})
    assert response.status_code == 200
    assert response.context["form"].errors["themes"]


@pytest.mark.parametrize("posted", ["\x00", "running group's"])
def test_listing_a_group_that_does_not_wait_gets_a_message(
    coordinator: User,
    contact_point: ContactPoint,
    running_group: Group,
    client_for: Callable[[User | None], Client],
    posted: str,
) -> None:
    """PostgreSQL refuses a NUL character in a query: the choice is matched with the groups
    the page offers, not looked up."""
    code = running_group.code if posted == "running group's" else posted
    response = client_for(coordinator).post(
        f"/kontaktpunkt/{contact_point.slug}/godkjenning/", {"group": code}
    )
    assert response.status_code == 302
    assert said(response) == ["Den gruppa venter ikke lenger på godkjenning."]


def test_the_list_of_passkeys_opens(
    participant: User, client_for: Callable[[User | None], Client]
) -> None:
    """allauth's template loads `humanize`, which was not installed: a TemplateSyntaxError."""
    assert client_for(participant).get("/konto/2fa/webauthn/").status_code == 200


def test_a_passkey_answer_with_a_number_too_long_to_read_gets_a_message(
    participant: User, client_for: Callable[[User | None], Client]
) -> None:
    """Django's JSONField reads such a number with int(), which refuses more than 4300 digits
    with a ValueError, and not the JSONDecodeError the field expects."""
    client = _signed_in_again(client_for(participant))
    response = client.post("/konto/2fa/webauthn/add/", {"credential": "9" * 5000, "name": "Ny"})
    assert response.status_code == 200
    assert response.context["form"].errors["credential"]
