"""Links name no theme: a pool is reached by a random code, and no link in an email or a
calendar file carries a theme's name or address name, in any of our languages.

An email's links end up in inboxes, browser histories and proxy logs; "depresjon" in one of
them says what the person who clicked it lives with.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import unquote

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.contactpoints.services import staff_invite
from selvhjelp.groups.models import Group, Theme
from selvhjelp.groups.services.creation import group_create
from selvhjelp.groups.services.listing import listing_request
from selvhjelp.groups.services.membership import member_invite
from selvhjelp.interest.models import Pool
from selvhjelp.interest.services import (
    group_interest_add,
    group_open_seats,
    interest_expiry_notices,
)
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import feed_for, meeting_cancel, reminders_send
from selvhjelp.notifications.kinds import KINDS
from selvhjelp.notifications.models import Message
from tests.conftest import (
    applicant_turned_away,
    meet_weekly,
    municipality,
    register_interest,
    theme,
)

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://[^\s\"'<>]+")
LANGUAGES = ("nb", "nn", "en")


def _theme_words() -> set[str]:
    """Every theme's address name and its parts, and its names in bokmål, nynorsk and English,
    whole (as an address name) and word by word (words of four letters or more)."""
    words: set[str] = set()
    for each in Theme.objects.all():
        words.add(each.slug.lower())
        words.update(part for part in each.slug.lower().split("-") if len(part) >= 4)
        for name in (each.name_nb, each.name_nn, each.name_en):
            if not name:
                continue
            words.add(slugify(name))
            words.update(word for word in re.split(r"\W+", name.lower()) if len(word) >= 4)
    return words


def _themes_in(url: str, words: set[str]) -> set[str]:
    text = unquote(html.unescape(url)).lower()
    tokens = set(re.split(r"[^0-9a-zæøå]+", text))
    # Whole words anywhere; long ones also inside other words ("sorg-0301", "xdepresjonx").
    return (tokens & words) | {word for word in words if len(word) >= 6 and word in text}


def _links(message: Message) -> list[str]:
    return URL.findall(message.body_text) + URL.findall(html.unescape(message.body_html))


def test_the_check_finds_a_theme_in_the_old_pool_address() -> None:
    words = _theme_words()
    old = "http://127.0.0.1:8000/kontaktpunkt/link-oslo/interesse/depresjon/0301/"
    assert _themes_in(old, words) == {"depresjon"}
    assert _themes_in("https://x.no/s?q=Sorg%20og%20tap", words) >= {"sorg"}
    assert _themes_in("https://x.no/grupper/ab3k9xq2/inne/", words) == set()


# --- Pools by code ------------------------------------------------------------------------


def test_a_pool_opens_by_its_code_and_the_address_with_the_theme_answers_404(
    make_user: Callable[..., User],
    coordinator: User,
    contact_point: ContactPoint,
    client_for: Callable[[User], Client],
) -> None:
    person = make_user("Mari")
    register_interest(person, themes=("depresjon",))
    pool = Pool.objects.get()
    client = client_for(coordinator)
    opened = client.get(f"/kontaktpunkt/{contact_point.slug}/interesse/{pool.code}/")
    assert opened.status_code == 200
    assert person.email in opened.content.decode()
    old = client.get(f"/kontaktpunkt/{contact_point.slug}/interesse/depresjon/0301/")
    assert old.status_code == 404


def test_the_pools_page_links_each_pool_by_its_code(
    make_user: Callable[..., User],
    coordinator: User,
    contact_point: ContactPoint,
    client_for: Callable[[User], Client],
) -> None:
    register_interest(make_user(), themes=("depresjon", "angst"))
    page = client_for(coordinator).get(f"/kontaktpunkt/{contact_point.slug}/interesse/")
    links = set(re.findall(r'href="(/kontaktpunkt/[^"]+/interesse/[^"]+)"', page.content.decode()))
    assert links == {
        f"/kontaktpunkt/{contact_point.slug}/interesse/{code}/"
        for code in Pool.objects.values_list("code", flat=True)
    }
    words = _theme_words()
    assert all(not _themes_in(link, words) for link in links)


def test_pools_have_codes_of_their_own(make_user: Callable[..., User], contact_point) -> None:
    register_interest(make_user(), themes=("depresjon", "angst", "sorg"))
    codes = list(Pool.objects.values_list("code", flat=True))
    assert len(set(codes)) == 3
    assert all(len(code) == 8 for code in codes)


def test_a_pools_code_opens_nothing_at_another_contact_point(
    make_user: Callable[..., User],
    make_staff: Callable[..., User],
    contact_point: ContactPoint,
    other_contact_point: ContactPoint,
    client_for: Callable[[User], Client],
) -> None:
    from tests.conftest import with_mfa

    register_interest(make_user(), themes=("depresjon",))
    pool = Pool.objects.get()
    # A coordinator of Tromsø has a pools page of their own, but not Oslo's pool under it.
    tromso = with_mfa(make_staff("Sara", other_contact_point, "coordinator"))
    client = client_for(tromso)
    assert client.get(f"/kontaktpunkt/{other_contact_point.slug}/interesse/").status_code == 200
    path = f"/kontaktpunkt/{other_contact_point.slug}/interesse/{pool.code}/"
    assert client.get(path).status_code == 404


# --- Every message kind -------------------------------------------------------------------


def _every_kind_of_message(
    *,
    make_user: Callable[..., User],
    coordinator: User,
    contact_point: ContactPoint,
    running_group: Group,
    member: User,
) -> None:
    """Make the platform send one of each kind, the way it does, to people of each language."""
    people = [make_user(f"P{n}", language=LANGUAGES[n % 3]) for n in range(6)]
    coordinator.language = "nn"
    coordinator.save(update_fields=["language"])

    # account: a password reset link.
    Client().post("/konto/password/reset/", {"email": people[0].email})
    # staff_invitation.
    staff_invite(
        contact_point=contact_point,
        email="ny.ansatt@example.org",
        role="initiator",
        invited_by=coordinator,
    )
    # staff_notice: a depression pool reaches the threshold (five people).
    for person in people[:5]:
        register_interest(person, themes=("depresjon",))
    # interest_match: a depression group opens seats.
    open_group = group_create(
        creator=coordinator,
        title="Tirsdagsgruppa",
        themes=[theme("depresjon")],
        municipality=municipality("0301"),
        kind="shared",
        format="physical",
        contact_point=contact_point,
    )
    group_open_seats(group=open_group, seats=2)
    # group_invitation.
    member_invite(group=open_group, user=people[5])
    # listing_request: a self-started group asks the area's coordinators to list it.
    own = group_create(
        creator=people[5],
        title="Egen gruppe",
        themes=[theme("depresjon")],
        municipality=municipality("0301"),
        kind="shared",
        format="physical",
    )
    listing_request(group=own)
    # group_news and meeting_reminder: the running group meets; one meeting is cancelled.
    running_group.themes.set([theme("depresjon"), theme("angst")])
    start = timezone.localdate() + timedelta(days=7)
    meet_weekly(running_group, start_date=start)
    first, second = Meeting.objects.filter(series__group=running_group).order_by("starts_at")[:2]
    meeting_cancel(meeting=second, by=member, message="")
    with time_machine.travel(first.starts_at - timedelta(days=1), tick=False):
        reminders_send()
    # join_wish: someone asks to join the running group, whose members decide.
    group_interest_add(
        user=make_user("Vil bli med", language="nn"), group=running_group, consent=True
    )
    # join_answer: an applicant the group does not admit.
    applicant_turned_away(
        running_group, proposer=member, applicant=make_user("Søker", language="en")
    )
    # interest_expiry: a month before the interest runs out.
    with time_machine.travel(timezone.now() + timedelta(days=340)):
        interest_expiry_notices()


def test_no_link_in_any_message_names_a_theme(
    make_user: Callable[..., User],
    coordinator: User,
    contact_point: ContactPoint,
    running_group: Group,
    member: User,
) -> None:
    _every_kind_of_message(
        make_user=make_user,
        coordinator=coordinator,
        contact_point=contact_point,
        running_group=running_group,
        member=member,
    )
    messages = list(Message.objects.all())
    # Every kind was made here, so a new kind fails this test until it is added above.
    assert {message.kind for message in messages} == set(KINDS)
    assert {message.language for message in messages} == set(LANGUAGES)
    words = _theme_words()
    links = [(message.kind, link) for message in messages for link in _links(message)]
    assert {kind for kind, _ in links} == set(KINDS)
    assert [(kind, link) for kind, link in links if _themes_in(link, words)] == []
    notice = Message.objects.filter(kind="staff_notice").first()
    assert notice is not None
    assert f"/interesse/{Pool.objects.get(theme__slug='depresjon').code}/" in notice.body_text


def test_no_link_in_a_calendar_file_names_a_theme(
    running_group: Group, member: User, client_for: Callable[[User], Client]
) -> None:
    running_group.themes.set([theme("depresjon")])
    start = timezone.localdate() + timedelta(days=7)
    meet_weekly(running_group, start_date=start)
    meeting = Meeting.objects.filter(series__group=running_group).earliest("starts_at")
    client = client_for(member)
    feed = client.get(f"/kalender/{feed_for(member).token}.ics").content.decode()
    single = client.get(
        f"/grupper/{running_group.code}/inne/moter/{meeting.code}.ics"
    ).content.decode()
    words = _theme_words()
    for calendar in (feed, single):
        assert "BEGIN:VEVENT" in calendar
        unfolded = calendar.replace("\r\n ", "")
        lines = [line for line in unfolded.splitlines() if line.startswith(("URL", "UID"))]
        assert lines
        assert [line for line in lines if _themes_in(line, words)] == []
