"""Our groups as a Meeting Guide feed (code4recovery's `spec`), for tsml-ui and the Meeting Guide
app, without giving away what is private.

A finder shows a meeting as in person only with a full address that is not approximate, and as
online only with a conference link or phone; anything else counts as inactive. A group's room
and its video link are for its members, so:

- An in-person group carries its contact point's public visiting address: `location` is the
  contact point's name, `location_notes` says the group meets in borrowed premises nearby and
  that members are given the address, `approximate` is "no".
- A video or phone group, and an in-person group whose contact point has no visiting address,
  carries its municipality only, with `approximate` "yes" and never a `conference_url`.
- Never a group's own room, link or members. `region` and `sub_region` are the county and the
  municipality.
- `day` (0 = Sunday), `time` and `end_time` come from a weekly meeting series; a group that
  meets every other week or has no series yet has neither (the spec allows "by appointment").
- Types: `C` for a closed group, `TC` while it takes a break, `NO`/`EN` for its language, and
  each theme's address name; `notes` names the themes in words.

Docs: docs/opendata.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

TIMEZONE = "Europe/Oslo"
COUNTRY = "Norway"
LANGUAGE_TYPES = {"no": "NO", "en": "EN"}


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    place: str


@dataclass(frozen=True)
class Schedule:
    weekdays: tuple[int, ...]  # 0 = Monday, as in lib/recurrence
    start: time
    length_minutes: int
    interval: int


@dataclass(frozen=True)
class GroupFacts:
    """What the feed may know about one group: its public side only."""

    code: str
    title: str
    url: str
    in_person: bool
    closed: bool
    paused: bool
    language: str
    municipality: str
    county: str
    theme_slugs: tuple[str, ...]
    theme_names: tuple[str, ...]
    updated: datetime
    schedule: Schedule | None
    contact_point: str | None
    visiting_address: Address | None
    entity_email: str = ""
    entity_website: str = ""


def hhmm(moment: time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def sunday_first(weekday: int) -> int:
    """Python's Monday = 0 to the spec's Sunday = 0."""
    return (weekday + 1) % 7


def _when(schedule: Schedule | None) -> dict[str, Any]:
    if schedule is None or schedule.interval != 1 or not schedule.weekdays:
        return {}
    days = sorted(sunday_first(day) for day in schedule.weekdays)
    end = datetime.combine(date(2000, 1, 1), schedule.start) + timedelta(
        minutes=schedule.length_minutes
    )
    return {
        "day": days[0] if len(days) == 1 else days,
        "time": hhmm(schedule.start),
        "end_time": hhmm(end.time()),
    }


def _where(facts: GroupFacts, *, borrowed_premises: str) -> dict[str, Any]:
    region = {"region": facts.county, "sub_region": facts.municipality}
    address = facts.visiting_address
    if facts.in_person and address is not None:
        return {
            "location": facts.contact_point,
            "location_notes": borrowed_premises,
            "address": address.street,
            "postal_code": address.postcode,
            "city": address.place,
            "country": COUNTRY,
            "formatted_address": (
                f"{address.street}, {address.postcode} {address.place}, {COUNTRY}"
            ),
            "approximate": "no",
            **region,
        }
    return {
        "city": facts.municipality,
        "country": COUNTRY,
        "formatted_address": f"{facts.municipality}, {facts.county}, {COUNTRY}",
        "approximate": "yes",
        **region,
    }


def _types(facts: GroupFacts) -> list[str]:
    types = []
    if facts.closed:
        types.append("C")
    if facts.paused:
        types.append("TC")
    if facts.language in LANGUAGE_TYPES:
        types.append(LANGUAGE_TYPES[facts.language])
    return types + list(facts.theme_slugs)


def meeting_guide_entry(
    facts: GroupFacts, *, borrowed_premises: str, themes_label: str
) -> dict[str, Any]:
    """One group as one entry of the feed (texts come translated from the caller)."""
    entry: dict[str, Any] = {
        "name": facts.title,
        "slug": facts.code,
        **_when(facts.schedule),
        "timezone": TIMEZONE,
        "types": _types(facts),
        "url": facts.url,
        "updated": facts.updated.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        **_where(facts, borrowed_premises=borrowed_premises),
    }
    if facts.theme_names:
        entry["notes"] = f"{themes_label}: {', '.join(facts.theme_names)}"
    if facts.contact_point:
        entry["entity"] = facts.contact_point
        if facts.entity_email:
            entry["entity_email"] = facts.entity_email
        if facts.entity_website:
            entry["entity_website_url"] = facts.entity_website
    return entry
