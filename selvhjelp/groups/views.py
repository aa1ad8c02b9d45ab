"""Group pages outside the inside: creating a group, answering an invitation, joining by link,
the themes coordinators keep, and the approval of self-started groups for the directory."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.accounts.second_factor import second_factor_missing
from selvhjelp.contactpoints.access import coordinator_view, staff_view
from selvhjelp.contactpoints.models import ContactPoint, Staff, StaffRole
from selvhjelp.groups.access import INVITED, MEMBER, Inside, inside_view, parts_in
from selvhjelp.groups.forms import GroupCreateForm, ThemeForm, ThemeSuggestionForm
from selvhjelp.groups.links import PAGES
from selvhjelp.groups.models import Group, Theme
from selvhjelp.groups.selectors import invitation_link_valid, waiting_for_listing
from selvhjelp.groups.services import GroupFull, NotAllowed
from selvhjelp.groups.services.creation import group_create
from selvhjelp.groups.services.listing import listing_approve
from selvhjelp.groups.services.membership import membership_admit, membership_decline
from selvhjelp.groups.services.search import theme_save, theme_suggest


@coordinator_view
def themes(request: AuthedRequest) -> HttpResponse:
    """Everyone who keeps groups sees the themes; administrators add and change them, since every
    contact point shares them, and coordinators suggest new ones."""
    administrator = request.user.is_superuser
    data = request.POST if request.method == "POST" else None
    form = ThemeForm(data) if administrator else ThemeSuggestionForm(data)
    if data is not None and form.is_valid():
        if administrator:
            theme_save(theme=form.save(commit=False), by=request.user)
            messages.success(request, _("The theme has been added."))
        else:
            theme_suggest(theme=form.save(commit=False), by=request.user)
            messages.success(
                request, _("Thank you. The administrators will look at your suggestion.")
            )
        return redirect("groups:themes")
    return render(
        request,
        "groups/themes.html",
        {"themes": Theme.objects.all(), "form": form, "administrator": administrator},
    )


@coordinator_view
def theme_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    theme = get_object_or_404(Theme, slug=slug)
    form = ThemeForm(request.POST if request.method == "POST" else None, instance=theme)
    if request.method == "POST" and form.is_valid():
        theme_save(theme=form.save(commit=False), by=request.user)
        messages.success(request, _("The theme has been saved."))
        return redirect("groups:themes")
    return render(request, "groups/theme_edit.html", {"theme": theme, "form": form})


def create(request: AuthedRequest) -> HttpResponse:
    staff_points = Staff.objects.filter(user=request.user).values_list("contact_point", flat=True)
    points = ContactPoint.objects.filter(pk__in=staff_points)
    form = GroupCreateForm(
        request.POST if request.method == "POST" else None,
        staff_points=points,
        initial={
            "themes": request.GET.getlist("tema"),
            "municipality": request.GET.get("kommune"),
            "contact_point": _own_point(points, request.GET.get("kontaktpunkt", "")),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("contact_point"):
            missing = second_factor_missing(request, request.user)
            if missing is not None:
                return missing
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
        return redirect("overview:home", code=group.code)
    return render(request, "groups/create.html", {"form": form})


def _own_point(points: QuerySet[ContactPoint], slug: str) -> ContactPoint | None:
    """Staff start groups for their contact point: the one the address names (a pool's link),
    or their only one. "I start it myself" is a choice they make, never one made for them."""
    named = [point for point in points if point.slug == slug]
    if named:
        return named[0]
    return points[0] if len(points) == 1 else None


def _full_message() -> str:
    return _("The group is full, so we could not add you. Nothing else has changed.")


@inside_view(INVITED, MEMBER)
def respond(request: AuthedRequest, inside: Inside) -> HttpResponse:
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


def join(request: AuthedRequest, code: str, token: str) -> HttpResponse:
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
        except NotAllowed:
            # Handed over since the page was opened: the group is closed now.
            raise Http404 from None
        return redirect("groups:declaration", code=group.code)
    return render(request, "groups/join.html", {"group": group})


@staff_view(StaffRole.COORDINATOR)
def approvals(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    """Self-started groups in this contact point's area that ask to be listed."""
    waiting = waiting_for_listing(contact_point)
    if request.method == "POST":
        # One of the groups the page offers; what was posted never reaches the database.
        chosen = request.POST.get("group")
        group = next((found for found in waiting if found.code == chosen), None)
        if group is None:
            messages.error(request, _("That group no longer waits for approval."))
        else:
            try:
                listing_approve(group=group, contact_point=contact_point, by=request.user)
            except NotAllowed:
                messages.error(request, _("That group no longer waits for approval."))
            else:
                messages.success(request, _("The group is now shown in the directory."))
        return redirect("groups:approvals", slug=contact_point.slug)
    return render(
        request, "groups/approvals.html", {"contact_point": contact_point, "groups": waiting}
    )


def link(request: AuthedRequest, key: str, page: str = "") -> HttpResponse:
    """A private link from a message or a calendar: on to the page for those with a part in
    the group (the invited only to their answer), 404 for everyone else."""
    group = Group.objects.filter(link_key=key).first()
    if group is None or page not in PAGES:
        raise Http404
    parts = parts_in(group, request.user)
    if not parts or (parts == {INVITED}) != (page == "svar"):
        raise Http404
    return redirect(PAGES[page], code=group.code)
