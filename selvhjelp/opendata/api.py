"""The public read API (/api/v1/) and the Meeting Guide feeds: the public tier of the directory
only. Never members, member counts, free seats, rooms, addresses of rooms or video links."""

from __future__ import annotations

import re
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, Status

from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.directory.forms import DirectoryForm
from selvhjelp.directory.selectors import directory_groups
from selvhjelp.groups.models import Group, Theme
from selvhjelp.opendata.meetingguide import meeting_guide_entry
from selvhjelp.opendata.selectors import feed_groups, group_facts
from selvhjelp.places.models import County, Municipality

PAGE_SIZE = 20
CODE = re.compile(r"^[a-z0-9]{1,12}$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")

# Every address answers 400 with the site's bad-request page to an address holding a NUL
# character (pages.middleware.NulRefusedMiddleware, before any view); the description says so.
NUL_REFUSED = {
    "responses": {
        "400": {
            "description": "The address holds a NUL character",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    }
}

api = NinjaAPI(
    title="selvhjelp open data",
    version="1",
    description=(
        "Public, read-only data about self-help groups and contact points: the public tier of "
        "the directory, never members, member counts, rooms or video links. Free to use; "
        "answers carry ETag and Cache-Control, are open to any origin (CORS), and are limited "
        "per client address (429 with Retry-After)."
    ),
    urls_namespace="opendata-api",
    openapi_url="/openapi.json",
    docs_url=None,
)


class Error(Schema):
    detail: Any


class Place(Schema):
    code: str
    name: str


class MunicipalityOut(Place):
    county: str = Field(description="The county's code")


class ThemeRef(Schema):
    slug: str
    name: str


class ThemeOut(ThemeRef):
    kind: Literal["shared", "across"]
    name_nb: str
    name_nn: str
    name_en: str
    description: str


class ContactPointRef(Schema):
    slug: str
    name: str
    url: str


class VisitingAddress(Schema):
    street: str
    postcode: str
    place: str


class ContactPointOut(ContactPointRef):
    kind: str
    description: str
    email: str
    phone: str
    opening_hours: str
    website: str
    visiting_address: VisitingAddress | None
    municipalities: list[str] = Field(description="Codes of the municipalities it covers")
    meeting_guide: str = Field(description="Its groups as a Meeting Guide feed")


class GroupOut(Schema):
    code: str
    title: str
    url: str
    themes: list[ThemeRef]
    kind: Literal["shared", "across"]
    format: Literal["physical", "video", "phone"]
    municipality: Place
    county: Place
    contact_point: ContactPointRef | None
    weekday: int | None = Field(description="0 = Monday … 6 = Sunday; empty when not fixed")
    time_of_day: Literal["morning", "daytime", "evening"] | None
    language: str
    state: Literal["forming", "starting", "running", "paused"]
    has_room: bool


class GroupPage(Schema):
    count: int
    page: int
    pages: int
    results: list[GroupOut]


class GroupFilters(Schema):
    q: str = Field("", max_length=100, description="Words in the title, themes or place")
    theme: str = Field("", max_length=60, description="A theme's slug")
    county: str = Field("", max_length=2, description="A county's code")
    municipality: str = Field("", max_length=4, description="A municipality's code")
    contact_point: str = Field("", max_length=80, description="A contact point's slug")
    format: Literal["", "physical", "video", "phone"] = ""
    day: int | None = Field(None, ge=0, le=6, description="0 = Monday … 6 = Sunday")
    has_room: bool = Field(False, description="Only groups with room or being formed")
    page: int = Field(1, ge=1, le=100_000)


class MeetingOut(Schema):
    """One entry of a Meeting Guide feed (code4recovery's spec)."""

    name: str
    slug: str
    day: int | list[int] | None = None
    time: str | None = None
    end_time: str | None = None
    timezone: str
    types: list[str]
    url: str
    updated: str
    notes: str | None = None
    location: str | None = None
    location_notes: str | None = None
    address: str | None = None
    postal_code: str | None = None
    city: str
    country: str
    formatted_address: str
    approximate: Literal["yes", "no"]
    region: str
    sub_region: str
    entity: str | None = None
    entity_email: str | None = None
    entity_website_url: str | None = None


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _contact_point_ref(point: ContactPoint, site: str) -> dict[str, str]:
    url = site + reverse("directory:contact_point", args=[point.slug])
    return {"slug": point.slug, "name": point.name, "url": url}


def _group_out(group: Group, site: str) -> dict[str, Any]:
    county = group.municipality.county
    point = group.contact_point
    return {
        "code": group.code,
        "title": group.title,
        "url": site + reverse("directory:group", args=[group.code]),
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in group.themes.all()],
        "kind": group.kind,
        "format": group.format,
        "municipality": {"code": group.municipality.code, "name": group.municipality.name},
        "county": {"code": county.code, "name": county.name},
        "contact_point": _contact_point_ref(point, site) if point else None,
        "weekday": group.weekday,
        "time_of_day": group.time_of_day or None,
        "language": group.language,
        "state": group.state,
        "has_room": group.has_room,
    }


def _has_nul(*values: str) -> bool:
    return any("\x00" in value for value in values)


