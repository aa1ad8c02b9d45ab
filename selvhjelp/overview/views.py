"""A group's overview page, and the initiator's pages for starting the group: invitations,
intake conversations, the checklist with the hand-over, and the follow-up visit after it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.accounts.models import User
from selvhjelp.accounts.second_factor import second_factor_missing
from selvhjelp.audit.models import AuditAction
from selvhjelp.audit.services import audit_record
from selvhjelp.groups.access import COORDINATOR, INITIATOR, MEMBER, Inside, inside_view
from selvhjelp.groups.forms import FollowUpForm, IntakeForm
from selvhjelp.groups.models import FOLLOW_UP_AFTER, FRAGILE_BELOW, Group, GroupState, Intake
from selvhjelp.groups.selectors import (
    applicants,
    handover_missing,
    invited,
    is_member,
    members,
    signed_ids,
    staff_marks,
)
from selvhjelp.groups.services import NotAllowed, NotYet, OutOfRange
from selvhjelp.groups.services.handover import follow_up_plan, group_hand_over, group_mark
from selvhjelp.groups.services.membership import (
    intake_record,
    invitation_link_renew,
    invitation_link_revoke,
    member_invite,
)
from selvhjelp.interest.selectors import people_for_group, people_to_invite
from selvhjelp.meetings.selectors import (
    early_meetings,
    follow_ups,
    follow_ups_due,
    meetings_on_own,
    next_meeting,
)
from selvhjelp.meetings.services import first_meeting_mark, initiator_attendance_set
from selvhjelp.overview.selectors import checklist


def _audit_people(request: AuthedRequest, group: Group, action: str, people: list[int]) -> None:
    """Staff reading names of people interested in or talked with about a group is audited, as
    opening a pool is."""
    audit_record(
        actor=request.user,
        action=action,
        target=group,
        contact_point=group.contact_point,
        subjects=User.objects.filter(pk__in=people),
    )


@inside_view(MEMBER, INITIATOR)
def home(request: AuthedRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    current = members(group)
    marks = staff_marks(group)
    signed = signed_ids(group)
    # An ended group starts nothing more: no start-up warnings, checklist or invitations.
    ended = group.state == GroupState.ENDED
    initiator = inside.is_initiator and not ended
    people = people_to_invite(group, viewer=request.user) if initiator else None
    if people:
        _audit_people(request, group, AuditAction.VIEW_INTEREST, [pk for pk, _name in people])
    context = {
        "group": group,
        "inside": inside,
        "fragile": len(current) < FRAGILE_BELOW and not ended,
        "shows_start_up": initiator,
        "member_rows": [(m, marks.get(m.user_id, ""), m.user_id in signed) for m in current],
        # Shown only while they are staff of the group's contact point, with the staff mark.
        "initiator": group.initiator if group.initiator_id in marks else None,
        "initiator_mark": marks.get(group.initiator_id or 0, ""),
        "checklist": checklist(group) if initiator else None,
        "missing": handover_missing(group) if initiator else None,
        "invited": invited(group) if initiator else None,
        "people": people,
        # A group that governs itself decides on admitting them; while it starts, the
        # initiator invites.
        "applicants": (applicants(group) if inside.is_member and group.is_self_governed else None),
        "follow_up_form": FollowUpForm(),
        "next_meeting": next_meeting(group),
        "early": early_meetings(group) if initiator else None,
    }
    return render(request, "overview/home.html", context)


@inside_view(INITIATOR)
@require_POST
def invite(request: AuthedRequest, inside: Inside) -> HttpResponse:
    action = request.POST.get("action")
    if action == "renew-link":
        invitation_link_renew(group=inside.group)
        messages.success(request, _("A new invitation link is ready; the old one no longer works."))
    elif action == "revoke-link":
        invitation_link_revoke(group=inside.group)
        messages.success(request, _("The invitation link no longer works."))
    else:
        allowed = {pk for pk, _name in people_to_invite(inside.group, viewer=request.user)}
        try:
            person = int(request.POST.get("person", ""))
        except ValueError:
            person = None
        if person not in allowed:
            messages.error(request, _("Choose a person from the list."))
        else:
            try:
                member_invite(group=inside.group, user=User.objects.get(pk=person))
            except NotAllowed:
                messages.error(request, _("The group does not take new members now."))
            else:
                messages.success(request, _("The invitation has been sent."))
    return redirect("overview:home", code=inside.group.code)


@inside_view(INITIATOR, COORDINATOR)
def intake(request: AuthedRequest, inside: Inside) -> HttpResponse:
    people = people_for_group(inside.group)
    form = IntakeForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            intake_record(
                group=inside.group,
                user=User.objects.get(pk=form.cleaned_data["person"]),
                held_on=form.cleaned_data["held_on"],
                outcome=form.cleaned_data["outcome"],
                recorded_by=request.user,
            )
        except OutOfRange:  # the day turned since the form's check
            form.add_error("held_on", _("Choose another day."))
        else:
            messages.success(request, _("The intake conversation has been recorded."))
            return redirect("overview:intake", code=inside.group.code)
    records = list(
        Intake.objects.filter(group=inside.group).select_related("user").order_by("-held_on")
    )
    shown = {pk for pk, _name in people} | {record.user_id for record in records}
    _audit_people(request, inside.group, AuditAction.VIEW_INTAKE, sorted(shown))
    return render(
        request,
        "overview/intake.html",
        {"group": inside.group, "form": form, "records": records, "inside": inside},
    )


def _hand_over(request: AuthedRequest, group: Group) -> HttpResponse | None:
    """A hand-over cannot be undone: the first press shows what it does, the second does it."""
    if handover_missing(group):
        messages.error(request, _("The group cannot be handed over yet: see the checklist."))
        return None
    if request.POST.get("confirmed") != "yes":
        return render(
            request,
            "overview/hand_over.html",
            {"group": group, "stays_member": is_member(group, request.user)},
        )
    try:
        group_hand_over(group=group)
    except NotAllowed:
        messages.error(request, _("The group cannot be handed over yet: see the checklist."))
        return None
    messages.success(request, _("The group now governs itself. Thank you for your help."))
    if group.initiator_id == request.user.pk and not is_member(group, request.user):
        return redirect("overview:follow_up", code=group.code)
    return None


def _attendance(request: AuthedRequest, inside: Inside) -> None:
    meeting = next(
        (m for m in early_meetings(inside.group) if m.code == request.POST.get("meeting")), None
    )
    if meeting is None:
        messages.error(request, _("Choose a meeting that has been held."))
        return
    attended = request.POST.get("attended") == "yes"
    try:
        initiator_attendance_set(meeting=meeting, by=request.user, attended=attended)
    except NotAllowed:
        messages.error(request, _("Only the group's initiator records where they were."))
    else:
        messages.success(request, _("Saved."))


@inside_view(INITIATOR)
@require_POST
def checklist_step(request: AuthedRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    step = request.POST.get("step")
    if step == "principles":
        group_mark(group=group, step=step)
        messages.success(request, _("Marked: the principles and frames are introduced."))
    elif step == "first_meeting":
        try:
            first_meeting_mark(group=group)
        except NotYet:
            messages.error(
                request, _("The first meeting has not been held yet. Mark it once it has.")
            )
        except NotAllowed:
            messages.error(
                request, _("The group has no members yet, so it has not met. Invite people first.")
            )
        else:
            messages.success(request, _("Marked: the first meeting is held."))
    elif step == "attended":
        _attendance(request, inside)
    elif step == "follow_up_plan":
        _follow_up_plan(request, group)
    elif step == "handover":
        response = _hand_over(request, group)
        if response is not None:
            return response
    return redirect("overview:home", code=group.code)


def _follow_up_plan(request: AuthedRequest, group: Group) -> None:
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_plan(group=group, on=form.cleaned_data["on"])
        except OutOfRange:  # the day turned since the form's check
            form.add_error("on", _("Choose another day."))
        else:
            messages.success(request, _("The follow-up visit is planned."))
            return
    messages.error(request, form.message())


def follow_up(request: AuthedRequest, code: str) -> HttpResponse:
    """What an initiator keeps after the hand-over: the group's state and the follow-up visit."""
    # Only while the initiator is staff of the group's contact point today.
    group = Group.objects.filter(
        code=code,
        initiator=request.user,
        self_started=False,
        contact_point__staff__user=request.user,
    ).first()
    if group is None or not group.is_self_governed:
        raise Http404
    missing = second_factor_missing(request, request.user)
    if missing is not None:
        return missing
    if request.method == "POST":
        if request.POST.get("step") == "done":
            try:
                group_mark(group=group, step="follow_up_done")
            except NotYet:
                messages.error(
                    request,
                    _("The visit is planned for a later day. Mark it as done once it is."),
                )
            else:
                messages.success(request, _("The follow-up visit is recorded as done."))
        else:
            _follow_up_plan(request, group)
        return redirect("overview:follow_up", code=code)
    on_own = meetings_on_own(group)
    return render(
        request,
        "overview/follow_up.html",
        {
            "group": group,
            "form": FollowUpForm(),
            "on_own": on_own,
            "due": group.follow_up_done_at is None and on_own >= FOLLOW_UP_AFTER,
            "after": FOLLOW_UP_AFTER,
        },
    )


def follow_ups_list(request: AuthedRequest) -> HttpResponse:
    """An initiator's follow-up visits: the groups they handed over, which visits are due (after
    the group's third meeting on its own), planned or done."""
    if not request.user.staff_roles.exists():
        raise Http404
    missing = second_factor_missing(request, request.user)
    if missing is not None:
        return missing
    groups = list(follow_ups(request.user))
    due = set(follow_ups_due(request.user).values_list("pk", flat=True))
    return render(
        request,
        "overview/follow_ups.html",
        {
            "due": [g for g in groups if g.pk in due],
            "waiting": [g for g in groups if g.pk not in due and g.follow_up_done_at is None],
            "done": [g for g in groups if g.follow_up_done_at is not None],
            "after": FOLLOW_UP_AFTER,
        },
    )
