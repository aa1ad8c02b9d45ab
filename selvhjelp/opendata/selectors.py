"""Reads for the open data: the feed's groups, and the contact points that may embed a list."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse

from selvhjelp.contactpoints.models import ContactPoint, origins_parse
from selvhjelp.groups.models import Group, GroupFormat, GroupQuerySet, GroupState, Openness
from selvhjelp.meetings.models import MeetingSeries
from selvhjelp.opendata.meetingguide import Address, GroupFacts, Schedule


def feed_groups(contact_point: ContactPoint | None = None) -> GroupQuerySet:
    """Every listed group (or one contact point's), with all the feed reads, in two queries."""
    groups = Group.objects.listed()
    if contact_point is not None:
        groups = groups.filter(contact_point=contact_point)
    return (
        groups.select_related("municipality__county", "contact_point", "series")
        .prefetch_related("themes")
        .order_by("pk")
    )


def _schedule(series: MeetingSeries | None) -> Schedule | None:
    if series is None:
        return None
    return Schedule(
        weekdays=tuple(series.weekdays),
        start=series.start_time,
        length_minutes=series.length_minutes,
        interval=series.interval,
    )


def group_facts(group: Group, *, absolute: str) -> GroupFacts:
    """The public side of a group loaded by `feed_groups`, as the feed sees it."""
    series: MeetingSeries | None = getattr(group, "series", None)
    point = group.contact_point
    themes = list(group.themes.all())
    updated = max(group.created_at, series.updated_at) if series else group.created_at
    address = None
    if point is not None and point.has_visiting_address:
        address = Address(point.visit_street, point.visit_postcode, point.visit_place)
    return GroupFacts(
        code=group.code,
        title=group.title,
        url=absolute + reverse("directory:group", args=[group.code]),
        in_person=group.format == GroupFormat.PHYSICAL,
        closed=group.openness == Openness.CLOSED and group.state != GroupState.FORMING,
        paused=group.state == GroupState.PAUSED,
        language=group.language,
        municipality=group.municipality.name,
        county=group.municipality.county.name,
        theme_slugs=tuple(theme.slug for theme in themes),
        theme_names=tuple(theme.name for theme in themes),
        updated=updated,
        schedule=_schedule(series),
        contact_point=point.name if point else None,
        visiting_address=address,
        entity_email=point.email if point else "",
        entity_website=point.website if point else "",
    )


def embedding_origins(
    *, contact_point: str = "", municipality: str = "", county: str = ""
) -> list[str]:
    """The web sites allowed to frame a list chosen by these filters: those listed by the
    contact point itself, or by any contact point covering the municipality or the county."""
    condition = Q()
    if contact_point:
        condition |= Q(slug=contact_point)
    if municipality:
        condition |= Q(municipalities__code=municipality)
    if county:
        condition |= Q(municipalities__county__code=county)
    if not condition:
        return []
    texts: Iterable[str] = (
        ContactPoint.objects.filter(condition)
        .exclude(embed_origins="")
        .values_list("embed_origins", flat=True)
        .distinct()
    )
    return sorted({origin for text in texts for origin in origins_parse(text)})
