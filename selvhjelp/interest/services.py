"""Registering interest, the pools it forms, and telling people when a group fits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from selvhjelp.accounts.consent import GROUP_INTEREST, ConsentText
from selvhjelp.accounts.models import ConsentPurpose, User
from selvhjelp.accounts.services import consent_give, consent_is_given, consent_withdraw
from selvhjelp.audit.models import AuditAction
from selvhjelp.audit.services import audit_record
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffRole
from selvhjelp.groups.links import group_link
from selvhjelp.groups.models import (
    Group,
    GroupFormat,
    GroupInterest,
    Membership,
    MembershipState,
    Openness,
    Theme,
)
from selvhjelp.groups.selectors import is_member, member_users
from selvhjelp.groups.services import NotAllowed
from selvhjelp.interest.models import Interest, InterestTally, Pool, Reach
from selvhjelp.lib.pagecache import public_pages_changed
from selvhjelp.notifications.kinds import INTEREST_EXPIRY, INTEREST_MATCH, JOIN_WISH, POOL_READY
from selvhjelp.notifications.services import Notice, notify, notify_many
from selvhjelp.places.models import County, Municipality

KEEP_FOR = timedelta(days=365)
NOTICE_BEFORE = timedelta(days=30)
PURPOSE = ConsentPurpose.INTEREST


class ConsentMissing(Exception):
    """Interest is health data: it is stored only after explicit consent."""


def _require_consent(user: User, consent: bool, text: ConsentText | None = None) -> None:
    if consent:
        consent_give(user=user, purpose=PURPOSE, text=text)
    elif not consent_is_given(user=user, purpose=PURPOSE):
        raise ConsentMissing


def interest_save(
    *,
    user: User,
    themes: Iterable[Theme],
    municipality: Municipality,
    reach: str,
    digital_ok: bool,
    weekdays: list[int],
    times_of_day: list[str],
    consent: bool,
) -> Interest:
    """Register or change a person's interest, and tell coordinators when a pool fills up."""
    themes = list(themes)
    now = timezone.now()
    with transaction.atomic():
        _require_consent(user, consent)
        contact_point = ContactPoint.objects.covering(municipality).order_by("pk").first()
        previous = Interest.objects.filter(user=user).first()
        old_pools = _pools_of(previous) if previous else set()
        interest, created = Interest.objects.update_or_create(
            user=user,
            defaults={
                "municipality": municipality,
                "reach": reach,
                "digital_ok": digital_ok,
                "weekdays": sorted(set(weekdays)),
                "times_of_day": sorted(set(times_of_day)),
                "contact_point": contact_point,
                "confirmed_at": now,
                "expires_at": now + KEEP_FOR,
                "expiry_notice_sent_at": None,
            },
        )
        interest.themes.set(themes)
        if created:
            _tally(interest, themes=themes, people=1, month=now)
        for pool_key in old_pools | _pools_of(interest):
            _pool_check(*pool_key)
    return interest


