"""The start-up checklist, derived from the group's data wherever that is possible.

It reads the frames (`groups`) and the meetings (`meetings`), which is why it lives above both.
"""

from __future__ import annotations

from dataclasses import dataclass

from selvhjelp.groups.models import Group
from selvhjelp.groups.selectors import all_signed
from selvhjelp.meetings.models import MeetingSeries
from selvhjelp.meetings.selectors import held


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    done: bool


def checklist(group: Group) -> list[ChecklistItem]:
    has_series = MeetingSeries.objects.filter(group=group).exists()
    past = held(group)
    agreement = group.agreement
    return [
        ChecklistItem("principles", group.principles_introduced_at is not None),
        ChecklistItem("declaration", all_signed(group)),
        ChecklistItem("agreement", agreement.is_filled_in),
        ChecklistItem("series", has_series),
        ChecklistItem("place", bool(agreement.place.strip()) or has_series),
        ChecklistItem("first_meeting", group.first_meeting_held_at is not None or past.exists()),
        ChecklistItem("initiator_present", past.filter(initiator_attended=True).exists()),
        ChecklistItem("handover", group.is_self_governed),
        ChecklistItem("follow_up_planned", group.follow_up_planned_on is not None),
        ChecklistItem("follow_up_done", group.follow_up_done_at is not None),
    ]
