"""The inside of a group: for its members, and for its initiator until the hand-over."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.access import mfa_redirect
from selvhjelp.contactpoints.models import ContactPoint, Staff
from selvhjelp.groups.access import COORDINATOR, INITIATOR, INVITED, MEMBER, Inside, inside_view
from selvhjelp.groups.forms import AgreementForm, FollowUpForm, GroupCreateForm, IntakeForm
from selvhjelp.groups.models import Group, Intake, Membership, MembershipState, Signature
from selvhjelp.groups.starting import (
    FRAGILE_BELOW,
    GroupFull,
    NotAllowed,
    agreement_update,
    checklist,
    declaration_current,
    declaration_sign,
    follow_up_plan,
    group_create,
    group_hand_over,
    group_mark,
    handover_missing,
    intake_record,
    invitation_link_renew,
    invitation_link_revoke,
    invitation_link_valid,
    listing_request,
    member_invite,
    members,
    membership_admit,
    membership_decline,
    membership_leave,
)
from selvhjelp.interest.models import GroupInterest, Interest
from selvhjelp.meetings.models import Meeting


def _full_message() -> str:
    return _("The group is full, so we could not add you. Nothing else has changed.")


def create(request: HttpRequest) -> HttpResponse:
    staff_points = Staff.objects.filter(user=request.user).values_list("contact_point", flat=True)
    points = ContactPoint.objects.filter(pk__in=staff_points)
    form = GroupCreateForm(
        request.POST if request.method == "POST" else None,
        staff_points=points,
        initial={"themes": request.GET.getlist("tema"), "municipality": request.GET.get("kommune")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("contact_point") and not is_mfa_enabled(request.user):
            return mfa_redirect(request)
        group = group_create(
            creator=request.user,
            title=data["title"],
            themes=data["themes"],
            municipality=data["municipality"],
            kind="across" if any(t.kind == "across" for t in data["themes"]) else "shared",
            format=data["format"],
            weekday=data["weekday"],
            time_of_day=data["time_of_day"],
            contact_point=data.get("contact_point"),
        )
        messages.success(request, _("The group has been created."))
        return redirect("groups:inside", code=group.code)
    return render(request, "groups/create.html", {"form": form})


def _people_for(inside: Inside) -> list[tuple[int, str]]:
    """People the initiator may invite or talk with: interested in this group or its pool."""
    group = inside.group
    wanting = set(GroupInterest.objects.filter(group=group).values_list("user_id", flat=True))
    if group.contact_point_id:
        wanting |= set(
            Interest.objects.filter(
                contact_point_id=group.contact_point_id,
                municipality_id=group.municipality_id,
                themes__in=group.themes.all(),
            ).values_list("user_id", flat=True)
        )
    wanting |= set(Membership.objects.filter(group=group).values_list("user_id", flat=True))
    return [
        (user.pk, user.display_name)
        for user in User.objects.filter(pk__in=wanting).order_by("display_name")
    ]


@inside_view(MEMBER, INITIATOR)
def inside(request: HttpRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    current = members(group)
    context = {
        "group": group,
        "inside": inside,
        "members": current,
        "fragile": len(current) < FRAGILE_BELOW,
        "agreement": group.agreement,
        "declaration": declaration_current(group),
        "signed_ids": set(
            Signature.objects.filter(declaration=declaration_current(group)).values_list(
                "user_id", flat=True
            )
        ),
        "checklist": checklist(group) if inside.is_initiator else None,
        "missing": handover_missing(group) if inside.is_initiator else None,
        "invited": Membership.objects.filter(
            group=group, state=MembershipState.INVITED
        ).select_related("user")
        if inside.is_initiator
        else None,
        "people": _people_for(inside) if inside.is_initiator else None,
        "follow_up_form": FollowUpForm(),
        "next_meeting": Meeting.objects.filter(
            series__group=group, cancelled=False, ends_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first(),
    }
    return render(request, "groups/inside.html", context)


@inside_view(INITIATOR)
@require_POST
def invite(request: HttpRequest, inside: Inside) -> HttpResponse:
    allowed = {pk for pk, _name in _people_for(inside)}
    action = request.POST.get("action")
    if action == "renew-link":
        invitation_link_renew(group=inside.group)
        messages.success(request, _("A new invitation link is ready; the old one no longer works."))
    elif action == "revoke-link":
        invitation_link_revoke(group=inside.group)
        messages.success(request, _("The invitation link no longer works."))
    else:
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
    return redirect("groups:inside", code=inside.group.code)


@inside_view(INITIATOR, COORDINATOR)
def intake(request: HttpRequest, inside: Inside) -> HttpResponse:
    people = _people_for(inside)
    form = IntakeForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form.is_valid():
        intake_record(
            group=inside.group,
            user=User.objects.get(pk=form.cleaned_data["person"]),
            held_on=form.cleaned_data["held_on"],
            outcome=form.cleaned_data["outcome"],
            recorded_by=request.user,
        )
        messages.success(request, _("The intake conversation has been recorded."))
        return redirect("groups:intake", code=inside.group.code)
    records = Intake.objects.filter(group=inside.group).select_related("user").order_by("-held_on")
    return render(
        request,
        "groups/intake.html",
        {"group": inside.group, "form": form, "records": records, "inside": inside},
    )


@inside_view(INITIATOR)
@require_POST
def checklist_step(request: HttpRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    step = request.POST.get("step")
    if step in ("principles", "first_meeting"):
        group_mark(group=group, step=step)
    elif step == "follow_up_plan":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            follow_up_plan(group=group, on=form.cleaned_data["on"])
        else:
            messages.error(request, _("Give the date of the follow-up visit."))
    elif step == "handover":
        try:
            group_hand_over(group=group)
        except NotAllowed:
            messages.error(request, _("The group cannot be handed over yet: see the checklist."))
        else:
            messages.success(request, _("The group now governs itself. Thank you for your help."))
            if (
                group.initiator_id == request.user.pk
                and not Membership.objects.filter(
                    group=group, user=request.user, state=MembershipState.MEMBER
                ).exists()
            ):
                return redirect("groups:follow_up", code=group.code)
    return redirect("groups:inside", code=group.code)


@inside_view(MEMBER, INITIATOR)
def agreement(request: HttpRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    editable = group.handed_over_at is None
    form = AgreementForm(
        request.POST if request.method == "POST" and editable else None, instance=group.agreement
    )
    if request.method == "POST" and editable and form.is_valid():
        agreement_update(group=group, changes=form.cleaned_data)
        messages.success(request, _("The group agreement has been saved."))
        return redirect("groups:agreement", code=group.code)
    return render(
        request,
        "groups/agreement.html",
        {"group": group, "form": form, "editable": editable, "agreement": group.agreement},
    )


@inside_view(MEMBER, INITIATOR, allow_unsigned=True)
def declaration(request: HttpRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    current = declaration_current(group)
    if request.method == "POST" and inside.is_member:
        declaration_sign(group=group, user=request.user)
        messages.success(request, _("You have signed the declaration."))
        return redirect("groups:inside", code=group.code)
    signed = Signature.objects.filter(declaration=current, user=request.user).exists()
    return render(
        request,
        "groups/declaration.html",
        {"group": group, "declaration": current, "signed": signed, "inside": inside},
    )


@inside_view(MEMBER, INITIATOR)
def declaration_print(request: HttpRequest, inside: Inside) -> HttpResponse:
    current = declaration_current(inside.group)
    signatures = current.signatures.select_related("user").order_by("signed_at")
    return render(
        request,
        "groups/declaration_print.html",
        {"group": inside.group, "declaration": current, "signatures": signatures},
    )


@inside_view(MEMBER, allow_unsigned=True)
@require_POST
def leave(request: HttpRequest, inside: Inside) -> HttpResponse:
    membership_leave(group=inside.group, user=request.user)
    messages.success(request, _("You have left the group. Take care of yourself."))
    return redirect("home")


@inside_view(INITIATOR)
@require_POST
def ask_listing(request: HttpRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    if not group.self_started or group.listed:
        raise Http404
    asked = listing_request(group=group)
    if asked:
        messages.success(
            request, _("We have asked the coordinators in your area to list the group.")
        )
    else:
        messages.info(
            request,
            _("No contact point serves this municipality yet, so nobody can list the group now."),
        )
    return redirect("groups:inside", code=group.code)


@inside_view(INVITED, MEMBER)
def respond(request: HttpRequest, inside: Inside) -> HttpResponse:
    group = inside.group
    if request.method == "POST":
        if request.POST.get("answer") == "yes":
            try:
                membership_admit(group=group, user=request.user)
            except GroupFull:
                messages.error(request, _full_message())
                return redirect("groups:respond", code=group.code)
            return redirect("groups:declaration", code=group.code)
        membership_decline(group=group, user=request.user)
        messages.info(request, _("You have said no, thank you. Nothing more is needed."))
        return redirect("home")
    return render(request, "groups/respond.html", {"group": group, "inside": inside})


def join(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """Join a group through its invitation link (self-started groups)."""
    group = Group.objects.select_related("municipality__county").filter(code=code).first()
    if group is None or not invitation_link_valid(group, token):
        raise Http404
    if request.method == "POST":
        try:
            membership_admit(group=group, user=request.user)
        except GroupFull:
            messages.error(request, _full_message())
            return redirect("groups:join", code=code, token=token)
        return redirect("groups:declaration", code=group.code)
    return render(request, "groups/join.html", {"group": group})


def follow_up(request: HttpRequest, code: str) -> HttpResponse:
    """What an initiator keeps after the hand-over: the group's state and the follow-up visit."""
    group = Group.objects.filter(code=code, initiator=request.user, self_started=False).first()
    if group is None or group.handed_over_at is None:
        raise Http404
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if request.POST.get("step") == "done":
            group_mark(group=group, step="follow_up_done")
            messages.success(request, _("The follow-up visit is recorded as done."))
        elif form.is_valid():
            follow_up_plan(group=group, on=form.cleaned_data["on"])
            messages.success(request, _("The follow-up visit is planned."))
        return redirect("groups:follow_up", code=code)
    return render(request, "groups/follow_up.html", {"group": group, "form": FollowUpForm()})
