"""schema.org JSON-LD on a group's and a contact point's public pages, read back with extruct,
the parser search engines' tooling is built on; only the public tier ever appears in it."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import extruct
import pytest
from django.conf import settings
from django.test import Client

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group
from selvhjelp.meetings.models import Premises
from selvhjelp.meetings.services import series_set
from tests.conftest import admit, meet_weekly, municipality

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"


def _json_ld(path: str) -> tuple[list[dict[str, Any]], str]:
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    data = extruct.extract(html, base_url=settings.SITE_URL, syntaxes=["json-ld"])["json-ld"]
    return data, html


@pytest.fixture
def in_person(make_group, contact_point: ContactPoint, make_user) -> Group:
    group = make_group("Sorggruppe Grünerløkka", contact_point=contact_point, state="running")
    room = Premises.objects.create(
        contact_point=contact_point,
        name="Møterom Hemmelig",
        owner_kind="municipal",
        address="Hemmeligveien 12",
    )
    series_set(
        group=group,
        start_date=date(2027, 3, 2),
        start_time=time(18, 30),
        weekdays=[1, 3],
        interval=1,
        length_minutes=120,
        place_kind="room",
        premises=room,
        place_details="Inngang B, andre etasje",
    )
    for name in ("Ada", "Bo", "Cato"):
        admit(group, make_user(name))
    return group


def test_a_group_page_describes_the_group_as_a_repeating_event(
    in_person: Group, contact_point: ContactPoint
) -> None:
    data, _ = _json_ld(f"/grupper/{in_person.code}/")
    assert len(data) == 1
    event = data[0]
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Sorggruppe Grünerløkka"
    assert event["url"] == f"{settings.SITE_URL}/grupper/{in_person.code}/"
    assert event["eventSchedule"] == {
        "@type": "Schedule",
        "byDay": [SCHEMA + "Tuesday", SCHEMA + "Thursday"],
        "startTime": "18:30",
        "endTime": "20:30",
        "scheduleTimezone": "Europe/Oslo",
        "repeatFrequency": "P1W",
    }
    assert event["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert event["eventStatus"] == SCHEMA + "EventScheduled"
    assert event["location"] == {
        "@type": "Place",
        "name": "Oslo",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Oslo",
            "addressRegion": municipality("0301").county.name,
            "addressCountry": "NO",
        },
    }
    assert event["isAccessibleForFree"] is True
    assert event["typicalAgeRange"] == "18-"
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "LINK Oslo",
        "url": f"{settings.SITE_URL}/kontaktpunkt/{contact_point.slug}/",
    }


def test_the_structured_data_never_carries_the_room_the_address_or_the_members(
    in_person: Group,
) -> None:
    data, html = _json_ld(f"/grupper/{in_person.code}/")
    text = str(data)
    for private in ("Hemmelig", "Inngang B", "Ada", "Cato", "capacity", "Attendee"):
        assert private not in text
        assert private not in html


def test_the_structured_data_is_in_the_language_of_the_address(in_person: Group) -> None:
    data, _ = _json_ld(f"/en/grupper/{in_person.code}/")
    assert data[0]["url"] == f"{settings.SITE_URL}/en/grupper/{in_person.code}/"
    assert data[0]["description"] == (
        "A self-help group in Oslo. Themes: Grief and loss. Meets in person. "
        "Free of charge, for adults."
    )
    assert data[0]["organizer"]["url"].startswith(f"{settings.SITE_URL}/en/kontaktpunkt/")


def test_a_video_group_meets_in_a_virtual_location_without_a_link(make_group) -> None:
    group = make_group("Angst på nett", format="video", weekday=2)
    meet_weekly(
        group,
        weekday=0,
        start_time=time(19),
        interval=2,
        length_minutes=90,
        place_details="https://video.example.org/hemmelig-rom",
    )
    data, html = _json_ld(f"/grupper/{group.code}/")
    event = data[0]
    assert event["location"] == {"@type": "VirtualLocation"}
    assert event["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert event["eventSchedule"]["byDay"] == [SCHEMA + "Monday"]
    assert event["eventSchedule"]["endTime"] == "20:30"
    assert event["eventSchedule"]["repeatFrequency"] == "P2W"
    assert "organizer" not in event  # no contact point helps it
    assert "video.example.org" not in html


def test_a_group_without_a_series_has_its_public_weekday_and_no_times(make_group) -> None:
    group = make_group(weekday=4, state="paused")
    event = _json_ld(f"/grupper/{group.code}/")[0][0]
    assert event["eventSchedule"] == {
        "@type": "Schedule",
        "byDay": [SCHEMA + "Friday"],
        "scheduleTimezone": "Europe/Oslo",
        "repeatFrequency": "P1W",
    }
    assert event["eventStatus"] == SCHEMA + "EventPostponed"


def test_a_title_cannot_close_the_data_block(make_group) -> None:
    group = make_group("</script><script>alert(1)</script>")
    data, html = _json_ld(f"/grupper/{group.code}/")
    assert "</script><script>alert(1)" not in html
    assert data[0]["name"] == "</script><script>alert(1)</script>"


def test_a_contact_point_page_describes_an_organization_and_the_area_it_serves(
    contact_point: ContactPoint,
) -> None:
    contact_point.municipalities.add(municipality("3201"))
    data, _ = _json_ld(f"/kontaktpunkt/{contact_point.slug}/")
    assert len(data) == 1
    organization = data[0]
    assert organization["@type"] == "Organization"
    assert organization["name"] == "LINK Oslo"
    assert organization["url"] == f"{settings.SITE_URL}/kontaktpunkt/{contact_point.slug}/"
    assert organization["areaServed"] == [
        {"@type": "AdministrativeArea", "name": "Bærum"},
        {"@type": "AdministrativeArea", "name": "Oslo"},
    ]
    assert organization["email"] == "link@oslo.example.org"
    assert organization["telephone"] == "22 00 00 00"
    assert "address" not in organization  # it has given no visiting address


def test_a_contact_point_s_visiting_address_is_its_organization_s_address(
    contact_point: ContactPoint,
) -> None:
    contact_point.visit_street = "Storgata 1"
    contact_point.visit_postcode = "0155"
    contact_point.visit_place = "Oslo"
    contact_point.save()
    organization = _json_ld(f"/kontaktpunkt/{contact_point.slug}/")[0][0]
    assert organization["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Storgata 1",
        "postalCode": "0155",
        "addressLocality": "Oslo",
        "addressCountry": "NO",
    }
