"""The kinds of message the platform sends, and whether a person may turn them off.

Each kind has its templates in `templates/notifications/<name>/`: `subject.txt` (rendered
with no context at all, so it can never name a theme or a group), `body.txt` and `body.html`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Kind:
    name: str
    label: StrPromise
    description: StrPromise
    essential: bool
    staff_only: bool = False


ACCOUNT = Kind(
    name="account",
    label=_("Account and security"),
    description=_(
        "Confirming your email address, resetting your password and warnings about your account."
    ),
    essential=True,
)
MEETING_REMINDER = Kind(
    name="meeting_reminder",
    label=_("Meeting reminders"),
    description=_("A reminder the day before a meeting in your group."),
    essential=False,
)
GROUP_NEWS = Kind(
    name="group_news",
    label=_("News from your group"),
    description=_("New proposals and decisions, and meetings that are cancelled or moved."),
    essential=False,
)
INTEREST_MATCH = Kind(
    name="interest_match",
    label=_("A group that may suit you"),
    description=_("When a group that matches your interest has room or is being started."),
    essential=False,
)

STAFF_INVITATION = Kind(
    name="staff_invitation",
    label=_("Invitations to the staff of a contact point"),
    description=_("Sent once, to the address a coordinator invited."),
    essential=True,
)
# The name stays "staff_notice" so that opt-outs already stored keep working.
POOL_READY = Kind(
    name="staff_notice",
    label=_("Enough people for a new group"),
    description=_("For coordinators: enough people are interested for a group to start."),
    essential=False,
    staff_only=True,
)
LISTING_REQUEST = Kind(
    name="listing_request",
    label=_("Groups that ask to be listed"),
    description=_(
        "For coordinators: a participant has started a group in your area and asks to be "
        "shown in the directory."
    ),
    essential=False,
    staff_only=True,
)
INTEREST_EXPIRY = Kind(
    name="interest_expiry",
    label=_("Your registered interest is about to expire"),
    description=_("Sent a month before, so you can keep it if you want to."),
    essential=True,
)

GROUP_INVITATION = Kind(
    name="group_invitation",
    label=_("Invitations to a group"),
    description=_("When someone invites you to join a group."),
    essential=True,
)
JOIN_WISH = Kind(
    name="join_wish",
    label=_("Someone would like to join your group"),
    description=_(
        "When someone asks to join a group you are a member of, so the group can decide "
        "whether to admit them."
    ),
    essential=False,
)
JOIN_ANSWER = Kind(
    name="join_answer",
    label=_("Answers about joining a group"),
    description=_("When a group you asked to join has decided it cannot take you in now."),
    essential=True,
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        ACCOUNT,
        MEETING_REMINDER,
        GROUP_NEWS,
        INTEREST_MATCH,
        STAFF_INVITATION,
        POOL_READY,
        LISTING_REQUEST,
        INTEREST_EXPIRY,
        GROUP_INVITATION,
        JOIN_WISH,
        JOIN_ANSWER,
    )
}


def optional_kinds(*, staff: bool) -> list[Kind]:
    """The kinds a person may turn off; staff see the kinds that only staff get as well."""
    return [k for k in KINDS.values() if not k.essential and (staff or not k.staff_only)]
