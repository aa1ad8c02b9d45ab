"""Pools across municipalities: a county-wide interest counts in every pool of its county, and
coordinators see the pools per county as well as per municipality."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint, StaffRole
from selvhjelp.interest.models import Pool
from selvhjelp.interest.services import interest_withdraw, pool_people, pools_overview
from selvhjelp.notifications.models import Message
from tests.conftest import municipality, register_interest, theme, with_mfa

pytestmark = pytest.mark.django_db

TROMSO, HARSTAD, BODO = "5501", "5503", "1804"


@pytest.fixture
def troms(make_contact_point: Callable[..., ContactPoint]) -> ContactPoint:
    """A contact point for Tromsø and Harstad (both in Troms), and Bodø (Nordland); three
    people make a group."""
    point = make_contact_point("Frivilligsentralen i nord", interest_threshold=3)
    point.municipalities.set([municipality(TROMSO), municipality(HARSTAD), municipality(BODO)])
    return point


@pytest.fixture
def troms_coordinator(make_staff: Callable[..., User], troms: ContactPoint) -> User:
    return with_mfa(make_staff("Tove koordinator", troms, StaffRole.COORDINATOR))


def _counts(point: ContactPoint) -> dict[str, int]:
    return {row.municipality.name: row.count for row in pools_overview(point)[0]}


def test_two_who_can_travel_in_the_county_meet_in_each_others_pools(
    troms: ContactPoint, make_user: Callable[..., User]
) -> None:
    register_interest(make_user("Tromsø-fylke"), place=TROMSO, reach="county")
    register_interest(make_user("Harstad-fylke"), place=HARSTAD, reach="county")
    assert _counts(troms) == {"Tromsø": 2, "Harstad": 2}
    register_interest(make_user("Harstad-lokal"), place=HARSTAD)
    register_interest(make_user("Bodø-fylke"), place=BODO, reach="county")
    # Someone who only goes to meetings in Harstad stays out of Tromsø's pool, and Nordland
    # is another county.
    assert _counts(troms) == {"Tromsø": 2, "Harstad": 3, "Bodø": 1}


def test_the_threshold_counts_county_wide_people_and_the_pool_lists_them(
    troms: ContactPoint, troms_coordinator: User, make_user: Callable[..., User]
) -> None:
    harstad = make_user("Harstad-fylke")
    register_interest(harstad, place=HARSTAD, reach="county")
    register_interest(make_user("Tromsø-lokal"), place=TROMSO)
    assert not Message.objects.filter(kind="staff_notice").exists()
    register_interest(make_user("Tromsø-lokal-2"), place=TROMSO)
    notices = Message.objects.filter(kind="staff_notice", recipient=troms_coordinator)
    assert notices.count() == 1
    pool = Pool.objects.get(contact_point=troms, municipality__code=TROMSO, theme=theme("sorg"))
    assert pool.at_threshold
    people = {i.user.display_name for i in pool_people(pool=pool, viewer=troms_coordinator)}
    assert people == {"Harstad-fylke", "Tromsø-lokal", "Tromsø-lokal-2"}
    # Withdrawing the county-wide interest in Harstad brings Tromsø's pool under again.
    interest_withdraw(user=harstad)
    pool.refresh_from_db()
    assert not pool.at_threshold


def test_a_county_wide_interest_registered_later_fills_the_pools_already_there(
    troms: ContactPoint, troms_coordinator: User, make_user: Callable[..., User]
) -> None:
    for name in ("T1", "T2"):
        register_interest(make_user(name), place=TROMSO)
    register_interest(make_user("Harstad-fylke"), place=HARSTAD, reach="county")
    pool = Pool.objects.get(contact_point=troms, municipality__code=TROMSO, theme=theme("sorg"))
    assert pool.at_threshold
    assert Message.objects.filter(kind="staff_notice").count() == 1


def test_coordinators_see_pools_per_county_as_well(
    troms: ContactPoint, troms_coordinator: User, make_user: Callable[..., User], client_for
) -> None:
    register_interest(make_user("A"), place=TROMSO, reach="county")
    register_interest(make_user("B"), place=HARSTAD, reach="county")
    register_interest(make_user("C"), place=HARSTAD)
    counties = [
        (r.theme.slug, r.county.name, r.count, r.county_wide) for r in pools_overview(troms)[1]
    ]
    assert counties == [("sorg", "Troms", 3, 2)]
    page = client_for(troms_coordinator).get(f"/kontaktpunkt/{troms.slug}/interesse/")
    html = page.content.decode()
    assert "<td>Sorg og tap</td><td>Troms</td><td>3</td><td>2</td>" in html
