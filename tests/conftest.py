"""The cast every test draws on, and the factories that make them."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date, time, timedelta
from pathlib import Path

import hypothesis
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.test import Client, override_settings
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, ContactPointKind, Staff, StaffRole
from selvhjelp.groups.models import Group, GroupFormat, GroupKind, GroupState, Membership, Theme
from selvhjelp.groups.services.creation import group_create
from selvhjelp.groups.services.frames import agreement_update, declaration_sign, group_frames_ensure
from selvhjelp.groups.services.handover import group_hand_over, group_mark
from selvhjelp.groups.services.membership import member_invite, membership_admit
from selvhjelp.groups.services.search import group_reindex
from selvhjelp.interest.models import Interest
from selvhjelp.interest.services import interest_save
from selvhjelp.lib.totp import totp_activate
from selvhjelp.meetings.models import Meeting, MeetingSeries, Premises
from selvhjelp.meetings.services import meeting_move, series_set
from selvhjelp.notifications.models import Message
from selvhjelp.notifications.services import outbox_queue
from selvhjelp.places.models import Municipality
from selvhjelp.statistics.models import GroupRecord

PASSWORD = "a calm and long passphrase"

# Properties, not timings: on a machine shared with other work an example may take long, and
# hypothesis's default deadline would fail it for that alone (speed is shown by benchmarks).
hypothesis.settings.register_profile("selvhjelp", deadline=None)
hypothesis.settings.load_profile("selvhjelp")
_numbers = itertools.count(1)


@pytest.fixture(autouse=True, scope="session")
def _test_settings() -> Iterator[None]:
    from django.conf import settings

    # Tests read static files from the source folders; `serve` collects them with hashes.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # One process runs the tests and the live server, so a memory cache is shared by both.
    caches = {
        name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
        for name in ("default", "pages")
    }
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    hashers = ["tests.hashers.QuickArgon2PasswordHasher", *settings.PASSWORD_HASHERS]
    # Factories change rows behind the services' backs, so kept pages would go stale: the
    # page cache is tested on its own (tests/pages/test_page_cache.py).
    with override_settings(
        STORAGES=storages, CACHES=caches, PASSWORD_HASHERS=hashers, SELVHJELP_PAGE_CACHE=False
    ):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate limits live in the cache; one test's failed logins must not block another's.
    # What each process keeps of the cache in its own memory goes with it.
    from django.core.cache import caches

    from selvhjelp.lib import pagecache
    from selvhjelp.opendata.http import rate_counter

    def clear() -> None:
        for cache in caches.all():
            cache.clear()
        for local in (pagecache.local_pages, pagecache.local_data, pagecache.local_self_validating):
            local.clear()
        rate_counter.clear()

    clear()
    yield
    clear()


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Tests that commit (transaction=True) find the tables flushed after the previous one;
    bring back the reference data that migrations load (places and default themes)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from selvhjelp.groups.defaults import themes_load
    from selvhjelp.places.loading import BUNDLED, load_places, read_rows
    from selvhjelp.places.models import County

    if not County.objects.exists():
        load_places(read_rows(BUNDLED), county_model=County, municipality_model=Municipality)
    if not Theme.objects.exists():
        themes_load(Theme)


@pytest.fixture
def deliver(settings) -> Callable[[], list]:
    """Run the worker's delivery until the outbox is empty; returns Django's test mailbox."""
    from django.core import mail

    from selvhjelp.notifications.services import outbox_deliver

    settings.SELVHJELP_EMAIL_KEEP = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def run() -> list:
        while outbox_deliver():
            pass
        return mail.outbox

    return run


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(
        display_name: str = "Deltaker",
        *,
        email: str | None = None,
        language: str = "nb",
        verified: bool = True,
        password: str = PASSWORD,
    ) -> User:
        email = email or f"person{next(_numbers)}@example.org"
        user = User.objects.create_user(
            email, password, display_name=display_name, language=language
        )
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return make


@pytest.fixture
def make_contact_point(db: None) -> Callable[..., ContactPoint]:
    def make(name: str = "LINK Testby", **fields: object) -> ContactPoint:
        number = next(_numbers)
        fields.setdefault("slug", f"kontaktpunkt-{number}")
        fields.setdefault("kind", ContactPointKind.LINK_CENTRE)
        return ContactPoint.objects.create(name=name, **fields)

    return make


@pytest.fixture
def make_group(db: None) -> Callable[..., Group]:
    def make(
        title: str = "Samtalegruppe",
        *,
        themes: tuple[str, ...] = ("sorg",),
        municipality: str = "0301",
        contact_point: ContactPoint | None = None,
        **fields: object,
    ) -> Group:
        fields.setdefault("kind", GroupKind.SHARED)
        fields.setdefault("format", GroupFormat.PHYSICAL)
        fields.setdefault("listed", True)
        group = Group.objects.create(
            title=title,
            municipality=Municipality.objects.get(code=municipality),
            contact_point=contact_point,
            **fields,
        )
        group.themes.set(Theme.objects.filter(slug__in=themes))
        group_reindex(group)
        group_frames_ensure(group=group)
        return group

    return make


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug)


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def with_mfa(user: User) -> User:
    """Give the person a code app, as staff pages require."""
    from allauth.mfa.utils import is_mfa_enabled

    if not is_mfa_enabled(user):
        totp_activate(user)
    return user


def admit(group: Group, user: User, *, signed: bool = True) -> Membership:
    """Make the person a member, as accepting an invitation does, and sign the declaration. A
    group that governs itself invites only by a joint decision, so the invitation says so."""
    if group.is_self_governed:
        member_invite(group=group, user=user, by_decision=True)
    membership = membership_admit(group=group, user=user)
    if signed:
        declaration_sign(group=group, user=user)
    return membership


def sorg_group(creator: User, *, title: str, contact_point: ContactPoint | None = None) -> Group:
    """A new grief group in Oslo, created as its creator would: for the contact point by its
    staff, or self-started when no contact point is given."""
    return group_create(
        creator=creator,
        title=title,
        themes=[theme("sorg")],
        municipality=municipality("0301"),
        kind="shared",
        format="physical",
        contact_point=contact_point,
    )


def register_interest(
    person: User, themes: Iterable[str] = ("sorg",), place: str = "0301", **choices: object
) -> Interest:
    """Register the person's interest, with consent, as the interest form does."""
    return interest_save(
        user=person,
        themes=[theme(slug) for slug in themes],
        municipality=municipality(place),
        reach=str(choices.get("reach", "municipality")),
        digital_ok=bool(choices.get("digital_ok", False)),
        weekdays=[],
        times_of_day=[],
        consent=True,
    )


