"""The Meeting Guide feeds: every entry meets code4recovery's spec, and the mapping keeps rooms,
links and members private (docs/opendata.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, GroupFormat, GroupState, Openness
from selvhjelp.meetings.models import Premises
from tests.conftest import meet_weekly
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

# From the spec (github.com/code4recovery/spec, README and schema/meeting*.schema.json).
HHMM = re.compile(r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$")
UPDATED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")
SPEC_TYPES = set(
    [
        "11",
        "12x12",
        "A",
        "ABSI",
        "AL",
        "AL-AN",
        "AM",
        "ASL",
        "B",
        "BA",
        "BE",
        "BI",
        "BRK",
        "C",
        "CAN",
        "CF",
        "D",
        "DA",
        "DB",
        "DD",
        "DE",
        "DR",
        "EL",
        "EN",
        "FA",
        "FF",
        "FR",
        "G",
        "GR",
        "H",
        "HE",
        "HI",
        "HR",
        "HU",
        "ITA",
        "JA",
        "KOR",
        "L",
        "LGBTQ",
        "LIT",
        "LS",
        "LT",
        "M",
        "MED",
        "ML",
        "N",
        "NB",
        "NDG",
        "NO",
        "O",
        "OUT",
        "P",
        "POA",
        "POC",
        "POL",
        "POR",
        "PUN",
        "RUS",
        "S",
        "SEN",
        "SK",
        "SM",
        "SP",
        "ST",
        "SV",
        "T",
        "TC",
        "TH",
        "TL",
        "TR",
        "TUR",
        "UK",
        "W",
        "X",
        "XB",
        "XT",
        "Y",
    ]
)
PRIVATE = "Kjellerrommet i Storgata 99, ring 4711"


def spec_problems(entry: dict[str, Any], theme_slugs: set[str]) -> list[str]:
    """What in one entry breaks the spec's required fields and formats (empty when none)."""
    problems = []
    if not (isinstance(entry.get("name"), str) and 0 < len(entry["name"]) <= 255):
        problems.append("name")
    slug = entry.get("slug")
    if not (isinstance(slug, str) and len(slug) <= 64 and URL_SAFE.match(slug)):
        problems.append("slug")
    if "day" in entry or "time" in entry:
        days = entry.get("day")
        days = days if isinstance(days, list) else [days]
        if not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
            problems.append("day")
        if not HHMM.match(str(entry.get("time"))):
            problems.append("time")
    if "end_time" in entry and not HHMM.match(entry["end_time"]):
        problems.append("end_time")
    try:
        ZoneInfo(entry.get("timezone", "Europe/Oslo"))
    except Exception:
        problems.append("timezone")
    if "updated" in entry and not UPDATED.match(entry["updated"]):
        problems.append("updated")
    if not str(entry.get("url", "https://")).startswith(("http://", "https://")):
        problems.append("url")
    if entry.get("approximate") not in (None, "yes", "no"):
        problems.append("approximate")
    if entry.get("approximate") == "no" and not all(
        entry.get(field) for field in ("address", "city", "postal_code", "country")
    ):
        problems.append("an in-person meeting needs a full address")
    if not isinstance(entry.get("types", []), list) or not set(entry.get("types", [])) <= (
        SPEC_TYPES | theme_slugs
    ):
        problems.append("types")
    return problems


@pytest.fixture
def visiting(contact_point: ContactPoint) -> ContactPoint:
    contact_point.visit_street = "Grønlandsleiret 25"
    contact_point.visit_postcode = "0190"
    contact_point.visit_place = "Oslo"
    contact_point.save()
    return contact_point


def _weekly(group: Group, *, weekdays: list[int], interval: int = 1, room: bool = False) -> None:
    premises = None
    if room:
        assert group.contact_point is not None
        premises = Premises.objects.create(
            contact_point=group.contact_point, name="Rom", owner_kind="library", address=PRIVATE
        )
    meet_weekly(
        group,
        start_time=time(18, 30),
        weekday=weekdays[0],
        also=tuple(weekdays[1:]),
        interval=interval,
        premises=premises,
        place_details=PRIVATE,
    )


@pytest.fixture
def groups(make_group: Callable[..., Group], visiting: ContactPoint) -> dict[str, Group]:
    in_person = make_group("Sorg på Grønland", contact_point=visiting, state=GroupState.RUNNING)
    _weekly(in_person, weekdays=[0], room=True)
    video = make_group(
        "Angst på nett",
        themes=("angst",),
        format=GroupFormat.VIDEO,
        contact_point=visiting,
        openness=Openness.OPEN,
        free_seats=2,
        state=GroupState.RUNNING,
    )
    _weekly(video, weekdays=[2, 6])
    fortnightly = make_group("Annenhver uke", contact_point=visiting)
    _weekly(fortnightly, weekdays=[3], interval=2)
    elsewhere = make_group("Sorg i nord", municipality="5501", state=GroupState.PAUSED)
    make_group("Skjult gruppe", listed=False)
    return {"in_person": in_person, "video": video, "fortnightly": fortnightly, "nord": elsewhere}


