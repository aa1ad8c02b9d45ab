"""The kinds of message the platform sends, and whether a person may turn them off.

Each kind has its templates in `templates/notifications/<name>/`: `subject.txt` (rendered
with no context at all, so it can never name a theme or a group), `body.txt` and `body.html`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    name: str
    label: Promise
    description: Promise
    essential: bool


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

KINDS: dict[str, Kind] = {
    kind.name: kind for kind in (ACCOUNT, MEETING_REMINDER, GROUP_NEWS, INTEREST_MATCH)
}


def optional_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if not kind.essential]
