"""Demonstration data for an empty database: two contact points with staff, groups in every
state, and interest pools (one at its threshold)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.db import transaction
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, ContactPointKind, Staff, StaffRole
from selvhjelp.decisions.models import Proposal, ProposalKind
from selvhjelp.decisions.services import proposal_create, proposals_close_due, vote_cast
from selvhjelp.groups.models import (
    Group,
    GroupFormat,
    GroupInterest,
    GroupKind,
    GroupState,
    IntakeOutcome,
    Openness,
    Theme,
)
from selvhjelp.groups.services.frames import (
    agreement_update,
    declaration_sign,
    group_frames_ensure,
)
from selvhjelp.groups.services.handover import follow_up_plan, group_hand_over, group_mark
from selvhjelp.groups.services.membership import intake_record, member_invite, membership_admit
from selvhjelp.groups.services.search import group_reindex
from selvhjelp.interest.models import InterestTally
from selvhjelp.interest.services import interest_save
from selvhjelp.lib.totp import totp_activate
from selvhjelp.meetings.models import Meeting, OwnerKind, PlaceKind, Premises
from selvhjelp.meetings.services import absence_give, meeting_cancel, meeting_move, series_set
from selvhjelp.places.models import Municipality
from selvhjelp.reflection.services import compass_current, reflection_give
from selvhjelp.statistics.models import GroupRecord
from selvhjelp.statistics.services import group_records_refresh

DEMO_PASSWORD = "demo-selvhjelp-2026"  # noqa: S105 - printed on purpose for demo users
DEMO_DOMAIN = "selvhjelp.test"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    display_name: str
    totp_key: str = ""


def _people() -> list[tuple[str, str, str, str]]:
    """(local part, display name, language, what the person is in the demo)."""
    return [
        ("admin", "Admin", "nb", "admin"),
        ("koordinator.oslo", "Kari (koordinator Oslo)", "nb", "coordinator:oslo"),
        ("igangsetter.oslo", "Ola (igangsetter Oslo)", "nb", "initiator:oslo"),
        ("koordinator.tromso", "Sara (koordinator Tromsø)", "nn", "coordinator:tromso"),
        ("igangsetter.tromso", "Ante (igangsetter Tromsø)", "nb", "initiator:tromso"),
        ("deltaker1", "Mari", "nb", "participant"),
        ("deltaker2", "Jonas", "nb", "participant"),
        ("deltaker3", "Amina", "en", "participant"),
        ("deltaker4", "Per", "nn", "participant"),
        ("deltaker5", "Lise", "nb", "participant"),
        ("deltaker6", "Tor", "nb", "participant"),
        ("deltaker7", "Inga", "nb", "participant"),
    ]


# (title, contact point, themes, municipality, format, weekday, time, state, open seats, listed)
GROUPS = [
    (
        "Sorggruppe på Grünerløkka",
        "oslo",
        ("sorg",),
        "0301",
        "physical",
        0,
        "evening",
        GroupState.RUNNING,
        0,
        True,
    ),
    (
        "Pårørendegruppa",
        "oslo",
        ("parorende",),
        "0301",
        "physical",
        2,
        "evening",
        GroupState.RUNNING,
        2,
        True,
    ),
    (
        "Ny gruppe om angst",
        "oslo",
        ("angst",),
        "0301",
        "physical",
        1,
        "daytime",
        GroupState.FORMING,
        0,
        True,
    ),
    (
        "Utbrent? Snakk med andre",
        "oslo",
        ("utbrenthet",),
        "0301",
        "video",
        1,
        "daytime",
        GroupState.STARTING,
        0,
        True,
    ),
    (
        "Samtalegruppe på tvers",
        "oslo",
        ("pa-tvers",),
        "0301",
        "physical",
        3,
        "evening",
        GroupState.PAUSED,
        0,
        True,
    ),
    (
        "Spiseproblemer – nettgruppe",
        "oslo",
        ("spiseproblemer",),
        "0301",
        "video",
        4,
        "evening",
        GroupState.RUNNING,
        0,
        True,
    ),
    (
        "Samlivsbrudd (avsluttet)",
        "oslo",
        ("samlivsbrudd",),
        "0301",
        "physical",
        0,
        "evening",
        GroupState.ENDED,
        0,
        True,
    ),
    (
        "Sorg i nord",
        "tromso",
        ("sorg",),
        "5501",
        "physical",
        3,
        "evening",
        GroupState.RUNNING,
        1,
        True,
    ),
    (
        "Kroniske smerter – telefongruppe",
        "tromso",
        ("smerter-og-sykdom",),
        "5503",
        "phone",
        2,
        "morning",
        GroupState.FORMING,
        0,
        True,
    ),
    (
        "Ensomhet – vi møtes",
        "tromso",
        ("ensomhet",),
        "5501",
        "physical",
        5,
        "daytime",
        GroupState.STARTING,
        0,
        True,
    ),
    (
        "Egen gruppe om traumer",
        None,
        ("traumer",),
        "3201",
        "video",
        None,
        "",
        GroupState.FORMING,
        0,
        False,
    ),
]


def _emails() -> list[str]:
    return [f"{local}@{DEMO_DOMAIN}" for local, *_ in _people()]


def demo_logins() -> list[DemoLogin]:
    users = {u.email: u for u in User.objects.filter(email__in=_emails())}
    keys = {
        a.user_id: decrypt(a.data["secret"])
        for a in Authenticator.objects.filter(user__in=users.values(), type="totp")
    }
    return [
        DemoLogin(
            role=role,
            email=user.email,
            display_name=name,
            totp_key=keys.get(user.pk, ""),
        )
        for local, name, _, role in _people()
        if (user := users.get(f"{local}@{DEMO_DOMAIN}"))
    ]


def demo_logins_text() -> str:
    """The logins and code-app keys as `serve --demo` and `demo` print them ("" without a demo)."""
    logins = demo_logins()
    if not logins:
        return ""
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {login.role:<20} {login.email:<36} {login.display_name}" for login in logins]
    staff = [login for login in logins if login.totp_key]
    if staff:
        lines += [
            "",
            "Staff pages and the admin need two-factor sign-in."
            " Add these keys to a code app (TOTP):",
        ]
        lines += [f"  {login.email:<36} {login.totp_key}" for login in staff]
    return "\n".join(lines) + "\n"


def _contact_points() -> dict[str, ContactPoint]:
    oslo = ContactPoint.objects.create(
        name="LINK Oslo",
        slug="link-oslo",
        kind=ContactPointKind.LINK_CENTRE,
        description="Vi hjelper deg å finne eller starte en selvhjelpsgruppe i Oslo.",
        email="link.oslo@selvhjelp.test",
        phone="22 00 00 00",
        opening_hours="Mandag–fredag 09–15",
    )
    oslo.municipalities.set(Municipality.objects.filter(code="0301"))
    tromso = ContactPoint.objects.create(
        name="Tromsø frivilligsentral",
        slug="tromso-frivilligsentral",
        kind=ContactPointKind.VOLUNTEER_CENTRE,
        description="Frivilligsentralen har lokaler og igangsettere for selvhjelpsgrupper.",
        email="post@tromso-frivillig.selvhjelp.test",
        phone="77 00 00 00",
        opening_hours="Tirsdag og torsdag 10–14",
        interest_threshold=4,
    )
    tromso.municipalities.set(Municipality.objects.filter(code__in=["5501", "5503", "5522"]))
    return {"oslo": oslo, "tromso": tromso}


def _groups(contact_points: dict[str, ContactPoint]) -> None:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    places = {m.code: m for m in Municipality.objects.filter(code__in={g[3] for g in GROUPS})}
    for title, point, slugs, place, fmt, day, part_of_day, state, seats, listed in GROUPS:
        group = Group.objects.create(
            title=title,
            contact_point=contact_points.get(point) if point else None,
            kind=GroupKind.ACROSS if "pa-tvers" in slugs else GroupKind.SHARED,
            municipality=places[place],
            format=GroupFormat(fmt),
            weekday=day,
            time_of_day=part_of_day,
            state=state,
            openness=Openness.OPEN if seats else Openness.CLOSED,
            free_seats=seats,
            listed=listed,
        )
        group.themes.set([themes[slug] for slug in slugs])
        group_reindex(group)
        group_frames_ensure(group=group)


def _interest(people: dict[str, User]) -> None:
    """Five people in Oslo want a group about depression: that pool is at its threshold."""
    depression = Theme.objects.filter(slug="depresjon")
    oslo = Municipality.objects.get(code="0301")
    for local in ("deltaker1", "deltaker2", "deltaker3", "deltaker4", "deltaker5"):
        interest_save(
            user=people[local],
            themes=depression,
            municipality=oslo,
            reach="municipality",
            digital_ok=local in {"deltaker2", "deltaker3"},
            weekdays=[0, 2],
            times_of_day=["evening"],
            consent=True,
        )
    tromso = Municipality.objects.get(code="5501")
    for local in ("deltaker6", "deltaker7"):
        interest_save(
            user=people[local],
            themes=Theme.objects.filter(slug="angst"),
            municipality=tromso,
            reach="county",
            digital_ok=True,
            weekdays=[],
            times_of_day=[],
            consent=True,
        )


def _inside(people: dict[str, User]) -> None:
    """A group starting up with a partly done checklist, and a running one whose members signed."""
    starting = Group.objects.get(title="Utbrent? Snakk med andre")
    starting.initiator = people["igangsetter.oslo"]
    starting.save(update_fields=["initiator"])
    for local in ("deltaker6", "deltaker7"):
        membership_admit(group=starting, user=people[local])
    declaration_sign(group=starting, user=people["deltaker6"])
    group_mark(group=starting, step="principles")
    member_invite(group=starting, user=people["deltaker1"])
    intake_record(
        group=starting,
        user=people["deltaker6"],
        held_on=timezone.localdate(),
        outcome=IntakeOutcome.SUITABLE,
        recorded_by=people["igangsetter.oslo"],
    )

    running = Group.objects.get(title="Sorggruppe på Grünerløkka")
    running.initiator = people["igangsetter.oslo"]
    running.save(update_fields=["initiator"])
    for local in ("deltaker2", "deltaker3", "deltaker4", "deltaker5", "deltaker7"):
        membership_admit(group=running, user=people[local])
        declaration_sign(group=running, user=people[local])
    group_mark(group=running, step="principles")
    group_mark(group=running, step="first_meeting")
    agreement_update(
        group=running,
        changes={
            "rhythm": "Hver mandag de første ukene, deretter annenhver uke",
            "place": "Grünerløkka frivilligsentral, møterom 2 (ringeklokke ved inngangen)",
            "notice": "Si fra i gruppa på nettsiden innen dagen før.",
            "greeting": "Vi hilser hvis den andre hilser først.",
            "refreshments": "Te og vann.",
        },
    )


def _meetings(people: dict[str, User], contact_points: dict[str, ContactPoint]) -> None:
    """Series for the groups that meet, with one cancelled and one moved meeting and notices."""
    oslo_room = Premises.objects.create(
        contact_point=contact_points["oslo"],
        name="Grünerløkka frivilligsentral, rom 2",
        owner_kind=OwnerKind.VOLUNTEER_CENTRE,
        address="Eksempelgata 1, 0550 Oslo",
        capacity=10,
        step_free=True,
        hearing_loop=True,
    )
    Premises.objects.create(
        contact_point=contact_points["tromso"],
        name="Hovedbiblioteket, grupperommet",
        owner_kind=OwnerKind.LIBRARY,
        address="Eksempelveien 2, 9008 Tromsø",
        capacity=8,
        step_free=True,
        accessible_toilet=True,
    )
    today = timezone.localdate()
    running = Group.objects.get(title="Sorggruppe på Grünerløkka")
    series_set(
        group=running,
        start_date=today - timedelta(weeks=6),
        start_time=time(18),
        weekdays=[0],
        interval=1,
        length_minutes=120,
        place_kind=PlaceKind.ROOM,
        premises=oslo_room,
        place_details="Ringeklokke ved inngangen",
    )
    starting = Group.objects.get(title="Utbrent? Snakk med andre")
    series_set(
        group=starting,
        start_date=today,
        start_time=time(12),
        weekdays=[1],
        interval=1,
        length_minutes=120,
        place_kind=PlaceKind.VIDEO,
        premises=None,
        place_details="https://video.selvhjelp.test/utbrent",
    )
    upcoming = list(
        Meeting.objects.filter(series__group=running, starts_at__gt=timezone.now()).order_by(
            "starts_at"
        )
    )
    meeting_cancel(
        meeting=upcoming[1], by=people["deltaker5"], message="Vi tar en pause denne uka."
    )
    moved_to = upcoming[2].starts_at + timedelta(days=1, hours=-1)
    meeting_move(
        meeting=upcoming[2],
        starts_at=moved_to,
        premises=oslo_room,
        place_details="",
        message="Flyttet til tirsdag denne gangen.",
    )
    absence_give(meeting=upcoming[0], user=people["deltaker3"])
    absence_give(meeting=upcoming[2], user=people["deltaker4"])


def _hand_over(people: dict[str, User]) -> None:
    """The running group took over after setting its series; a follow-up visit is planned."""
    running = Group.objects.get(title="Sorggruppe på Grünerløkka")
    group_hand_over(group=running)
    follow_up_plan(group=running, on=timezone.localdate() + timedelta(weeks=6))


def _decisions(people: dict[str, User]) -> None:
    """An open proposal to admit someone, and a few decided ones, in the running group."""
    running = Group.objects.get(title="Sorggruppe på Grünerløkka")
    voters = [
        people[local] for local in ("deltaker2", "deltaker3", "deltaker4", "deltaker5", "deltaker7")
    ]
    walk = proposal_create(
        group=running,
        by=voters[0],
        kind=ProposalKind.QUESTION,
        text="Skal vi ta en tur sammen i stedet for møtet før jul?",
        payload={},
    )
    for person in voters:
        vote_cast(proposal=walk, voter=person, yes=True)
    pause = proposal_create(
        group=running,
        by=voters[1],
        kind=ProposalKind.PAUSE,
        text="Pause i sommerferien",
        payload={},
    )
    vote_cast(proposal=pause, voter=voters[0], yes=True)
    vote_cast(proposal=pause, voter=voters[2], yes=False)
    Proposal.objects.filter(pk=pause.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    proposals_close_due()
    GroupInterest.objects.get_or_create(user=people["deltaker1"], group=running)
    admit = proposal_create(
        group=running,
        by=voters[2],
        kind=ProposalKind.ADMIT,
        text="Mari vil gjerne bli med.",
        payload={"applicant": people["deltaker1"].pk},
    )
    for person in voters[:3]:
        vote_cast(proposal=admit, voter=person, yes=True)


def _reflections(people: dict[str, User]) -> None:
    """Four past meetings of the running group with reflections, closed so the trend shows."""
    from selvhjelp.reflection.services import reflections_close_due

    running = Group.objects.get(title="Sorggruppe på Grünerløkka")
    series = running.series
    words = {w.text_nb: w.pk for w in compass_current(running.contact_point).words.all()}
    voters = [people[local] for local in ("deltaker2", "deltaker3", "deltaker4", "deltaker5")]
    picks = [
        ["giving advice", "analysing", "listening"],
        ["listening", "respect", "giving advice"],
        ["listening", "here and now", "warmth"],
        ["feelings", "I-language", "listening", "trust"],
    ]
    names = {
        "giving advice": "gi råd",
        "analysing": "analysere",
        "listening": "lytte",
        "respect": "respekt",
        "here and now": "her og nå",
        "warmth": "varme",
        "feelings": "følelser",
        "I-language": "jeg-språk",
        "trust": "tillit",
    }
    for weeks_ago, chosen in zip((4, 3, 2, 1), picks, strict=True):
        start = series.meetings.earliest("starts_at").starts_at - timedelta(weeks=weeks_ago)
        meeting = Meeting.objects.create(
            series=series,
            original_start=start,
            starts_at=start,
            ends_at=start + series.length,
        )
        for person in voters[: 3 + (weeks_ago % 2)]:
            # Answered the evening after the meeting, while its reflection was open.
            reflection_give(
                meeting=meeting,
                user=person,
                word_ids=[words[names[word]] for word in chosen if names[word] in words],
                now=meeting.ends_at + timedelta(hours=1),
            )
    # Their time is long up: close them as the periodic job would.
    reflections_close_due()


# Two years of history per contact point for the statistics: (months ago it started, months it
# lasted or None while it still meets, paused, theme, format, members at the start).
HISTORY_THEMES = ("sorg", "angst", "depresjon", "ensomhet", "parorende")


def _history(contact_points: dict[str, ContactPoint]) -> None:
    """Groups of the last two years at both contact points, as their statistics records hold
    them after their personal data is gone, and two years of interest tallies."""
    rng = random.Random(2026)
    today = timezone.localdate()
    themes = {theme.slug: theme for theme in Theme.objects.filter(slug__in=HISTORY_THEMES)}
    for slug, point in contact_points.items():
        places = list(point.municipalities.all())
        rows, records = [], []
        for number in range(14 if slug == "oslo" else 10):
            started = today - timedelta(days=rng.randint(20, 730))
            lasted = rng.choice([None, None, 60, 150, 240, 400])
            ended = started + timedelta(days=lasted) if lasted else None
            if ended and ended >= today:
                ended = None
            paused = ended is None and rng.random() < 0.15
            state = (
                GroupState.ENDED if ended else GroupState.PAUSED if paused else GroupState.RUNNING
            )
            theme = themes[rng.choice(HISTORY_THEMES)]
            place = rng.choice(places)
            fmt = rng.choice([GroupFormat.PHYSICAL, GroupFormat.PHYSICAL, GroupFormat.VIDEO])
            handed = started + timedelta(days=rng.randint(14, 50))
            rows.append(
                Group(
                    title=f"Tidligere gruppe {number + 1}",
                    contact_point=point,
                    kind=GroupKind.SHARED,
                    municipality=place,
                    format=fmt,
                    state=state,
                    listed=False,
                    ended_at=_noon(ended) if ended else None,
                    personal_data_erased_at=_noon(ended + timedelta(days=90))
                    if ended and ended + timedelta(days=90) < today
                    else None,
                )
            )
            members = rng.randint(4, 8)
            meetings = max(3, ((ended or today) - started).days // 10)
            records.append(
                (
                    theme,
                    GroupRecord(
                        contact_point=point,
                        municipality=place,
                        format=fmt,
                        state=state,
                        created_on=started - timedelta(days=rng.randint(20, 60)),
                        pool_reached_on=started - timedelta(days=rng.randint(10, 50)),
                        started_on=started,
                        handed_over_on=handed if handed < today else None,
                        ended_on=ended,
                        paused_since=today - timedelta(days=20) if paused else None,
                        members_at_start=members,
                        members_at_handover=members if handed < today else None,
                        members_at_end=members - 1 if ended else None,
                        meetings_held=meetings,
                        meetings_with_notice=meetings // 3,
                        reflections_answered=meetings * 2,
                        evaluations_answered=rng.randint(0, 12),
                        follow_up_in_window=rng.choice([True, True, True, False, None]),
                    ),
                )
            )
        groups = Group.objects.bulk_create(rows)
        for group, (_, record) in zip(groups, records, strict=True):
            record.group = group
        saved = GroupRecord.objects.bulk_create([record for _, record in records])
        Group.themes.through.objects.bulk_create(
            Group.themes.through(group_id=group.pk, theme_id=theme.pk)
            for group, (theme, _) in zip(groups, records, strict=True)
        )
        GroupRecord.themes.through.objects.bulk_create(
            GroupRecord.themes.through(grouprecord_id=record.pk, theme_id=theme.pk)
            for record, (theme, _) in zip(saved, records, strict=True)
        )
        tallies = []
        for months_ago in range(24):
            month = (today.replace(day=1) - timedelta(days=31 * months_ago)).replace(day=1)
            for place in places:
                people = rng.randint(0, 6)
                tallies.append(
                    InterestTally(
                        contact_point=point, municipality=place, month=month, people=people
                    )
                )
                tallies += [
                    InterestTally(
                        contact_point=point,
                        municipality=place,
                        theme=themes[theme_slug],
                        month=month,
                        people=rng.randint(0, people),
                        pools_reached=int(rng.random() < 0.1),
                    )
                    for theme_slug in HISTORY_THEMES[:3]
                ]
        InterestTally.objects.bulk_create(tallies)


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def demo_load_if_empty() -> bool:
    """Load the demonstration data when nobody has an account yet; True when it was loaded."""
    with transaction.atomic():
        if User.objects.exists():
            return False
        contact_points = _contact_points()
        people: dict[str, User] = {}
        for local, name, language, role in _people():
            email = f"{local}@{DEMO_DOMAIN}"
            create = User.objects.create_superuser if role == "admin" else User.objects.create_user
            user = create(email, DEMO_PASSWORD, display_name=name, language=language)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            if ":" in role:
                kind, place = role.split(":")
                Staff.objects.create(
                    contact_point=contact_points[place], user=user, role=StaffRole(kind)
                )
            if role == "admin" or ":" in role:
                # Staff pages and the admin need two-factor sign-in: the key is printed with the
                # logins.
                totp_activate(user)
            people[local] = user
        _groups(contact_points)
        _interest(people)
        _inside(people)
        _meetings(people, contact_points)
        _hand_over(people)
        _decisions(people)
        _reflections(people)
        _history(contact_points)
        group_records_refresh()
    return True
