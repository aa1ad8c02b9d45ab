"""A person's notices of absence and of leaving, their calendar feed, and the meetings they
cancelled (see accounts.personal).

The calendar feed is exported as "there is one, made then", without its secret address: the
address works for anyone who has it, and a downloaded file is easily copied on; the person sees
it, and can make a new one, on the calendar page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row, traces_scrub
from selvhjelp.groups.models import Membership
from selvhjelp.meetings.models import Absence, CalendarFeed, LeavingNotice, Meeting


def _absences_export(*, user: User) -> list[Row]:
    return [
        {
            "group": absence.meeting.series.group.title,
            "meeting": absence.meeting.starts_at,
            "created_at": absence.created_at,
        }
        for absence in Absence.objects.filter(user=user)
        .select_related("meeting__series__group")
        .order_by("meeting__starts_at")
    ]


def _absences_erase(*, user: User, addresses: set[str]) -> None:
    Absence.objects.filter(user=user).delete()


def _leaving_export(*, user: User) -> list[Row]:
    return [
        {
            "group": notice.membership.group.title,
            "last_meeting": notice.last_meeting.starts_at if notice.last_meeting else None,
            "created_at": notice.created_at,
        }
        for notice in LeavingNotice.objects.filter(membership__user=user)
        .select_related("membership__group", "last_meeting")
        .order_by("created_at")
    ]


def _leaving_erase(*, user: User, addresses: set[str]) -> None:
    LeavingNotice.objects.filter(membership__user=user).delete()


def _feed_export(*, user: User) -> Row | None:
    feed = CalendarFeed.objects.filter(user=user).first()
    return None if feed is None else {"exists": True, "created_at": feed.created_at}


def _feed_erase(*, user: User, addresses: set[str]) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def _cancelled_export(*, user: User) -> list[Row]:
    return [
        {
            "group": meeting.series.group.title,
            "meeting": meeting.starts_at,
            "message": meeting.message,
        }
        for meeting in Meeting.objects.filter(cancelled_by=user)
        .select_related("series__group")
        .order_by("starts_at")
    ]


def _cancelled_erase(*, user: User, addresses: set[str]) -> None:
    """The meeting stays cancelled for the others, without saying by whom; the person's name
    is taken out of the messages to the groups they were in."""
    Meeting.objects.filter(cancelled_by=user).update(cancelled_by=None)
    groups = Membership.objects.filter(user=user).values("group")
    for meeting in Meeting.objects.filter(series__group__in=groups).exclude(message=""):
        message = traces_scrub(meeting.message, user=user, addresses=addresses)
        if message != meeting.message:
            Meeting.objects.filter(pk=meeting.pk).update(message=message)


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="absences",
        title=_("Meetings you cannot come to"),
        purpose=_("So that the others in the group know. We never ask why."),
        models=("meetings.Absence",),
        export=_absences_export,
        erase=_absences_erase,
        labels={"group": _("Group"), "meeting": _("Meeting"), "created_at": _("Given")},
    ),
    PersonalData(
        name="leaving_notices",
        title=_("Notice that you want to stop"),
        purpose=_("Your membership ends after the last meeting you chose."),
        models=("meetings.LeavingNotice",),
        export=_leaving_export,
        erase=_leaving_erase,
        labels={"group": _("Group"), "last_meeting": _("Last meeting"), "created_at": _("Given")},
    ),
    PersonalData(
        name="calendar_feed",
        title=_("Calendar feed"),
        purpose=_(
            "Your private calendar address. Its secret address is not shown here: you find it "
            "on the calendar page, and can make a new one there."
        ),
        models=("meetings.CalendarFeed",),
        export=_feed_export,
        erase=_feed_erase,
        labels={"exists": _("You have a calendar feed"), "created_at": _("Made")},
    ),
    PersonalData(
        name="meetings_cancelled",
        title=_("Meetings you cancelled"),
        purpose=_("The others in the group see who cancelled a meeting."),
        models=("meetings.Meeting",),
        export=_cancelled_export,
        erase=_cancelled_erase,
        labels={"group": _("Group"), "meeting": _("Meeting"), "message": _("Message to the group")},
    ),
)
