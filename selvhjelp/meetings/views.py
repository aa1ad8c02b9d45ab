from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.contactpoints.access import staff_view
from selvhjelp.contactpoints.models import ContactPoint, StaffRole
from selvhjelp.groups.access import INITIATOR, MEMBER, Inside, inside_view
from selvhjelp.groups.models import Membership, MembershipState
from selvhjelp.groups.selectors import member_users, staff_marks
from selvhjelp.groups.services import NotAllowed
from selvhjelp.lib.unchanged import answers_unchanged
from selvhjelp.meetings.forms import (
    OUT_OF_RANGE,
    TOO_EARLY,
    TOO_FAR,
    CancelForm,
    MoveForm,
    PremisesForm,
    SeriesForm,
)
from selvhjelp.meetings.models import (
    MONTHS_AHEAD,
    MONTHS_BACK,
    Absence,
    CalendarFeed,
    Meeting,
    MeetingSeries,
    Premises,
)
from selvhjelp.meetings.selectors import (
    coming_with_notices,
    feed_by_token,
    feed_calendar_kept,
    feed_stamp,
    meeting_file,
    next_meeting,
    series_of,
    upcoming,
)
from selvhjelp.meetings.services import (
    Cancelled,
    OutOfRange,
    RoomTaken,
    TooLate,
    absence_give,
    absence_withdraw,
    feed_for,
    feed_renew,
    leaving_notice_give,
    meeting_cancel,
    meeting_move,
    series_set,
)
from selvhjelp.pages.dates import DAY_TIME, written


def _summary() -> str:
    return pgettext("calendar event", "Group meeting")


def _taken_message(error: RoomTaken) -> str:
    times = ", ".join(written(start, DAY_TIME) for start, _end in error.times[:5])
    return _("The room is taken at these times: %(times)s. Choose another time or room.") % {
        "times": times
    }


def _rooms(inside: Inside) -> QuerySet[Premises]:
    if inside.group.contact_point_id is None:
        return Premises.objects.none()
    return Premises.objects.filter(contact_point_id=inside.group.contact_point_id)


def _series_form(
    request: AuthedRequest, inside: Inside, series: MeetingSeries | None
) -> SeriesForm:
    initial = {}
    if series:
        initial = {
            "start_date": series.start_date,
            "start_time": series.start_time,
            "weekdays": series.weekdays,
            "interval": series.interval,
            "length_minutes": series.length_minutes,
            "place_kind": series.place_kind,
            "premises": series.premises,
            "place_details": series.place_details,
        }
    return SeriesForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        rooms=_rooms(inside),
        current_start=series.start_date if series else None,
    )


def _series_out_of_range(start_date: date) -> ValidationError:
    if start_date < timezone.localdate():
        return ValidationError(TOO_EARLY, params={"months": MONTHS_BACK})
    return ValidationError(TOO_FAR, params={"months": MONTHS_AHEAD})


