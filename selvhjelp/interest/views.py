from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selvhjelp.accounts.http import AuthedRequest
from selvhjelp.accounts.models import ConsentPurpose
from selvhjelp.accounts.services import consent_is_given
from selvhjelp.contactpoints.access import ANY_STAFF, staff_view
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, GroupInterest
from selvhjelp.groups.services import NotAllowed
from selvhjelp.interest.forms import GroupInterestForm, InterestForm
from selvhjelp.interest.models import Interest, Pool
from selvhjelp.interest.services import (
    group_interest_add,
    interest_save,
    interest_withdraw,
    pool_people,
    pools_overview,
    room_link_group,
)


def _initial(interest: Interest | None) -> dict[str, object]:
    if interest is None:
        return {}
    return {
        "themes": list(interest.themes.all()),
        "municipality": interest.municipality.code,
        "reach": interest.reach,
        "digital_ok": interest.digital_ok,
        "weekdays": interest.weekdays,
        "times_of_day": interest.times_of_day,
    }


def mine(request: AuthedRequest) -> HttpResponse:
    interest = (
        Interest.objects.filter(user=request.user)
        .select_related("municipality__county", "contact_point")
        .first()
    )
    needs_consent = not consent_is_given(user=request.user, purpose=ConsentPurpose.INTEREST)
    form = InterestForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(interest),
        needs_consent=needs_consent,
    )
    if request.method == "POST" and form.is_valid():
        saved = interest_save(
            user=request.user,
            themes=form.cleaned_data["themes"],
            municipality=form.cleaned_data["municipality"],
            reach=form.cleaned_data["reach"],
            digital_ok=form.cleaned_data["digital_ok"],
            weekdays=form.cleaned_data["weekdays"],
            times_of_day=form.cleaned_data["times_of_day"],
            consent=form.cleaned_data.get("consent", False),
        )
        if saved.contact_point is None:
            messages.info(
                request,
                _(
                    "Your interest is saved. No contact point serves %(place)s yet, so nobody "
                    "can start a group from it there for now. We keep it, and it counts when one "
                    "does."
                )
                % {"place": saved.municipality.name},
            )
        else:
            messages.success(request, _("Your interest is saved."))
        return redirect("interest:mine")
    groups = GroupInterest.objects.filter(user=request.user).select_related("group")
    return render(
        request,
        "interest/mine.html",
        {"form": form, "interest": interest, "group_interests": groups},
    )


def withdraw(request: AuthedRequest) -> HttpResponse:
    """Withdrawing deletes more than the registration: a page of its own lists all of it
    first, and only its button deletes."""
    if request.method == "POST":
        interest_withdraw(user=request.user)
        messages.success(
            request, _("Your interest and your consent are withdrawn. Nothing is kept.")
        )
        return redirect("interest:mine")
    interest = (
        Interest.objects.filter(user=request.user)
        .select_related("municipality__county")
        .prefetch_related("themes")
        .first()
    )
    groups = GroupInterest.objects.filter(user=request.user).select_related("group")
    return render(
        request,
        "interest/withdraw.html",
        {"interest": interest, "group_interests": groups},
    )


@require_POST
def in_group(request: AuthedRequest, code: str) -> HttpResponse:
    # A group with room takes interest now; a full one is told "tell me when there is room".
    group = Group.objects.listed().filter(code=code).first()
    if group is None:
        raise Http404
    needs_consent = not consent_is_given(user=request.user, purpose=ConsentPurpose.INTEREST)
    form = GroupInterestForm(request.POST, needs_consent=needs_consent)
    if not form.is_valid():
        # ErrorList[i] is always the message (ErrorList.__getitem__); the stubs omit that.
        messages.error(request, form.errors["consent"][0])  # type: ignore[arg-type]
        return redirect("directory:group", code=code)
    try:
        group_interest_add(
            user=request.user, group=group, consent=form.cleaned_data.get("consent", False)
        )
    except NotAllowed:
        messages.info(request, _("You are already a member of this group."))
    else:
        messages.success(request, _interest_thanks(group))
    return redirect("directory:group", code=code)


def _interest_thanks(group: Group) -> str:
    if not group.has_room:
        return _("Thank you. We will tell you when the group has room.")
    if group.is_self_governed:
        return _(
            "Thank you. The members have been told, and decide together whether to admit you. "
            "You will hear from us either way."
        )
    return _("Thank you. The people who start this group will get in touch with you.")


@staff_view(*ANY_STAFF)
def pools(request: AuthedRequest, contact_point: ContactPoint) -> HttpResponse:
    by_place, by_county = pools_overview(contact_point)
    return render(
        request,
        "interest/pools.html",
        {"contact_point": contact_point, "pools": by_place, "counties": by_county},
    )


@staff_view(*ANY_STAFF)
def pool(request: AuthedRequest, contact_point: ContactPoint, code: str) -> HttpResponse:
    chosen = get_object_or_404(
        Pool.objects.select_related("contact_point", "theme", "municipality"),
        contact_point=contact_point,
        code=code,
    )
    people = pool_people(pool=chosen, viewer=request.user)
    return render(
        request,
        "interest/pool.html",
        {
            "contact_point": contact_point,
            "theme": chosen.theme,
            "municipality": chosen.municipality,
            "people": people,
        },
    )


def room_link(request: AuthedRequest, key: str) -> HttpResponse:
    group = room_link_group(key=key, person=request.user)
    if group is None:
        raise Http404
    return redirect("directory:group", code=group.code)
