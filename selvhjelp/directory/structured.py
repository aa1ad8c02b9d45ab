"""schema.org structured data (JSON-LD) for a group's and a contact point's public pages.

Only the public tier of a group leaves here: its title, themes, kind, municipality and county,
how it meets (in person, video, phone), its weekly rhythm and times, its language and state,
and who helps it. Never a room, an address, a video link, members or how many they are: an
in-person group's `location` is its municipality, a video or phone group's a `VirtualLocation`
without a `url`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, GroupFormat, GroupLanguage, GroupState
from selvhjelp.meetings.models import MeetingSeries

SCHEMA = "https://schema.org"
TIMEZONE = "Europe/Oslo"
# Our weekdays count from 0 = Monday, like Python's.
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ONLINE_FORMATS = {GroupFormat.VIDEO, GroupFormat.PHONE}


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def group_summary(group: Group) -> str:
    """One sentence about a group for search results and link previews, in the active language."""
    themes = ", ".join(theme.name for theme in group.themes.all())
    return _(
        "A self-help group in %(municipality)s. Themes: %(themes)s. %(format)s. "
        "Free of charge, for adults."
    ) % {
        "themes": themes or group.get_kind_display(),
        "municipality": group.municipality.name,
        "format": group.get_format_display(),
    }


def _schedule(group: Group, series: MeetingSeries | None) -> dict[str, Any]:
    """The weekly rhythm: from the meeting series when there is one, else the public weekday."""
    schedule: dict[str, Any] = {"@type": "Schedule", "scheduleTimezone": TIMEZONE}
    if series is not None and series.weekdays:
        start = datetime.combine(series.start_date, series.start_time)
        end = start + timedelta(minutes=series.length_minutes)
        schedule |= {
            "byDay": [f"{SCHEMA}/{DAYS[day]}" for day in sorted(series.weekdays)],
            "startTime": start.strftime("%H:%M"),
            "endTime": end.strftime("%H:%M"),
            "repeatFrequency": f"P{series.interval}W",
        }
    elif group.weekday is not None:
        schedule |= {"byDay": [f"{SCHEMA}/{DAYS[group.weekday]}"], "repeatFrequency": "P1W"}
    return schedule


def _location(group: Group) -> dict[str, Any]:
    if group.format in ONLINE_FORMATS:
        return {"@type": "VirtualLocation"}
    municipality = group.municipality
    return {
        "@type": "Place",
        "name": municipality.name,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": municipality.name,
            "addressRegion": municipality.county.name,
            "addressCountry": "NO",
        },
    }


def contact_point_reference(contact_point: ContactPoint) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": contact_point.name,
        "url": _absolute(reverse("directory:contact_point", kwargs={"slug": contact_point.slug})),
    }


def group_event(group: Group, series: MeetingSeries | None) -> dict[str, Any]:
    """A listed group as a schema.org Event that repeats by its schedule."""
    online = group.format in ONLINE_FORMATS
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": group.title,
        "description": group_summary(group),
        "url": _absolute(reverse("directory:group", kwargs={"code": group.code})),
        "eventSchedule": _schedule(group, series),
        "eventAttendanceMode": f"{SCHEMA}/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "eventStatus": f"{SCHEMA}/"
        + ("EventPostponed" if group.state == GroupState.PAUSED else "EventScheduled"),
        "location": _location(group),
        "isAccessibleForFree": True,
        "typicalAgeRange": "18-",
        "about": [theme.name for theme in group.themes.all()],
    }
    if group.language != GroupLanguage.OTHER:
        data["inLanguage"] = group.language
    if group.contact_point is not None:
        data["organizer"] = contact_point_reference(group.contact_point)
    return data


def contact_point_organization(contact_point: ContactPoint, municipalities: Any) -> dict[str, Any]:
    """A contact point as a schema.org Organization serving its municipalities."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        **contact_point_reference(contact_point),
        "areaServed": [
            {"@type": "AdministrativeArea", "name": municipality.name}
            for municipality in municipalities
        ],
    }
    public = {
        "description": contact_point.description,
        "email": contact_point.email,
        "telephone": contact_point.phone,
        "sameAs": [contact_point.website] if contact_point.website else None,
    }
    data |= {key: value for key, value in public.items() if value}
    if contact_point.has_visiting_address:
        # The contact point's own public visiting address, never the premises of a group.
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": contact_point.visit_street,
            "postalCode": contact_point.visit_postcode,
            "addressLocality": contact_point.visit_place,
            "addressCountry": "NO",
        }
    return data
