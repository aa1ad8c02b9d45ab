from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from selvhjelp.accounts.models import Consent, ConsentPurpose
from selvhjelp.audit.models import AuditEntry
from selvhjelp.groups.models import GroupFormat, GroupInterest
from selvhjelp.interest.models import Interest, Pool
from selvhjelp.interest.services import (
    group_open_seats,
    interest_expire,
    interest_expiry_notices,
)
from selvhjelp.notifications.models import Message
from tests.concurrency import at_once
from tests.conftest import register_interest, theme
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

FORM = {
    "themes": [],
    "municipality": "0301",
    "reach": "municipality",
    "weekdays": ["0", "2"],
    "times_of_day": ["evening"],
}


def _form(**changes: object) -> dict[str, object]:
    data = {**FORM, **changes}
    if not data["themes"]:
        data["themes"] = [theme("sorg").pk]
    return data


def test_nothing_is_stored_before_explicit_consent(participant, client_for, contact_point) -> None:
    response = client_for(participant).post("/interesse/", _form())
    assert response.status_code == 200
    assert "Vi kan bare lagre dette med ditt samtykke." in response.content.decode()
    assert not Interest.objects.exists()
    assert not Consent.objects.exists()


def test_with_consent_the_interest_and_the_consent_are_recorded(
    participant, client_for, contact_point
) -> None:
    response = client_for(participant).post("/interesse/", _form(consent="on"))
    assert response.status_code == 302
    interest = Interest.objects.get(user=participant)
    assert interest.contact_point == contact_point
    assert interest.weekdays == [0, 2]
    assert list(interest.themes.values_list("slug", flat=True)) == ["sorg"]
    consent = Consent.objects.get(user=participant)
    assert consent.purpose == ConsentPurpose.INTEREST
    assert interest.expires_at.date() == (timezone.now() + timedelta(days=365)).date()


def test_changing_it_later_needs_no_new_consent(participant, client_for, contact_point) -> None:
    client = client_for(participant)
    client.post("/interesse/", _form(consent="on"))
    response = client.post("/interesse/", _form(themes=[theme("angst").pk]))
    assert response.status_code == 302
    assert list(Interest.objects.get().themes.values_list("slug", flat=True)) == ["angst"]


def test_withdrawal_says_exactly_what_it_deletes_and_then_deletes_everything(
    participant, client_for, contact_point, make_group
) -> None:
    client = client_for(participant)
    client.post("/interesse/", _form(consent="on"))
    group = make_group("Torsdagsgruppa", contact_point=contact_point)
    other = make_group("Fredagsgruppa", contact_point=contact_point)
    client.post(f"/grupper/{group.code}/interessert/")
    client.post(f"/grupper/{other.code}/interessert/")
    assert GroupInterest.objects.count() == 2
    asked = client.get("/interesse/trekk-tilbake/").content.decode()
    assert "Dette slettes med en gang" in asked
    assert "Registreringen din: Sorg og tap, i Oslo." in asked
    assert "Interessen din for gruppa «Torsdagsgruppa»." in asked
    assert "Interessen din for gruppa «Fredagsgruppa»." in asked
    assert Interest.objects.exists()
    assert GroupInterest.objects.count() == 2
    client.post("/interesse/trekk-tilbake/")
    assert not Interest.objects.exists()
    assert not GroupInterest.objects.exists()
    assert Consent.objects.get().withdrawn_at is not None


def test_interest_where_no_contact_point_serves_is_kept_and_said_honestly(
    participant, client_for, contact_point
) -> None:
    response = client_for(participant).post(
        "/interesse/", _form(municipality="4601", consent="on"), follow=True
    )
    assert Interest.objects.get().contact_point is None
    assert "Ingen kontaktpunkt" in response.content.decode()


def test_an_unknown_municipality_is_refused_with_a_message(participant, client_for) -> None:
    response = client_for(participant).post("/interesse/", _form(municipality="9999", consent="on"))
    assert response.status_code == 200
    assert not Interest.objects.exists()


def test_showing_interest_in_a_group_needs_consent_too(participant, client_for, make_group) -> None:
    group = make_group()
    client = client_for(participant)
    client.post(f"/grupper/{group.code}/interessert/")
    assert not GroupInterest.objects.exists()
    client.post(f"/grupper/{group.code}/interessert/", {"consent": "on"})
    assert GroupInterest.objects.filter(user=participant, group=group).exists()


# --- Pools and the threshold --------------------------------------------------------------


def test_pools_count_people_per_theme_and_municipality(
    make_user, coordinator, contact_point, client_for
) -> None:
    for n in range(3):
        register_interest(make_user(f"P{n}"), themes=("sorg", "angst"))
    register_interest(make_user("Q"), themes=("angst",))
    response = client_for(coordinator).get(f"/kontaktpunkt/{contact_point.slug}/interesse/")
    counts = {(p.theme.slug, p.municipality.code): p.count for p in response.context["pools"]}
    assert counts == {("sorg", "0301"): 3, ("angst", "0301"): 4}