def open_pool(contact_point: ContactPoint, viewer: User, *, slug: str = "sorg") -> list[Interest]:
    """Staff open the Oslo pool of a theme at their contact point, as the pool page does."""
    from selvhjelp.interest.models import Pool
    from selvhjelp.interest.services import pool_people

    pool = Pool.objects.get(
        contact_point=contact_point, theme=theme(slug), municipality=municipality("0301")
    )
    return pool_people(pool=pool, viewer=viewer)


def applicant_turned_away(group: Group, *, proposer: User, applicant: User) -> None:
    """The applicant asks to join; the proposer says no, and the proposal closes at its deadline."""
    from selvhjelp.decisions.services import proposal_create, proposals_close_due, vote_cast
    from selvhjelp.groups.models import GroupInterest

    GroupInterest.objects.create(group=group, user=applicant)
    proposal = proposal_create(
        group=group, by=proposer, kind="admit", text="", payload={"applicant": applicant.pk}
    )
    vote_cast(proposal=proposal, voter=proposer, yes=False)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        proposals_close_due()


def queue_to(address: str, *, key: str, kind: str = "account") -> Message:
    """Queue a plain message to an address, as one waiting in the outbox before any account."""
    message = outbox_queue(
        kind=kind, dedupe_key=key, to_email=address, language="nb", subject="s", body_text="b"
    )
    assert message is not None
    return message


