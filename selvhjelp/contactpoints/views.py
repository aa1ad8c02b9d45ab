from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.contactpoints.access import staff_view
from selvhjelp.contactpoints.forms import ContactPointForm, StaffInviteForm, StaffRemoveForm
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffRole
from selvhjelp.contactpoints.services import (
    InvitationInvalid,
    staff_accept,
    staff_invitation_for,
    staff_invite,
    staff_remove,
)
from selvhjelp.lib.pagecache import public_pages_changed


@staff_view(StaffRole.COORDINATOR)
def staff(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    form = StaffInviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        staff_invite(
            contact_point=contact_point,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(request, _("The invitation has been sent."))
        return redirect("contactpoints:staff", slug=contact_point.slug)
    members = (
        Staff.objects.filter(contact_point=contact_point)
        .select_related("user")
        .order_by("role", "user__display_name")
    )
    return render(
        request,
        "contactpoints/staff.html",
        {"contact_point": contact_point, "members": members, "form": form},
    )


@staff_view(StaffRole.COORDINATOR)
def edit(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    form = ContactPointForm(
        request.POST if request.method == "POST" else None, instance=contact_point
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        public_pages_changed()
        messages.success(request, _("The contact point has been saved."))
        return redirect("directory:contact_point", slug=contact_point.slug)
    return render(
        request, "contactpoints/edit.html", {"contact_point": contact_point, "form": form}
    )


@staff_view(StaffRole.COORDINATOR)
@require_POST
def staff_remove_view(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    form = StaffRemoveForm(request.POST, contact_point=contact_point)
    if not form.is_valid():
        messages.error(request, _("That person is no longer on the staff."))
    else:
        try:
            staff_remove(staff=form.cleaned_data["staff"], removed_by=request.user)
        except ValueError:
            messages.error(
                request, _("A contact point needs at least one coordinator. Invite another first.")
            )
        else:
            messages.success(request, _("The role has been removed."))
    return redirect("contactpoints:staff", slug=contact_point.slug)


def invitation(request: AuthedRequest, token: str) -> HttpResponse:
    try:
        found = staff_invitation_for(token, request.user)
    except InvitationInvalid:
        raise Http404 from None
    if request.method == "POST":
        try:
            staff_accept(token=token, user=request.user)
        except InvitationInvalid:
            raise Http404 from None
        messages.success(
            request, _("Welcome to the staff of %(name)s.") % {"name": found.contact_point.name}
        )
        return redirect("directory:contact_point", slug=found.contact_point.slug)
    return render(request, "contactpoints/invitation.html", {"invitation": found})
