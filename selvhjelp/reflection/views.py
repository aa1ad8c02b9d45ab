from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
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
from selvhjelp.reflection.models import CompassWord, Ring
from selvhjelp.reflection.services import (
    RINGS,
    AlreadyAnswered,
    compass_current,
    compass_save,
    compass_words,
    evaluation_give,
    evaluation_period,
    evaluation_summary,
    has_evaluated,
    has_reflected,
    reflection_give,
    reflection_summary,
    reflection_trend,
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
    answered = inside.is_member and has_reflected(meeting=meeting, user=request.user)
    if request.method == "POST" and inside.is_member:
        _reflection_give(request, meeting)
        return redirect("reflection:reflect", code=inside.group.code, meeting_code=meeting.code)
    count, summary = reflection_summary(meeting)
    return render(
        request,
        "reflection/reflect.html",
        {
            "group": inside.group,
            "inside": inside,
            "meeting": meeting,
            "answered": answered,
            "count": count,
            "summary": summary,
            "rings": _rings(inside.group.contact_point),
        },
    )


def _reflection_give(request: AuthedRequest, meeting: Meeting) -> None:
    words = compass_current(meeting.series.group.contact_point).words.all()
    form = ReflectionForm(request.POST, words=words)
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
    else:
        messages.success(request, _("Thank you. Your answer is stored without your name."))


def _rings(contact_point: ContactPoint | None) -> list[tuple[str, str, list[CompassWord]]]:
    words = compass_words(compass_current(contact_point))
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
    period = evaluation_period(inside.group, timezone.localdate())
    return render(
        request,
        "reflection/trend.html",
        {
            "group": inside.group,
            "inside": inside,
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
    period = evaluation_period(inside.group, timezone.localdate())
    if period is None:
        messages.info(
            request, _("The first self-evaluation opens about six weeks after the hand-over.")
        )
        return redirect("reflection:trend", code=inside.group.code)
    answered = inside.is_member and has_evaluated(
        group=inside.group, user=request.user, period=period
    )
    form = EvaluationForm(request.POST if request.method == "POST" and not answered else None)
    if request.method == "POST" and inside.is_member and not answered and form.is_valid():
        try:
            evaluation_give(
                group=inside.group, user=request.user, period=period, answers=form.cleaned_data
            )
        except AlreadyAnswered:
            messages.info(request, _("You have already answered this time."))
        else:
            messages.success(request, _("Thank you. Your answer is stored without your name."))
        return redirect("reflection:evaluation", code=inside.group.code)
    count, averages, changes = evaluation_summary(inside.group, period)
    return render(
        request,
        "reflection/evaluation.html",
        {
            "group": inside.group,
            "inside": inside,
            "form": form,
            "answered": answered,
            "count": count,
            "averages": averages,
            "changes": changes,
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