def _month(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _tally_add(*, month: date, key: dict[str, object], people: int = 0, pools: int = 0) -> None:
    """Add to the anonymous counts for statistics (`InterestTally`); they outlive the interest."""
    updated = InterestTally.objects.filter(month=month, **key).update(
        people=F("people") + people, pools_reached=F("pools_reached") + pools
    )
    if not updated:
        InterestTally.objects.create(month=month, people=people, pools_reached=pools, **key)


def _tally(interest: Interest, *, themes: list[Theme], people: int, month: datetime) -> None:
    """A new registration counts once in its municipality and once for each theme it names."""
    key: dict[str, object] = {
        "contact_point_id": interest.contact_point_id,
        "municipality_id": interest.municipality_id,
    }
    _tally_add(month=_month(month), people=people, key={**key, "theme": None})
    for theme in themes:
        _tally_add(month=_month(month), people=people, key={**key, "theme": theme})


def _tally_pool(pool: Pool) -> None:
    _tally_add(
        month=_month(timezone.now()),
        pools=1,
        key={
            "contact_point_id": pool.contact_point_id,
            "municipality_id": pool.municipality_id,
            "theme_id": pool.theme_id,
        },
    )


def _pools_of(interest: Interest) -> set[tuple[int, int, int]]:
    """The pools the interest counts in: its own municipality's for each theme, and, when the
    person can travel in the whole county, every pool of that theme in the county."""
    if interest.contact_point_id is None:
        return set()
    themes = list(interest.themes.values_list("id", flat=True))
    keys = {(interest.contact_point_id, theme_id, interest.municipality_id) for theme_id in themes}
    if interest.reach == Reach.COUNTY:
        keys |= set(
            Pool.objects.filter(
                contact_point_id=interest.contact_point_id,
                theme_id__in=themes,
                municipality__county_id=interest.municipality.county_id,
            ).values_list("contact_point_id", "theme_id", "municipality_id")
        )
    return keys


def in_pool(municipality: Municipality) -> Q:
    """Who counts in a municipality's pool: the people who live there, and the people anywhere
    in its county who can travel in the whole county (so two in Tromsø and Harstad meet)."""
    return Q(municipality_id=municipality.pk) | Q(
        reach=Reach.COUNTY, municipality__county_id=municipality.county_id
    )


def pool_count(contact_point_id: int, theme_id: int, municipality_id: int) -> int:
    municipality = Municipality.objects.get(pk=municipality_id)
    return (
        Interest.objects.filter(contact_point_id=contact_point_id, themes=theme_id)
        .filter(in_pool(municipality))
        .distinct()
        .count()
    )


def _pool_check(contact_point_id: int, theme_id: int, municipality_id: int) -> None:
    """Tell the coordinators once each time a pool reaches the threshold.

    The pool row is locked, so the last registrations arriving at the same moment cannot both
    see the crossing (on SQLite, immediate transactions already run one writer at a time).
    """
    Pool.objects.get_or_create(
        contact_point_id=contact_point_id, theme_id=theme_id, municipality_id=municipality_id
    )
    pool = (
        Pool.objects.select_for_update()
        .select_related("contact_point")
        .get(contact_point_id=contact_point_id, theme_id=theme_id, municipality_id=municipality_id)
    )
    count = pool_count(contact_point_id, theme_id, municipality_id)
    reached = count >= pool.contact_point.interest_threshold
    if reached == pool.at_threshold:
        return
    pool.at_threshold = reached
    if reached:
        pool.crossings += 1
        pool.reached_at = timezone.now()
        _tally_pool(pool)
    pool.save(update_fields=["at_threshold", "crossings", "reached_at"])
    if not reached:
        return
    # The link names the pool by its code: an inbox or a proxy's log must not read the theme.
    url = settings.SITE_URL + reverse(
        "interest:pool", kwargs={"slug": pool.contact_point.slug, "code": pool.code}
    )
    coordinators = Staff.objects.filter(
        contact_point_id=contact_point_id, role=StaffRole.COORDINATOR
    ).select_related("user")
    notify_many(
        kind=POOL_READY.name,
        notices=[
            Notice(
                recipient=staff.user,
                dedupe_key=f"pool:{pool.pk}:crossing:{pool.crossings}:{staff.user_id}",
                context={"count": count, "pool_url": url},
            )
            for staff in coordinators
        ],
    )


def interest_withdraw(*, user: User) -> None:
    """Delete the person's interest and withdraw the consent that allowed it."""
    with transaction.atomic():
        interest = Interest.objects.filter(user=user).first()
        pools = _pools_of(interest) if interest else set()
        Interest.objects.filter(user=user).delete()
        GroupInterest.objects.filter(user=user).delete()
        consent_withdraw(user=user, purpose=PURPOSE)
        for pool_key in pools:
            _pool_check(*pool_key)


def group_interest_add(*, user: User, group: Group, consent: bool) -> GroupInterest:
    """A person's wish to join one group, with room now or when it has room. A group that
    governs itself decides on admitting them, so its members are told (once per wish). A
    consent given here is to the group page's own wording (GROUP_INTEREST)."""
    if is_member(group, user):
        raise NotAllowed
    with transaction.atomic():
        _require_consent(user, consent, GROUP_INTEREST)
        interest, created = GroupInterest.objects.get_or_create(user=user, group=group)
        if created and group.is_self_governed:
            # The private link: a forwarded email must not name the group or its theme.
            url = group_link(group)
            notify_many(
                kind=JOIN_WISH.name,
                notices=[
                    Notice(
                        recipient=member,
                        dedupe_key=f"join-wish:{interest.pk}:{member.pk}",
                        context={"group_url": url},
                    )
                    for member in member_users(group)
                ],
            )
    return interest


# --- Pools, for staff ---------------------------------------------------------------------


@dataclass(frozen=True)
class PoolRow:
    theme: Theme
    municipality: Municipality
    count: int
    threshold: int
    # The pool's code for its address; None only if its row is missing.
    code: str | None

    @property
    def ready(self) -> bool:
        return self.count >= self.threshold


def _theme_counts(contact_point: ContactPoint) -> dict[tuple[int, int], tuple[int, int, str]]:
    """How many people at the contact point chose each theme, per municipality they live in,
    how many of them can travel in the whole county, and the pool's code."""
    through = Interest.themes.through
    code = Pool.objects.filter(
        contact_point=contact_point,
        theme_id=OuterRef("theme_id"),
        municipality_id=OuterRef("interest__municipality_id"),
    ).values("code")[:1]
    rows = (
        through.objects.filter(interest__contact_point=contact_point)
        .values("theme_id", "interest__municipality_id")
        .annotate(
            code=Subquery(code),
            count=Count("interest_id", distinct=True),
            wide=Count("interest_id", filter=Q(interest__reach=Reach.COUNTY), distinct=True),
        )
    )
    return {
        (row["theme_id"], row["interest__municipality_id"]): (
            row["count"],
            row["wide"],
            row["code"],
        )
        for row in rows
    }


@dataclass(frozen=True)
class CountyRow:
    theme: Theme
    county: County
    # Everyone at the contact point in the county who chose the theme, and of them those who
    # can travel in the whole county.
    count: int
    county_wide: int


def pools_for(contact_point: ContactPoint) -> list[PoolRow]:
    """The pools per theme and municipality (`pools_overview`)."""
    return pools_overview(contact_point)[0]


def pools_overview(contact_point: ContactPoint) -> tuple[list[PoolRow], list[CountyRow]]:
    """The pools per theme and municipality, and the same interest per theme and county, in a
    fixed number of queries. A municipality's pool counts the people who live there and those
    elsewhere in its county who can travel in the whole county."""
    counts = _theme_counts(contact_point)
    places = Municipality.objects.select_related("county").in_bulk({p for _t, p in counts})
    themes = Theme.objects.in_bulk({theme for theme, _place in counts})
    by_county: dict[tuple[int, int], list[int]] = {}
    for (theme_id, place_id), (count, wide, _code) in counts.items():
        total = by_county.setdefault((theme_id, places[place_id].county_id), [0, 0])
        total[0] += count
        total[1] += wide
    pools = []
    for (theme_id, place_id), (count, wide, code) in counts.items():
        # Those elsewhere in the county who can travel here; the ones living here are counted.
        travelling = by_county[(theme_id, places[place_id].county_id)][1] - wide
        pools.append(
            PoolRow(
                theme=themes[theme_id],
                municipality=places[place_id],
                count=count + travelling,
                threshold=contact_point.interest_threshold,
                code=code,
            )
        )
    counties = {place.county_id: place.county for place in places.values()}
    county_rows = [
        CountyRow(theme=themes[theme_id], county=counties[county_id], count=count, county_wide=wide)
        for (theme_id, county_id), (count, wide) in by_county.items()
    ]
    return (
        sorted(pools, key=lambda row: (-row.count, row.theme.name, row.municipality.name)),
        sorted(county_rows, key=lambda row: (-row.count, row.theme.name, row.county.name)),
    )


def pool_people(*, pool: Pool, viewer: User) -> list[Interest]:
    """The people in a pool, for staff; opening them is written to the audit log."""
    people = list(
        Interest.objects.filter(contact_point_id=pool.contact_point_id, themes=pool.theme_id)
        .filter(in_pool(pool.municipality))
        .distinct()
        .select_related("user", "municipality")
        .order_by("confirmed_at")
    )
    audit_record(
        actor=viewer,
        action=AuditAction.VIEW_INTEREST,
        target=pool,
        subjects=[interest.user for interest in people],
        contact_point=pool.contact_point,
    )
    return people


# --- Telling people -----------------------------------------------------------------------


def _matching_people(group: Group) -> Q:
    area = Q(interest__municipality_id=group.municipality_id) | Q(
        interest__reach=Reach.COUNTY,
        interest__municipality__county_id=group.municipality.county_id,
    )
    if group.format in (GroupFormat.VIDEO, GroupFormat.PHONE):
        area |= Q(interest__digital_ok=True)
    by_theme = Q(interest__themes__in=group.themes.all()) & area
    # The group's own members and the people it has invited are not told about it.
    inside = Membership.objects.filter(
        group=group, state__in=(MembershipState.MEMBER, MembershipState.INVITED)
    ).values("user_id")
    return (by_theme | Q(group_interests__group=group)) & ~Q(pk__in=inside)


ROOM_LINK_SALT = "selvhjelp.interest.room_link"
ROOM_LINK_DAYS = 60


def room_link(*, group: Group, person: User) -> str:
    """The address in "a group may have room for you": signed for one person, so a forwarded
    email names no group and no theme; it leads that person, signed in, to the group's page."""
    key = signing.dumps([group.pk, person.pk], salt=ROOM_LINK_SALT, compress=True)
    return settings.SITE_URL + reverse("interest:room_link", kwargs={"key": key})


def room_link_group(*, key: str, person: User) -> Group | None:
    """The group a room link leads to, if it was made for this person and is recent."""
    try:
        group_pk, person_pk = signing.loads(
            key, salt=ROOM_LINK_SALT, max_age=timedelta(days=ROOM_LINK_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if person_pk != person.pk:
        return None
    return Group.objects.listed().filter(pk=group_pk).first()


def group_open_seats(*, group: Group, seats: int) -> Group:
    """Open a number of seats (after a joint decision) and tell matching interested people once."""
    with transaction.atomic():
        group.openness = Openness.OPEN
        group.free_seats = seats
        group.save(update_fields=["openness", "free_seats"])
        public_pages_changed()
        notify_many(
            kind=INTEREST_MATCH.name,
            notices=[
                Notice(
                    recipient=person,
                    dedupe_key=f"seats:{group.code}:{person.pk}",
                    context={"group_url": room_link(group=group, person=person)},
                )
                for person in User.objects.filter(_matching_people(group)).distinct()
            ],
        )
    return group


# --- Retention ----------------------------------------------------------------------------


def interest_expiry_notices() -> int:
    """Tell people 30 days before their interest expires (once per expiry date)."""
    now = timezone.now()
    due = Interest.objects.filter(
        expires_at__lte=now + NOTICE_BEFORE, expires_at__gt=now, expiry_notice_sent_at__isnull=True
    ).select_related("user")
    sent = 0
    for interest in due:
        with transaction.atomic():
            claimed = Interest.objects.filter(
                pk=interest.pk, expiry_notice_sent_at__isnull=True
            ).update(expiry_notice_sent_at=now)
            if not claimed:
                continue
            notify(
                recipient=interest.user,
                kind=INTEREST_EXPIRY.name,
                dedupe_key=f"interest-expiry:{interest.pk}:{interest.expires_at:%Y-%m-%d}",
                context={
                    "expires": interest.expires_at.date().isoformat(),
                    "interest_url": settings.SITE_URL + reverse("interest:mine"),
                },
            )
            sent += 1
    return sent


def interest_expire() -> int:
    """Delete interest that was not confirmed for 12 months."""
    expired = list(
        Interest.objects.filter(expires_at__lte=timezone.now()).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=expired):
        interest_withdraw(user=user)
    return len(expired)