def test_opening_a_pool_lists_people_and_writes_the_audit_log(
    make_user, initiator, contact_point, client_for
) -> None:
    people = [make_user(f"P{n}") for n in range(2)]
    for person in people:
        register_interest(person)
    pool = Pool.objects.get()
    response = client_for(initiator).get(
        f"/kontaktpunkt/{contact_point.slug}/interesse/{pool.code}/"
    )
    html = response.content.decode()
    for person in people:
        assert person.email in html
    entries = AuditEntry.objects.filter(action="view_interest")
    assert {entry.subject_id for entry in entries} == {p.pk for p in people}
    assert {entry.actor_id for entry in entries} == {initiator.pk}
    assert {entry.target_id for entry in entries} == {str(pool.pk)}


def test_the_coordinators_are_told_once_when_a_pool_reaches_the_threshold(
    make_user, coordinator, contact_point
) -> None:
    people = [make_user(f"P{n}") for n in range(7)]
    for person in people[:4]:
        register_interest(person)
    assert not Message.objects.filter(kind="staff_notice").exists()
    register_interest(people[4])
    notice = Message.objects.get(kind="staff_notice")
    assert notice.recipient == coordinator
    assert "Sorg" not in notice.subject
    register_interest(people[5])
    assert Message.objects.filter(kind="staff_notice").count() == 1
    # Below the threshold and up again: a new crossing, a new notice.
    from selvhjelp.interest.services import interest_withdraw

    interest_withdraw(user=people[0])
    interest_withdraw(user=people[1])
    register_interest(people[6])
    assert Message.objects.filter(kind="staff_notice").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_threshold_message_is_sent_once_when_the_last_people_register_at_once(
    make_user, coordinator, contact_point
) -> None:
    people = [make_user(f"P{n}") for n in range(8)]
    for person in people[:3]:
        register_interest(person)
    outcomes = at_once(register_interest, people[3:])
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert Interest.objects.count() == 8
    assert Message.objects.filter(kind="staff_notice").count() == 1


# --- Telling interested people ------------------------------------------------------------


def test_opening_seats_tells_matching_people_once(make_user, make_group, contact_point) -> None:
    same_place = make_user("Same")
    register_interest(same_place, themes=("sorg",))
    county_reach = make_user("County")
    register_interest(
        county_reach, themes=("sorg",), place="3201", reach="county"
    )  # Bærum, Akershus
    digital = make_user("Digital")
    register_interest(digital, themes=("sorg",), place="5501", digital_ok=True)
    other_theme = make_user("Other")
    register_interest(other_theme, themes=("angst",))
    far_away = make_user("Far")
    register_interest(far_away, themes=("sorg",), place="5501")

    group = make_group(themes=("sorg",), format=GroupFormat.VIDEO, contact_point=contact_point)
    group_open_seats(group=group, seats=2)
    group_open_seats(group=group, seats=2)
    told = set(
        Message.objects.filter(kind="interest_match").values_list(
            "recipient__display_name", flat=True
        )
    )
    assert told == {"Same", "Digital"}
    assert Message.objects.filter(kind="interest_match").count() == 2


def test_a_county_wide_interest_matches_a_group_elsewhere_in_the_county(
    make_user, make_group
) -> None:
    person = make_user("County")
    register_interest(person, themes=("sorg",), place="3201", reach="county")
    group = make_group(themes=("sorg",), municipality="3203")  # Asker, also Akershus
    group_open_seats(group=group, seats=1)
    assert Message.objects.filter(kind="interest_match", recipient=person).exists()


# --- Retention ----------------------------------------------------------------------------


def test_interest_expires_after_12_months_with_one_notice_30_days_before(
    make_user, contact_point
) -> None:
    person = make_user()
    register_interest(person)
    start = timezone.now()

    def at(days: int) -> time_machine.travel:
        return time_machine.travel(start + timedelta(days=days))

    with at(300):
        assert interest_expiry_notices() == 0
    with at(336):
        assert interest_expiry_notices() == 1
        assert interest_expiry_notices() == 0
        assert interest_expire() == 0
    assert Message.objects.filter(kind="interest_expiry", recipient=person).count() == 1
    with at(366):
        assert interest_expire() == 1
    assert not Interest.objects.exists()
    assert Consent.objects.get(user=person).withdrawn_at is not None


def test_the_pools_page_runs_the_same_queries_for_few_and_many_pools(
    make_user, coordinator, contact_point, client_for
) -> None:
    def five_more_pools() -> None:
        for n, slug in enumerate(("angst", "depresjon", "traumer", "ensomhet", "utbrenthet")):
            register_interest(make_user(f"B{n}"), themes=(slug, "sorg"))

    register_interest(make_user("A"), themes=("sorg",))
    response = assert_queries_do_not_grow(
        client_for(coordinator),
        f"/kontaktpunkt/{contact_point.slug}/interesse/",
        five_more_pools,
        at_most=8,
    )
    assert len(response.context["pools"]) == 6