@api.get(
    "/groups",
    response={200: GroupPage, 422: Error, 429: Error},
    summary="Listed groups, filtered and searched as in the directory",
    tags=["groups"],
    openapi_extra=NUL_REFUSED,
)
def groups(request: HttpRequest, filters: Query[GroupFilters]) -> Status[dict[str, Any]]:
    texts = (filters.q, filters.theme, filters.county, filters.municipality, filters.contact_point)
    if _has_nul(*texts):
        return Status(422, {"detail": "NUL is not allowed"})
    point = None
    if filters.contact_point:
        point = ContactPoint.objects.filter(slug=filters.contact_point).first()
        if point is None:
            return Status(422, {"detail": {"contact_point": ["Unknown contact point"]}})
    form = DirectoryForm(
        {
            "q": filters.q,
            "tema": filters.theme,
            "fylke": filters.county,
            "kommune": filters.municipality,
            "format": filters.format,
            "dag": "" if filters.day is None else str(filters.day),
            "plass": "on" if filters.has_room else "",
        }
    )
    if not form.is_valid():
        return Status(422, {"detail": form.errors.get_json_data()})
    paginator = Paginator(directory_groups(form, contact_point=point), PAGE_SIZE)
    site = _site(request)
    results = []
    if filters.page <= paginator.num_pages:
        results = [_group_out(g, site) for g in paginator.page(filters.page).object_list]
    page = {
        "count": paginator.count,
        "page": filters.page,
        "pages": paginator.num_pages,
        "results": results,
    }
    return Status(200, page)


@api.get(
    "/groups/{code}",
    response={200: GroupOut, 404: Error, 429: Error},
    summary="One listed group by its code",
    tags=["groups"],
    openapi_extra=NUL_REFUSED,
)
def group(request: HttpRequest, code: str) -> Status[dict[str, Any]]:
    found = None
    if CODE.match(code):
        found = Group.objects.listed().for_listing().filter(code=code).first()
    if found is None:
        return Status(404, {"detail": "Not found"})
    return Status(200, _group_out(found, _site(request)))


@api.get(
    "/themes",
    response={200: list[ThemeOut], 429: Error},
    summary="The themes in use",
    tags=["reference"],
    openapi_extra=NUL_REFUSED,
)
def themes(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": theme.slug,
            "name": theme.name,
            "kind": theme.kind,
            "name_nb": theme.name_nb,
            "name_nn": theme.name_nn,
            "name_en": theme.name_en,
            "description": theme.description,
        }
        for theme in Theme.objects.filter(active=True)
    ]


@api.get(
    "/contact-points",
    response={200: list[ContactPointOut], 429: Error},
    summary="Contact points, with their public contact details",
    tags=["contact points"],
    openapi_extra=NUL_REFUSED,
)
def contact_points(request: HttpRequest) -> list[dict[str, Any]]:
    site = _site(request)
    points = ContactPoint.objects.prefetch_related("municipalities").order_by("name", "pk")
    return [
        {
            **_contact_point_ref(point, site),
            "kind": point.kind,
            "description": point.description,
            "email": point.email,
            "phone": point.phone,
            "opening_hours": point.opening_hours,
            "website": point.website,
            "visiting_address": (
                {
                    "street": point.visit_street,
                    "postcode": point.visit_postcode,
                    "place": point.visit_place,
                }
                if point.has_visiting_address
                else None
            ),
            "municipalities": sorted(m.code for m in point.municipalities.all()),
            "meeting_guide": site
            + reverse("opendata-api:contact_point_meeting_guide", args=[point.slug]),
        }
        for point in points
    ]


@api.get(
    "/counties",
    response={200: list[Place], 429: Error},
    summary="Norway's counties",
    tags=["reference"],
    openapi_extra=NUL_REFUSED,
)
def counties(request: HttpRequest) -> list[dict[str, str]]:
    counties = County.objects.filter(active=True).order_by("code")
    return [{"code": county.code, "name": county.name} for county in counties]


@api.get(
    "/municipalities",
    response={200: list[MunicipalityOut], 429: Error},
    summary="Norway's municipalities",
    tags=["reference"],
    openapi_extra=NUL_REFUSED,
)
def municipalities(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"code": code, "name": name, "county": county}
        for code, name, county in Municipality.objects.filter(active=True)
        .order_by("code")
        .values_list("code", "name", "county__code")
    ]


def _feed(request: HttpRequest, point: ContactPoint | None) -> list[dict[str, Any]]:
    site = _site(request)
    borrowed = _(
        "The group meets in borrowed premises nearby. Members are given the address when "
        "they join; ask the contact point."
    )
    label = _("Themes")
    return [
        meeting_guide_entry(
            group_facts(group, absolute=site), borrowed_premises=borrowed, themes_label=label
        )
        for group in feed_groups(point)
    ]


@api.get(
    "/meeting-guide.json",
    response={200: list[MeetingOut], 429: Error},
    exclude_none=True,
    summary="Every listed group as a Meeting Guide feed",
    tags=["meeting guide"],
    openapi_extra=NUL_REFUSED,
)
def meeting_guide(request: HttpRequest) -> list[dict[str, Any]]:
    return _feed(request, None)


@api.get(
    "/contact-points/{slug}/meeting-guide.json",
    response={200: list[MeetingOut], 404: Error, 429: Error},
    exclude_none=True,
    summary="A contact point's listed groups as a Meeting Guide feed",
    tags=["meeting guide"],
    openapi_extra=NUL_REFUSED,
)
def contact_point_meeting_guide(request: HttpRequest, slug: str) -> Status[Any]:
    point = ContactPoint.objects.filter(slug=slug).first() if SLUG.match(slug) else None
    if point is None:
        return Status(404, {"detail": "Not found"})
    return Status(200, _feed(request, point))
