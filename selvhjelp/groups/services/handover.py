"""The initiator's steps: marking what was done, the hand-over and the follow-up visit."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from selvhjelp.groups.models import VISIT_AHEAD_MONTHS, Group, GroupState, typed_dates
from selvhjelp.groups.selectors import handover_missing
from selvhjelp.groups.services import NotAllowed, NotYet, OutOfRange
from selvhjelp.lib.pagecache import public_pages_changed

# The steps an initiator marks by hand, and where each is kept.
MARKED_STEPS = {
    "principles": "principles_introduced_at",
    "first_meeting": "first_meeting_held_at",
    "follow_up_done": "follow_up_done_at",
}


def group_mark(*, group: Group, step: str) -> None:
    """Record that a step was done now. Holding the first meeting moves a forming group on.

    A follow-up visit planned for a later day cannot be done yet (`NotYet`). Whether the first
    meeting has happened is known from the meetings: `meetings.services.first_meeting_mark`
    asks them before it marks it here."""
    if (
        step == "follow_up_done"
        and group.follow_up_planned_on is not None
        and group.follow_up_planned_on > timezone.localdate()
    ):
        raise NotYet
    field = MARKED_STEPS[step]
    setattr(group, field, timezone.now())
    if step == "first_meeting" and group.state == GroupState.FORMING:
        group.state = GroupState.STARTING
    group.save(update_fields=[field, "state"])
    public_pages_changed()


def follow_up_plan(*, group: Group, on: date) -> None:
    """The day of the follow-up visit: at most 12 months back (a visit made and recorded late)
    and at most 18 months ahead."""
    earliest, latest = typed_dates(timezone.localdate(), ahead_months=VISIT_AHEAD_MONTHS)
    if not earliest <= on <= latest:
        raise OutOfRange
    group.follow_up_planned_on = on
    group.save(update_fields=["follow_up_planned_on"])


def group_hand_over(*, group: Group) -> Group:
    """The group becomes self-governed and closed: an external initiator loses the inside at
    once, and the invitation link stops working."""
    if group.is_self_governed or handover_missing(group):
        raise NotAllowed
    group.state = GroupState.RUNNING
    group.handed_over_at = timezone.now()
    # The group is closed from now on: newcomers only by a joint decision, never by a link.
    group.invitation_token = ""
    group.invitation_expires_at = None
    group.save(
        update_fields=["state", "handed_over_at", "invitation_token", "invitation_expires_at"]
    )
    public_pages_changed()
    return group