def _feed(path: str = "/api/v1/meeting-guide.json") -> dict[str, dict[str, Any]]:
    response = Client().get(path)
    assert response.status_code == 200
    return {entry["name"]: entry for entry in response.json()}


def test_every_entry_meets_the_spec(groups: dict[str, Group]) -> None:
    entries = _feed()
    assert set(entries) == {"Sorg på Grønland", "Angst på nett", "Annenhver uke", "Sorg i nord"}
    themes = {"sorg", "angst"}
    assert {name: spec_problems(entry, themes) for name, entry in entries.items()} == {
        name: [] for name in entries
    }


def test_an_in_person_group_carries_the_contact_points_visiting_address(
    groups: dict[str, Group], visiting: ContactPoint
) -> None:
    entry = _feed()["Sorg på Grønland"]
    assert entry["slug"] == groups["in_person"].code
    assert (entry["day"], entry["time"], entry["end_time"]) == (1, "18:30", "20:30")
    assert entry["timezone"] == "Europe/Oslo"
    assert entry["location"] == "LINK Oslo"
    assert "lånte lokaler" in entry["location_notes"]
    assert (entry["address"], entry["postal_code"], entry["city"]) == (
        "Grønlandsleiret 25",
        "0190",
        "Oslo",
    )
    assert entry["approximate"] == "no"
    assert (entry["region"], entry["sub_region"]) == ("Oslo", "Oslo")
    assert entry["types"] == ["C", "NO", "sorg"]
    assert entry["notes"] == "Temaer: Sorg og tap"
    assert entry["url"] == f"http://testserver/grupper/{groups['in_person'].code}/"
    assert UPDATED.match(entry["updated"])


def test_a_video_group_carries_its_municipality_only_and_no_link(
    groups: dict[str, Group],
) -> None:
    entry = _feed()["Angst på nett"]
    assert entry["approximate"] == "yes"
    assert entry["day"] == [0, 3], "Sunday and Wednesday, counted from Sunday"
    assert "conference_url" not in entry
    assert "conference_phone" not in entry
    assert "address" not in entry
    assert "location" not in entry
    assert entry["formatted_address"] == "Oslo, Oslo, Norway"
    assert "C" not in entry["types"], "an open group is not closed"


def test_an_in_person_group_without_a_visiting_address_is_approximate(
    groups: dict[str, Group],
) -> None:
    entry = _feed()["Sorg i nord"]
    assert entry["approximate"] == "yes"
    assert (entry["region"], entry["sub_region"]) == ("Troms", "Tromsø")
    assert "TC" in entry["types"], "a group taking a break is temporarily closed"
    assert "entity" not in entry


def test_a_group_without_a_fixed_weekly_time_has_no_day_or_time(
    groups: dict[str, Group],
) -> None:
    entry = _feed()["Annenhver uke"]
    assert {"day", "time", "end_time"}.isdisjoint(entry)
    assert "C" not in entry["types"], "a group still forming takes people in"


def test_no_room_link_or_member_reaches_the_feed(groups: dict[str, Group]) -> None:
    body = Client().get("/api/v1/meeting-guide.json").content.decode()
    assert "Storgata" not in body
    assert "4711" not in body
    assert "free_seats" not in body


def test_a_contact_points_feed_has_its_own_groups(
    groups: dict[str, Group], visiting: ContactPoint
) -> None:
    entries = _feed(f"/api/v1/contact-points/{visiting.slug}/meeting-guide.json")
    assert set(entries) == {"Sorg på Grønland", "Angst på nett", "Annenhver uke"}
    missing = Client().get("/api/v1/contact-points/finnes-ikke/meeting-guide.json")
    assert missing.status_code == 404


@pytest.mark.drawn
def test_the_feed_runs_the_same_number_of_queries_for_few_and_many_groups(
    make_group: Callable[..., Group], visiting: ContactPoint
) -> None:
    _weekly(make_group("Første", contact_point=visiting), weekdays=[1])

    def more() -> None:
        for n in range(20):
            _weekly(
                make_group(f"Gruppe {n}", contact_point=visiting, themes=("sorg", "angst")),
                weekdays=[n % 7],
            )

    response = assert_queries_do_not_grow(Client(), "/api/v1/meeting-guide.json", more, at_most=5)
    assert len(response.json()) == 21