def queue_many(count: int, *, key: str) -> list[str]:
    """Queue `count` ready messages to different addresses, as the outbox holds them; returns
    the addresses."""
    now = timezone.now()
    addresses = [f"person{n}@example.org" for n in range(count)]
    Message.objects.bulk_create(
        Message(
            kind="group_news",
            dedupe_key=f"{key}:{n}",
            to_email=address,
            language="nb",
            subject="selvhjelp: Nytt fra gruppa di",
            body_text=f"Melding {n}",
            next_attempt_at=now,
            public_id=uuid.uuid4(),
        )
        for n, address in enumerate(addresses)
    )
    return addresses


def meet_weekly(
    group: Group,
    *,
    start_date: date = date(2027, 3, 1),
    weekday: int = 0,
    start_time: time = time(18),
    place_details: str = "",
    also: tuple[int, ...] = (),
    interval: int = 1,
    premises: Premises | None = None,
    length_minutes: int = 120,
) -> MeetingSeries:
    """Give the group a weekly two-hour video meeting (Mondays at 18:00 from 1 March 2027 by
    default; in the room when premises are given), the way its members would: directly while
    starting, by a decision afterwards. `also` adds weekdays, `interval` makes it every other
    (third, fourth) week."""
    return series_set(
        group=group,
        start_date=start_date,
        start_time=start_time,
        weekdays=[weekday, *also],
        interval=interval,
        length_minutes=length_minutes,
        place_kind="video" if premises is None else "room",
        premises=premises,
        place_details=place_details,
        by_decision=group.is_self_governed,
    )


def ready_for_hand_over(group: Group, people: Iterable[User] = ()) -> None:
    """Admit and sign the people, mark the principles and fill in the agreement: all that
    the hand-over needs."""
    for person in people:
        admit(group, person)
    group_mark(group=group, step="principles")
    agreement_update(
        group=group, changes={"rhythm": "Hver uke", "place": "Biblioteket", "notice": "Dagen før"}
    )


def members_of(group: Group) -> list[User]:
    """The group's members, in the order they joined."""
    return [
        membership.user
        for membership in group.memberships.filter(state="member")
        .order_by("pk")
        .select_related("user")
    ]


# --- The cast ----------------------------------------------------------------------------


@pytest.fixture
def contact_point(make_contact_point: Callable[..., ContactPoint]) -> ContactPoint:
    """LINK Oslo, covering Oslo (0301)."""
    point = make_contact_point("LINK Oslo", email="link@oslo.example.org", phone="22 00 00 00")
    point.municipalities.set([municipality("0301")])
    return point


@pytest.fixture
def other_contact_point(make_contact_point: Callable[..., ContactPoint]) -> ContactPoint:
    """Tromsø frivilligsentral, covering Tromsø (5501)."""
    point = make_contact_point("Tromsø frivilligsentral", kind=ContactPointKind.VOLUNTEER_CENTRE)
    point.municipalities.set([municipality("5501")])
    return point


@pytest.fixture
def participant(make_user: Callable[..., User]) -> User:
    return make_user("Mari")


@pytest.fixture
def outsider(make_user: Callable[..., User]) -> User:
    return make_user("Utenforstående")