@inside_view(MEMBER, INITIATOR)
def meetings(request: AuthedRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    series = series_of(group)
    editable = not group.is_self_governed
    # A group that governs itself changes its series by a decision: no form to build.
    form = _series_form(request, inside, series) if editable else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            series_set(group=group, **form.cleaned_data)
        except RoomTaken as error:
            form.add_error("premises", _taken_message(error))
        except OutOfRange:
            # The day turned between the form's check and the service's.
            form.add_error("start_date", _series_out_of_range(form.cleaned_data["start_date"]))
        except NotAllowed:
            messages.error(request, _("The group changes its meetings by a joint decision."))
        else:
            messages.success(request, _("The meeting series has been saved."))
            return redirect("meetings:list", code=group.code)
    coming, notices = coming_with_notices(group)
    absent: dict[int, list[str]] = defaultdict(list)
    mine: set[int] = set()
    for meeting_id, user_id, name in notices:
        absent[meeting_id].append(name)
        if user_id == request.user.pk:
            mine.add(meeting_id)
    # Staff marks are shown beside the name of whoever cancelled a meeting, if anyone did.
    marks = staff_marks(group) if any(m.cancelled_by_id for m in coming) else {}
    rows = [
        {
            "meeting": meeting,
            "absent": sorted(absent[meeting.pk]),
            "mine": meeting.pk in mine,
            "cancelled_mark": marks.get(meeting.cancelled_by_id or 0, ""),
        }
        for meeting in coming
    ]
    return render(
        request,
        "meetings/list.html",
        {
            "group": group,
            "inside": inside,
            "series": series,
            "form": form,
            "editable": editable,
            "rows": rows,
        },
    )


def _meeting(inside: Inside, code: str) -> Meeting:
    meeting = (
        Meeting.objects.filter(series__group=inside.group, code=code)
        .select_related("cancelled_by")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


@inside_view(MEMBER)
@require_POST
def absence(request: AuthedRequest, inside: Inside, meeting_code: str) -> HttpResponse:
    meeting = _meeting(inside, meeting_code)
    try:
        if request.POST.get("action") == "withdraw":
            absence_withdraw(meeting=meeting, user=request.user)
            messages.success(request, _("Your notice is withdrawn: you are expected."))
        else:
            absence_give(meeting=meeting, user=request.user)
            messages.success(request, _("The others can see that you cannot come."))
    except TooLate:
        messages.error(request, _("That meeting is over."))
    if request.POST.get("back") == "meeting":
        return redirect("meetings:detail", code=inside.group.code, meeting_code=meeting.code)
    # Back to the same meeting in the list, not to the top of the page.
    listed = reverse("meetings:list", kwargs={"code": inside.group.code})
    return redirect(f"{listed}#meeting-{meeting.code}")


@inside_view(MEMBER, INITIATOR)
def meeting_detail(request: AuthedRequest, inside: Inside, meeting_code: str) -> HttpResponse:
    meeting = _meeting(inside, meeting_code)
    # Once the group governs itself, a move is proposed to the group instead (meeting_move).
    movable = not inside.group.is_self_governed
    step = request.POST.get("step")
    move_form = MoveForm(request.POST if step == "move" and movable else None)
    try:
        if move_form.is_bound and move_form.is_valid():
            meeting_move(
                meeting=meeting,
                starts_at=move_form.cleaned_data["starts_at"],
                premises=meeting.premises,
                place_details=move_form.cleaned_data["place_details"],
                message=move_form.cleaned_data["message"],
            )
            messages.success(request, _("The meeting is moved, and the group has been told."))
            return redirect("meetings:list", code=inside.group.code)
    except RoomTaken as error:
        move_form.add_error("time", _taken_message(error))
    except OutOfRange:
        move_form.add_error("date", ValidationError(OUT_OF_RANGE, params={"months": MONTHS_AHEAD}))
    except TooLate:
        messages.error(request, _("That meeting is over."))
    except Cancelled:
        messages.error(request, _("That meeting is cancelled."))
    except NotAllowed:
        messages.error(request, _("The group moves a meeting by a joint decision."))
    absent = Absence.objects.filter(meeting=meeting).select_related("user")
    return render(
        request,
        "meetings/detail.html",
        {
            "group": inside.group,
            "inside": inside,
            "meeting": meeting,
            # Staff who cancel carry the platform's mark, as on the group's overview.
            "cancelled_mark": staff_marks(inside.group).get(meeting.cancelled_by_id or 0, ""),
            "absent": absent,
            "mine": any(absence.user_id == request.user.pk for absence in absent),
            "move_form": move_form,
            "movable": movable,
        },
    )


@inside_view(MEMBER, INITIATOR)
def meeting_cancel_confirm(
    request: AuthedRequest, inside: Inside, meeting_code: str
) -> HttpResponse:
    """Cancelling a meeting for the whole group is asked for on a page of its own, which says
    exactly what will happen."""
    meeting = _meeting(inside, meeting_code)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            meeting_cancel(meeting=meeting, by=request.user, message=form.cleaned_data["message"])
        except TooLate:
            messages.error(request, _("That meeting is over."))
        except Cancelled:
            messages.error(request, _("That meeting is cancelled."))
        else:
            messages.success(request, _("The meeting is cancelled, and the group has been told."))
        return redirect("meetings:list", code=inside.group.code)
    if meeting.cancelled or meeting.is_over:
        return redirect("meetings:detail", code=inside.group.code, meeting_code=meeting.code)
    others = [person for person in member_users(inside.group) if person.pk != request.user.pk]
    return render(
        request,
        "meetings/cancel.html",
        {"group": inside.group, "inside": inside, "meeting": meeting, "form": form, "told": others},
    )


@inside_view(MEMBER, INITIATOR)
def meeting_ics(request: AuthedRequest, inside: Inside, meeting_code: str) -> HttpResponse:
    meeting = _meeting(inside, meeting_code)
    response = HttpResponse(
        meeting_file(meeting, summary=_summary()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="gruppemote.ics"'
    return response


@inside_view(MEMBER)
def leaving(request: AuthedRequest, inside: Inside) -> HttpResponse:
    membership = Membership.objects.get(
        group=inside.group, user=request.user, state=MembershipState.MEMBER
    )
    coming = list(upcoming(inside.group).filter(cancelled=False)[:8])
    if request.method == "POST":
        choice = request.POST.get("last", "now")
        # One of the meetings the page offers; what was posted never reaches the database,
        # which may refuse some text outright (PostgreSQL, a NUL character).
        last = next((meeting for meeting in coming if meeting.code == choice), None)
        if choice == "now":
            # Leaving at once cannot be undone: a page of its own says what it means first.
            return redirect("meetings:leave_now", code=inside.group.code)
        if last is None:
            messages.error(request, _("Choose one of the meetings in the list."))
        else:
            leaving_notice_give(membership=membership, last_meeting=last)
            messages.success(
                request, _("The group has been told. Thank you for letting them know.")
            )
            return redirect("overview:home", code=inside.group.code)
    return render(
        request,
        "meetings/leaving.html",
        {"group": inside.group, "inside": inside, "upcoming": coming},
    )


@inside_view(MEMBER, allow_unsigned=True)
def leave_now(request: AuthedRequest, inside: Inside) -> HttpResponse:
    """ "I'm leaving now", asked for on a page of its own that says what it means; also the
    way out for a member who does not want to sign the declaration."""
    membership = Membership.objects.get(
        group=inside.group, user=request.user, state=MembershipState.MEMBER
    )
    if request.method == "POST":
        leaving_notice_give(membership=membership, last_meeting=None)
        messages.success(request, _("You have left the group. Take care of yourself."))
        return redirect("home")
    return render(
        request,
        "meetings/leave_now.html",
        {
            "group": inside.group,
            "inside": inside,
            "others": len(member_users(inside.group)) - 1,
            "next_meeting": next_meeting(inside.group),
        },
    )


def calendar(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        feed_renew(user=request.user)
        messages.success(
            request, _("Your calendar has a new address. The old one no longer works.")
        )
        return redirect("meetings:calendar")
    feed = feed_for(request.user)
    url = settings.SITE_URL + reverse("meetings:feed", kwargs={"token": feed.token})
    # webcal:// opens the subscription in the phone's or computer's calendar app.
    webcal = "webcal://" + url.split("://", 1)[1]
    return render(request, "meetings/calendar.html", {"feed_url": url, "webcal_url": webcal})


FeedFound = tuple[CalendarFeed, str, str, str]


def _feed_found(request: HttpRequest, token: str) -> FeedFound:
    """The feed of this secret address, its language, its events' name and the digest its
    ETag carries; 404 for an address that is no feed (or whose person is no longer active).
    Read once per request: the early check (`_feed_unchanged`) and the view share it."""
    kept: tuple[str, FeedFound | None] | None = getattr(request, "_feed_found", None)
    if kept is None or kept[0] != token:
        by_token = feed_by_token(token)
        found: FeedFound | None = None
        if by_token is not None:
            calendar_feed, language = by_token
            language = language or settings.LANGUAGE_CODE
            with translation.override(language):
                summary = _summary()
            stamp = feed_stamp(calendar_feed, summary=summary)
            found = (calendar_feed, language, summary, stamp)
        kept = (token, found)
        setattr(request, "_feed_found", kept)  # noqa: B010 (not an attribute of HttpRequest)
    if kept[1] is None:
        raise Http404
    return kept[1]


def _feed_headers(response: HttpResponse, *, etag: str, language: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=900"
    response["Content-Language"] = language
    # As the session middleware says of every answer that asked whether anyone is signed in:
    # a 304 carries what its 200 would.
    patch_vary_headers(response, ("Cookie",))
    return response


def _feed_unchanged(request: HttpRequest, token: str) -> HttpResponse | None:
    """304 when the calendar app holds the file as it is: answered from the digest alone, even
    before the person is looked at (lib/unchanged.py); None for the view to answer."""
    try:
        _found, language, _summary_text, stamp = _feed_found(request, token)
    except Http404:
        return None
    etag = f'"{stamp}"'
    if etag not in request.headers.get("If-None-Match", ""):
        return None
    return _feed_headers(HttpResponseNotModified(), etag=etag, language=language)


@login_not_required
@answers_unchanged(_feed_unchanged)
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: anyone with the secret address, nobody without it.

    The file is the same bytes until something in it changes, so it carries a strong ETag and
    a Last-Modified, and a calendar app that sends them back gets 304 Not Modified.
    """
    # Unchanged: answered from the digest alone, without the file (the same check as early on,
    # for a request the early check leaves to the view: one with a session).
    unchanged = _feed_unchanged(request, token)
    if unchanged is not None:
        return unchanged
    found, language, summary, stamp = _feed_found(request, token)
    etag = f'"{stamp}"'
    calendar_file = feed_calendar_kept(found, stamp=stamp, summary=summary)
    # Whole seconds, as the header carries them, or If-Modified-Since would never match.
    changed = calendar_file.last_modified
    last_modified = int(changed.timestamp()) if changed is not None else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(calendar_file.body, content_type="text/calendar; charset=utf-8")
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return _feed_headers(response, etag=etag, language=language)


@staff_view(StaffRole.COORDINATOR)
def premises_list(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    form = PremisesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        room = form.save(commit=False)
        room.contact_point = contact_point
        room.save()
        messages.success(request, _("The room has been added."))
        return redirect("meetings:premises", slug=contact_point.slug)
    rooms = Premises.objects.filter(contact_point=contact_point)
    return render(
        request,
        "meetings/premises.html",
        {"contact_point": contact_point, "rooms": rooms, "form": form},
    )


@staff_view(StaffRole.COORDINATOR)
def premises_edit(request: AuthedRequest, contact_point: ContactPoint, room: str) -> HttpResponse:
    found = Premises.objects.filter(contact_point=contact_point, code=room).first()
    if found is None:
        raise Http404
    form = PremisesForm(request.POST if request.method == "POST" else None, instance=found)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The room has been saved."))
        return redirect("meetings:premises", slug=contact_point.slug)
    return render(
        request,
        "meetings/premises_edit.html",
        {"contact_point": contact_point, "room": found, "form": form},
    )
