from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.contactpoints.access import staff_view
from selvhjelp.contactpoints.models import ContactPoint, StaffRole
from selvhjelp.groups.access import INITIATOR, MEMBER, Inside, inside_view
from selvhjelp.groups.models import MembershipState
from selvhjelp.lib.compass import drawing_context
from selvhjelp.meetings.models import Absence, Meeting
from selvhjelp.pages.content import COMPASS_QUESTION, PRINCIPLES
from selvhjelp.reflection.forms import CompassEditForm, EvaluationForm, ReflectionForm
from selvhjelp.reflection.models import EVALUATION_OPEN_DAYS, CompassVersion, CompassWord, Ring
from selvhjelp.reflection.selectors import (
    RINGS,
    evaluation_latest_closed,
    evaluation_open_period,
    evaluation_summary,
    has_evaluated,
    has_reflected,
    reflected_among,
    reflection_summary,
    reflection_trend,
    reflection_version,
    reflections_open,
)
from selvhjelp.reflection.services import (
    AlreadyAnswered,
    NotOpen,
    compass_current,
    compass_save,
    compass_words,
    evaluation_give,
    reflection_give,
)


def _meeting(inside: Inside, code: str) -> Meeting:
    meeting = (
        Meeting.objects.filter(series__group=inside.group, code=code)
        .select_related("series__group__contact_point")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def _compass(contact_point: ContactPoint | None) -> dict[str, object]:
    words = compass_words(compass_current(contact_point))
    rings = [(str(Ring(ring).label), [word.text for word in words[ring]]) for ring in RINGS]
    return {**drawing_context(rings, str(COMPASS_QUESTION)), "words": words}


@inside_view(MEMBER, INITIATOR)
def meeting_mode(request: AuthedRequest, inside: Inside, meeting_code: str) -> HttpResponse:
    meeting = _meeting(inside, meeting_code)
    members = inside.group.memberships.filter(state=MembershipState.MEMBER).count()
    absent = Absence.objects.filter(meeting=meeting).count()
    halfway = meeting.starts_at + (meeting.ends_at - meeting.starts_at) / 2
    return render(
        request,
        "reflection/meeting_mode.html",
        {
            "group": inside.group,
            "inside": inside,
            "meeting": meeting,
            "halfway": halfway,
            "present": max(members - absent, 1),
            "principles": PRINCIPLES,
            **_compass(inside.group.contact_point),
        },
    )


@inside_view(MEMBER, INITIATOR)
def reflect(request: AuthedRequest, inside: Inside, meeting_code: str) -> HttpResponse:
    meeting = _meeting(inside, meeting_code)
    if meeting.starts_at > timezone.now():
        messages.info(request, _("You can reflect once the meeting has started."))
        return redirect("meetings:detail", code=inside.group.code, meeting_code=meeting.code)
    if request.method == "POST" and inside.is_member:
        _reflection_give(request, meeting)
        return redirect("reflection:reflect", code=inside.group.code, meeting_code=meeting.code)
    result = reflection_summary(meeting)
    answered = inside.is_member and has_reflected(meeting=meeting, user=request.user)
    version = reflection_version(meeting) or compass_current(inside.group.contact_point)
    return render(
        request,
        "reflection/reflect.html",
        {
            "group": inside.group,
            "inside": inside,
            "meeting": meeting,
            "answered": answered,
            "result": result,
            "rings": _rings(version),
        },
    )


def _reflection_give(request: AuthedRequest, meeting: Meeting) -> None:
    """Store the member's marks; only words of the reflection's own compass version count."""
    version = reflection_version(meeting) or compass_current(meeting.series.group.contact_point)
    form = ReflectionForm(request.POST, words=version.words.all())
    if not form.is_valid():
        messages.error(
            request,
            _("The compass words have changed since you opened the page. Mark the words again."),
        )
        return
    try:
        reflection_give(meeting=meeting, user=request.user, word_ids=form.cleaned_data["word"])
    except AlreadyAnswered:
        messages.info(request, _("You have already answered for this meeting."))
    except NotOpen:
        messages.info(request, _("This reflection has closed."))
    else:
        messages.success(request, _("Thank you. Your answer is stored without your name."))


def _rings(version: CompassVersion) -> list[tuple[str, str, list[CompassWord]]]:
    """The words to choose from: those of the reflection's own compass version."""
    words = compass_words(version)
    return [(ring, str(Ring(ring).label), words[ring]) for ring in RINGS]


CHART_WIDTH, BAR_HEIGHT, GAP = 560, 22, 10


@inside_view(MEMBER, INITIATOR)
def trend(request: AuthedRequest, inside: Inside) -> HttpResponse:
    points = reflection_trend(inside.group)
    bars = []
    for row, point in enumerate(points):
        x = 120.0
        segments = []
        for ring in RINGS:
            width = round(point.shares[ring] * (CHART_WIDTH - 130), 1)
            segments.append(
                {
                    "ring": ring,
                    "x": round(x, 1),
                    "width": width,
                    "percent": round(point.shares[ring] * 100),
                }
            )
            x += width
        bars.append({"point": point, "y": row * (BAR_HEIGHT + GAP), "segments": segments})
    period = evaluation_open_period(inside.group, timezone.localdate())
    still_open = reflections_open(inside.group, now=timezone.now())
    answered = reflected_among(still_open, user=request.user) if inside.is_member else set()
    waiting = [(meeting, meeting.pk in answered) for meeting in still_open]
    return render(
        request,
        "reflection/trend.html",
        {
            "group": inside.group,
            "inside": inside,
            "waiting": waiting,
            "bars": bars,
            "width": CHART_WIDTH,
            "height": max(len(bars), 1) * (BAR_HEIGHT + GAP),
            "bar_height": BAR_HEIGHT,
            "rings": [(ring, Ring(ring).label) for ring in RINGS],
            "period": period,
        },
    )


@inside_view(MEMBER, INITIATOR)
def evaluation(request: AuthedRequest, inside: Inside) -> HttpResponse:
    period = evaluation_open_period(inside.group, timezone.localdate())
    latest = evaluation_latest_closed(inside.group)
    if period is None and latest is None:
        messages.info(
            request, _("The first self-evaluation opens about six weeks after the hand-over.")
        )
        return redirect("reflection:trend", code=inside.group.code)
    answered = period is not None and (
        inside.is_member and has_evaluated(group=inside.group, user=request.user, period=period)
    )
    giving = request.method == "POST" and inside.is_member and not answered
    form = EvaluationForm(request.POST if giving else None)
    if giving and period is not None and form.is_valid():
        try:
            evaluation_give(
                group=inside.group, user=request.user, period=period, answers=form.cleaned_data
            )
        except AlreadyAnswered:
            messages.info(request, _("You have already answered this time."))
        except NotOpen:
            messages.info(request, _("This self-evaluation has closed."))
        else:
            messages.success(request, _("Thank you. Your answer is stored without your name."))
        return redirect("reflection:evaluation", code=inside.group.code)
    return render(
        request,
        "reflection/evaluation.html",
        {
            "group": inside.group,
            "inside": inside,
            "form": form,
            "answered": answered,
            "current": evaluation_summary(inside.group, period) if period else None,
            "latest": evaluation_summary(inside.group, latest) if latest else None,
            "open_days": EVALUATION_OPEN_DAYS,
        },
    )


@staff_view(StaffRole.COORDINATOR)
def compass_edit(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    words = compass_words(compass_current(contact_point))
    initial: dict[str, str] = {
        ring: "\n".join(word.text_nb for word in words[ring]) for ring in RINGS
    }
    form = CompassEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        compass_save(contact_point=contact_point, rings=form.rings(), by=request.user)
        messages.success(request, _("The compass words have been saved as a new version."))
        return redirect("reflection:compass_edit", slug=contact_point.slug)
    return render(
        request, "reflection/compass_edit.html", {"contact_point": contact_point, "form": form}
    )


WORKER = "js/meeting-mode-worker.js"


@login_not_required
def meeting_mode_worker(request: HttpRequest) -> HttpResponse:
    """The static script of meeting mode's offline worker, served from /grupper/ because a
    worker may only answer for pages at or below its own address."""
    found = finders.find(WORKER)
    assert isinstance(found, str)
    with open(found, encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