@pytest.fixture
def make_staff(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(name: str, contact_point: ContactPoint, role: str) -> User:
        user = make_user(name)
        Staff.objects.create(contact_point=contact_point, user=user, role=role)
        return user

    return make


@pytest.fixture
def initiator(make_staff: Callable[..., User], contact_point: ContactPoint) -> User:
    """Ola, initiator at LINK Oslo, with two-factor sign-in as staff must have."""
    return with_mfa(make_staff("Ola igangsetter", contact_point, StaffRole.INITIATOR))


@pytest.fixture
def coordinator(make_staff: Callable[..., User], contact_point: ContactPoint) -> User:
    """Kari, coordinator at LINK Oslo, with two-factor sign-in."""
    return with_mfa(make_staff("Kari koordinator", contact_point, StaffRole.COORDINATOR))


@pytest.fixture
def other_coordinator(make_staff: Callable[..., User], other_contact_point: ContactPoint) -> User:
    """Sara, coordinator at Tromsø frivilligsentral, with two-factor sign-in."""
    return with_mfa(make_staff("Sara koordinator", other_contact_point, StaffRole.COORDINATOR))


@pytest.fixture
def initiator_without_mfa(make_staff: Callable[..., User], contact_point: ContactPoint) -> User:
    """Nils, a new initiator at LINK Oslo who has not turned on two-factor sign-in yet."""
    return make_staff("Nils igangsetter", contact_point, StaffRole.INITIATOR)


@pytest.fixture
def coordinator_without_mfa(make_staff: Callable[..., User], contact_point: ContactPoint) -> User:
    """Eva, a new coordinator at LINK Oslo who has not turned on two-factor sign-in yet."""
    return make_staff("Eva koordinator", contact_point, StaffRole.COORDINATOR)


# --- Groups, built the way people make them ---------------------------------------------


@pytest.fixture
def member(make_user: Callable[..., User]) -> User:
    """Jonas, a signed member of the running group."""
    return make_user("Jonas")


@pytest.fixture
def other_member(make_user: Callable[..., User]) -> User:
    """Amina, another signed member of the running group."""
    return make_user("Amina")


@pytest.fixture
def starting_group(initiator: User, contact_point: ContactPoint) -> Group:
    """A group the initiator has just created for LINK Oslo: no members yet."""
    return sorg_group(initiator, title="Ny sorggruppe", contact_point=contact_point)


@pytest.fixture
def running_group(
    initiator: User,
    contact_point: ContactPoint,
    member: User,
    other_member: User,
    make_user: Callable[..., User],
) -> Group:
    """Onsdagsgruppa at LINK Oslo, handed over by its initiator: three signed members (member,
    other member and Per), principles marked, agreement filled in."""
    group = sorg_group(initiator, title="Onsdagsgruppa", contact_point=contact_point)
    ready_for_hand_over(group, [member, other_member, make_user("Per")])
    return group_hand_over(group=group)


@pytest.fixture
def add_member() -> Callable[..., Membership]:
    """Admit a person to a group and (unless signed=False) sign its declaration."""
    return admit


@pytest.fixture
def own_group() -> Callable[[User], Group]:
    """A group a participant starts on their own (unlisted, with an invitation link)."""

    def make(starter: User) -> Group:
        return sorg_group(starter, title="Egen")

    return make


@pytest.fixture
def make_record() -> Callable[..., GroupRecord]:
    """A group's statistics record as the refresh job leaves it, for hand-counted figures."""

    def make(
        contact_point: ContactPoint | None,
        *,
        started: date | None,
        themes: tuple[str, ...] = ("sorg",),
        place: str = "0301",
        format: str = "physical",
        **fields: object,
    ) -> GroupRecord:
        fields.setdefault(
            "state", GroupState.ENDED if fields.get("ended_on") else GroupState.RUNNING
        )
        record = GroupRecord.objects.create(
            contact_point=contact_point,
            municipality=municipality(place),
            format=format,
            created_on=started or date(2020, 1, 1),
            started_on=started,
            **fields,
        )
        record.themes.set([theme(slug) for slug in themes])
        return record

    return make


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    """An administrator; the admin needs two-factor sign-in, so they have a code app."""
    user = make_user("Admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return with_mfa(user)


def signed_in(user: User, *, second_factor: bool = True) -> Client:
    """A client signed in as the person, as the login page would leave it: with a password, and
    with the code app too when the person has one (unless `second_factor=False`)."""
    # allauth writes these records at sign-in; its function for it is internal, and pinned with
    # allauth below its next major version (see selvhjelp/lib/totp.py).
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

    client = Client()
    client.force_login(user)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    authenticator = Authenticator.objects.filter(user=user).first()
    if second_factor and authenticator is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    return client


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    """A browser-like client signed in as the given person (or anonymous for None)."""

    def make(user: User | None) -> Client:
        return Client() if user is None else signed_in(user)

    return make


def move_later(meeting: Meeting, by: timedelta) -> Meeting:
    """Move one meeting later by the given time, same place, no message."""
    return meeting_move(
        meeting=meeting,
        starts_at=meeting.starts_at + by,
        premises=None,
        place_details="",
        message="",
    )
