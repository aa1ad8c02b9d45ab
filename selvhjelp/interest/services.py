"""Registering interest, the pools it forms, and telling people when a group fits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from selvhjelp.accounts.models import ConsentPurpose, User
from selvhjelp.accounts.services import consent_give, consent_is_given, consent_withdraw
from selvhjelp.audit.models import AuditAction
from selvhjelp.audit.services import audit_record
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffRole
from selvhjelp.groups.models import Group, GroupFormat, GroupInterest, Openness, Theme
from selvhjelp.interest.models import Interest, InterestTally, Pool, Reach
from selvhjelp.notifications.kinds import INTEREST_EXPIRY, INTEREST_MATCH, POOL_READY
from selvhjelp.notifications.services import notify
from selvhjelp.places.models import Municipality

KEEP_FOR = timedelta(days=365)
NOTICE_BEFORE = timedelta(days=30)
PURPOSE = ConsentPurpose.INTEREST


class ConsentMissing(Exception):
    """Interest is health data: it is stored only after explicit consent."""


def _require_consent(user: User, consent: bool) -> None:
    if consent:
        consent_give(user=user, purpose=PURPOSE)
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
    if interest.contact_point_id is None:
        return set()
    return {
        (interest.contact_point_id, theme_id, interest.municipality_id)
        for theme_id in interest.themes.values_list("id", flat=True)
    }


def pool_count(contact_point_id: int, theme_id: int, municipality_id: int) -> int:
    return Interest.objects.filter(
        contact_point_id=contact_point_id, municipality_id=municipality_id, themes=theme_id
    ).count()


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
    for staff in coordinators:
        notify(
            recipient=staff.user,
            kind=POOL_READY.name,
            dedupe_key=f"pool:{pool.pk}:crossing:{pool.crossings}:{staff.user_id}",
            context={"count": count, "pool_url": url},
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
    with transaction.atomic():
        _require_consent(user, consent)
        interest, _ = GroupInterest.objects.get_or_create(user=user, group=group)
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


def pools_for(contact_point: ContactPoint) -> list[PoolRow]:
    """Counts per theme and municipality, in a fixed number of queries."""
    through = Interest.themes.through
    code = Pool.objects.filter(
        contact_point=contact_point,
        theme_id=OuterRef("theme_id"),
        municipality_id=OuterRef("interest__municipality_id"),
    ).values("code")[:1]
    counts = list(
        through.objects.filter(interest__contact_point=contact_point)
        .values("theme_id", "interest__municipality_id")
        .annotate(count=Count("id"), code=Subquery(code))
        .order_by("-count")
    )
    themes = Theme.objects.in_bulk({row["theme_id"] for row in counts})
    places = Municipality.objects.in_bulk({row["interest__municipality_id"] for row in counts})
    return [
        PoolRow(
            theme=themes[row["theme_id"]],
            municipality=places[row["interest__municipality_id"]],
            count=row["count"],
            threshold=contact_point.interest_threshold,
            code=row["code"],
        )
        for row in counts
    ]


def pool_people(*, pool: Pool, viewer: User) -> list[Interest]:
    """The people in a pool, for staff; opening them is written to the audit log."""
    people = list(
        Interest.objects.filter(
            contact_point_id=pool.contact_point_id,
            municipality_id=pool.municipality_id,
            themes=pool.theme_id,
        )
        .select_related("user")
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
    return by_theme | Q(group_interests__group=group)


def group_open_seats(*, group: Group, seats: int) -> Group:
    """Open a number of seats (after a joint decision) and tell matching interested people once."""
    with transaction.atomic():
        group.openness = Openness.OPEN
        group.free_seats = seats
        group.save(update_fields=["openness", "free_seats"])
        url = settings.SITE_URL + reverse("directory:group", kwargs={"code": group.code})
        for person in User.objects.filter(_matching_people(group)).distinct():
            notify(
                recipient=person,
                kind=INTEREST_MATCH.name,
                dedupe_key=f"seats:{group.code}:{person.pk}",
                context={"group_url": url},
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
