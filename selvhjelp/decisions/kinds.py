"""What each kind of proposal asks for, and what it changes once adopted: one class a kind.

A kind gives the extra form the proposer fills in (if any), turns that form into the stored
payload, names the reasons its effect may fail with, and makes the effect. Its template
(`decisions/kinds/<value>.html`), if it has one, shows the payload on the proposal's page.
To add a kind: a value in `ProposalKind`, a class here in `KINDS`, and its template.

Effects run inside the transaction that adopts the proposal, with the group's row locked; an
effect that cannot be made raises `EffectFailed`, and the proposal is recorded as not adopted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from selvhjelp.accounts.models import User
from selvhjelp.decisions.forms import AdmitForm, DeclarationForm, MoveMeetingForm, SeatsForm
from selvhjelp.decisions.models import Proposal, ProposalKind, ProposalState
from selvhjelp.groups.forms import AgreementForm
from selvhjelp.groups.models import DeclarationVersion, Group, GroupState, Weekday
from selvhjelp.groups.selectors import applicants, declaration_current, places_free
from selvhjelp.groups.services import GroupFull, NotAllowed
from selvhjelp.groups.services.frames import agreement_update, declaration_new_version
from selvhjelp.groups.services.membership import member_invite
from selvhjelp.interest.services import group_open_seats
from selvhjelp.lib.pagecache import public_pages_changed
from selvhjelp.lib.textdiff import word_changes
from selvhjelp.meetings.forms import SeriesForm
from selvhjelp.meetings.models import Meeting, MeetingSeries, PlaceKind, Premises
from selvhjelp.meetings.selectors import series_of, upcoming
from selvhjelp.meetings.services import (
    Cancelled,
    OutOfRange,
    RoomTaken,
    TooLate,
    meeting_move,
    series_resume,
    series_set,
    series_stop,
)
from selvhjelp.notifications.kinds import JOIN_ANSWER
from selvhjelp.notifications.services import notify

Payload = dict[str, Any]


class EffectFailed(Exception):
    """The change could not be made; `reason` is one of the kind's `reasons`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Refused(Exception):
    """The group cannot make this proposal as it stands now; the message says why, in the
    reader's language."""


GROUP_FULL = _("the group has no free place")
ROOM_TAKEN = _("the room is taken at those times")


@dataclass(frozen=True)
class Change:
    """One thing a proposal changes, as it is (None when it is not set yet) and as proposed."""

    label: str
    before: str | None
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


INTERVALS = {
    1: _("Every week"),
    2: _("Every other week"),
    3: _("Every third week"),
    4: _("Every fourth week"),
}


def _place(kind: str, room: Premises | None, details: str) -> str:
    words = [str(PlaceKind(kind).label) if kind in PlaceKind.values else kind]
    words += [part for part in (room.name if room else "", details.strip()) if part]
    return " · ".join(words)


def _series_facts(values: Mapping[str, Any], rooms: Mapping[int, Premises]) -> dict[str, Any]:
    """A series' rule and place as the page shows them, each with its label."""
    minutes = int(values.get("length_minutes") or 0)
    return {
        "weekdays": (
            str(_("Weekdays")),
            ", ".join(str(Weekday(day).label) for day in values.get("weekdays", [])),
        ),
        "start_time": (
            str(_("Starts at")),
            time.fromisoformat(values["start_time"]).strftime("%H:%M"),
        ),
        "interval": (str(_("How often")), str(INTERVALS.get(int(values.get("interval", 1)), ""))),
        "length": (
            str(_("Length")),
            ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes},
        ),
        "place": (
            str(_("Where")),
            _place(
                values.get("place_kind", ""),
                rooms.get(values.get("premises") or 0),
                values.get("place_details", ""),
            ),
        ),
    }


class Kind:
    """The defaults: no extra form, no payload, no effect."""

    value: ClassVar[str]
    template: ClassVar[str | None] = None
    # A kind without an effect has only the proposer's own words to decide on.
    text_required: ClassVar[bool] = False
    # Why an adopted proposal of this kind could not be carried out, in the reader's language.
    reasons: ClassVar[Mapping[str, Promise]] = {}

    @property
    def label(self) -> str:
        return str(ProposalKind(self.value).label)

    def form(self, data: Mapping[str, Any] | None, *, group: Group) -> forms.BaseForm | None:
        return None

    def payload(self, cleaned: Mapping[str, Any]) -> Payload:
        return {}

    def check(self, *, group: Group, payload: Payload) -> None:
        """Refuse (`Refused`) a proposal the group could not carry out even if everyone said
        yes now, so that nobody votes on something that is bound to fail."""

    def before(self, group: Group) -> Payload:
        """What the proposal would change, as it is when the proposal is made (kept beside the
        payload, so the page shows "now → proposed" also after the change is made)."""
        return {}

    def unavailable(self, group: Group) -> str:
        """Why this kind cannot be proposed at all now ("" when it can), shown instead of the
        form."""
        return ""

    def apply(self, *, group: Group, payload: Payload) -> None:
        """Make the change; `group` is locked for the adopting transaction."""

    def context(self, proposal: Proposal) -> dict[str, Any]:
        """What the kind's template shows about the payload."""
        return {}

    def decided(self, proposal: Proposal) -> None:
        """Anything to do once the proposal is decided, beyond telling the members."""


class Question(Kind):
    """A question the group answers together, with no effect in the system."""

    value = ProposalKind.QUESTION
    text_required = True


class Admit(Kind):
    value = ProposalKind.ADMIT
    template = "decisions/kinds/admit.html"
    reasons = {
        "group_full": GROUP_FULL,
        "applicant_gone": _("the person no longer has an account"),
    }

    def form(self, data: Mapping[str, Any] | None, *, group: Group) -> forms.BaseForm:
        return AdmitForm(data, applicants=applicants(group))

    def unavailable(self, group: Group) -> str:
        if applicants(group):
            return ""
        return str(
            _(
                "Nobody has asked to join the group. When someone says on the group's public "
                "page that they are interested, you are told, and you can propose to admit them "
                "here."
            )
        )

    def payload(self, cleaned: Mapping[str, Any]) -> Payload:
        return {"applicant": cleaned["applicant"]}

    def apply(self, *, group: Group, payload: Payload) -> None:
        applicant_id = payload.get("applicant")
        applicant = None if applicant_id is None else User.objects.filter(pk=applicant_id).first()
        if applicant is None:
            raise EffectFailed("applicant_gone")
        if places_free(group) == 0:
            raise EffectFailed("group_full")
        try:
            member_invite(group=group, user=applicant, by_decision=True)
        except (NotAllowed, GroupFull):
            raise EffectFailed("group_full") from None

    def context(self, proposal: Proposal) -> dict[str, Any]:
        return {"applicant": User.objects.filter(pk=proposal.payload.get("applicant")).first()}

    def decided(self, proposal: Proposal) -> None:
        """An applicant who is not admitted is told, in neutral words; one who is admitted gets
        the invitation itself."""
        applicant = User.objects.filter(pk=proposal.payload.get("applicant")).first()
        if applicant is None or proposal.state == ProposalState.ADOPTED:
            return
        notify(
            recipient=applicant,
            kind=JOIN_ANSWER.name,
            dedupe_key=f"proposal:{proposal.code}:applicant",
            context={"interest_url": settings.SITE_URL + reverse("interest:mine")},
        )


class OpenSeats(Kind):
    value = ProposalKind.OPEN_SEATS
    template = "decisions/kinds/open_seats.html"
    reasons = {"group_full": GROUP_FULL}

    def form(self, data: Mapping[str, Any] | None, *, group: Group) -> forms.BaseForm:
        return SeatsForm(data)

    def payload(self, cleaned: Mapping[str, Any]) -> Payload:
        return {"seats": cleaned["seats"]}

    def check(self, *, group: Group, payload: Payload) -> None:
        """The seats must fit in the places the group has left now: opening five seats in a
        group of eight with five members would fail only after everyone had said yes."""
        seats = int(payload.get("seats", 0))
        free = places_free(group)
        if free == 0:
            raise Refused(_("Every place in the group is taken, so it cannot open any."))
        if not 1 <= seats <= free:
            raise Refused(
                ngettext(
                    "The group has room for %(free)d more person, so it cannot open "
                    "%(seats)d places.",
                    "The group has room for %(free)d more people, so it cannot open "
                    "%(seats)d places.",
                    free,
                )
                % {"free": free, "seats": seats}
            )

    def unavailable(self, group: Group) -> str:
        if places_free(group):
            return ""
        return str(_("Every place in the group is taken, so it cannot open any."))

    def apply(self, *, group: Group, payload: Payload) -> None:
        seats = int(payload.get("seats", 0))
        # Checked when proposed; members may have joined since.
        if not 1 <= seats <= places_free(group):
            raise EffectFailed("group_full")
        group_open_seats(group=group, seats=seats)


class Series(Kind):
    value = ProposalKind.SERIES
    template = "decisions/kinds/series.html"
    reasons = {
        "room_taken": ROOM_TAKEN,
        "too_early": _("the first meeting it gives is now more than 12 months back"),
    }

    def form(self, data: Mapping[str, Any] | None, *, group: Group) -> forms.BaseForm:
        rooms = Premises.objects.filter(contact_point_id=group.contact_point_id)
        series = series_of(group)
        return SeriesForm(data, rooms=rooms, current_start=series.start_date if series else None)

    def payload(self, cleaned: Mapping[str, Any]) -> Payload:
        return {
            "start_date": cleaned["start_date"].isoformat(),
            "start_time": cleaned["start_time"].isoformat(),
            "weekdays": cleaned["weekdays"],
            "interval": cleaned["interval"],
            "length_minutes": cleaned["length_minutes"],
            "place_kind": cleaned["place_kind"],
            "premises": cleaned["premises"].pk if cleaned.get("premises") else None,
            "place_details": cleaned["place_details"],
        }

    def apply(self, *, group: Group, payload: Payload) -> None:
        premises_id = payload.get("premises")
        premises = None if premises_id is None else Premises.objects.filter(pk=premises_id).first()
        try:
            series_set(
                group=group,
                start_date=date.fromisoformat(payload["start_date"]),
                start_time=time.fromisoformat(payload["start_time"]),
                weekdays=payload["weekdays"],
                interval=payload["interval"],
                length_minutes=payload["length_minutes"],
                place_kind=payload["place_kind"],
                premises=premises,
                place_details=payload.get("place_details", ""),
                by_decision=True,
            )
        except RoomTaken:
            raise EffectFailed("room_taken") from None
        except OutOfRange:
            raise EffectFailed("too_early") from None

    def before(self, group: Group) -> Payload:
        series = MeetingSeries.objects.filter(group=group).first()
        if series is None:
            return {}
        return {
            "was": {
                "start_time": series.start_time.isoformat(),
                "weekdays": list(series.weekdays),
                "interval": series.interval,
                "length_minutes": series.length_minutes,
                "place_kind": series.place_kind,
                "premises": series.premises_id,
                "place_details": series.place_details,
            }
        }

    def context(self, proposal: Proposal) -> dict[str, Any]:
        data = proposal.payload
        was = data.get("was")
        if was is None and proposal.state == ProposalState.OPEN:
            # Proposed before the page kept what it changes: the series as it is now.
            was = self.before(proposal.group).get("was")
        rooms = Premises.objects.in_bulk(
            [pk for pk in (data.get("premises"), (was or {}).get("premises")) if pk]
        )
        now = _series_facts(was, rooms) if was else {}
        proposed = _series_facts(data, rooms)
        return {
            "changes": [
                Change(label=label, before=now[key][1] if key in now else None, after=value)
                for key, (label, value) in proposed.items()
            ],
            "start_date": date.fromisoformat(data["start_date"]),
        }


class MoveMeeting(Kind):
    """One coming meeting to a new time (and place): a joint decision once the group governs
    itself. It is moved as it stands when the proposal is adopted, if it still can be."""

    value = ProposalKind.MOVE_MEETING
    template = "decisions/kinds/move_meeting.html"
    reasons = {
        "meeting_gone": _("the meeting is no longer in the plan"),
        "meeting_over": _("the meeting is over"),
        "meeting_cancelled": _("the meeting has been cancelled"),
        "time_passed": _("the new time has passed"),
        "room_taken": ROOM_TAKEN,
    }

    def form(self, data: Mapping[str, Any] | None, *, group: Group) -> forms.BaseForm:
        return MoveMeetingForm(data, meetings=upcoming(group).filter(cancelled=False))

    def payload(self, cleaned: Mapping[str, Any]) -> Payload:
        meeting: Meeting = cleaned["meeting"]
        return {
            "meeting": meeting.code,
            "from": meeting.starts_at.isoformat(),
            "from_place": meeting.place_details,
            "starts_at": cleaned["starts_at"].isoformat(),
            "place_details": cleaned["place_details"],
            "message": cleaned["message"],
        }

    def apply(self, *, group: Group, payload: Payload) -> None:
        meeting = Meeting.objects.filter(series__group=group, code=payload.get("meeting")).first()
        if meeting is None:
            raise EffectFailed("meeting_gone")
        try:
            meeting_move(
                meeting=meeting,
                starts_at=datetime.fromisoformat(payload["starts_at"]),
                premises=meeting.premises,
                place_details=payload.get("place_details", ""),
                message=payload.get("message", ""),
                by_decision=True,
            )
        except TooLate:
            raise EffectFailed("meeting_over") from None
        except Cancelled:
            raise EffectFailed("meeting_cancelled") from None
        except OutOfRange:
            raise EffectFailed("time_passed") from None
        except RoomTaken:
            raise EffectFailed("room_taken") from None

    def context(self, proposal: Proposal) -> dict[str, Any]:
        data = proposal.payload
        return {
            "move_meeting": Meeting.objects.filter(
                series__group_id=proposal.group_id, code=data.get("meeting")
            ).first(),
            "move_from": datetime.fromisoformat(data["from"]),
            "move_to": datetime.fromisoformat(data["starts_at"]),
            "move_place": data.get("place_details", ""),
            "move_place_before": data.get("from_place", ""),
            "move_message": data.get("message", ""),
        }


class Agreement(Kind):
    value = ProposalKind.AGREEMENT

    def form(self, data: Mapping[str, Any] | None, *, group: Group) -> forms.BaseForm:
        return AgreementForm(data, instance=group.agreement)

    def payload(self, cleaned: Mapping[str, Any]) -> Payload:
        return {"changes": dict(cleaned)}

    def apply(self, *, group: Group, payload: Payload) -> None:
        agreement_update(group=group, changes=payload.get("changes", {}), by_decision=True)


class Declaration(Kind):
    value = ProposalKind.DECLARATION
    template = "decisions/kinds/declaration.html"

    def form(self, data: Mapping[str, Any] | None, *, group: Group) -> forms.BaseForm:
        current = declaration_current(group)
        return DeclarationForm(data, initial={"declaration": current.text if current else ""})

    def payload(self, cleaned: Mapping[str, Any]) -> Payload:
        return {"text": cleaned["declaration"]}

    def before(self, group: Group) -> Payload:
        current = declaration_current(group)
        return {"was_version": current.number} if current else {}

    def apply(self, *, group: Group, payload: Payload) -> None:
        declaration_new_version(group=group, text=payload["text"], by_decision=True)

    def context(self, proposal: Proposal) -> dict[str, Any]:
        number = proposal.payload.get("was_version")
        versions = DeclarationVersion.objects.filter(group_id=proposal.group_id)
        compared = (
            versions.filter(number=number).first()
            if number is not None
            else (versions.first() if proposal.state == ProposalState.OPEN else None)
        )
        if compared is None:
            return {}
        return {
            "compared": compared,
            "runs": word_changes(compared.text, proposal.payload.get("text", "")),
        }


class StateChange(Kind):
    """Pausing, resuming and ending: the group moves to another state."""

    to: ClassVar[str]

    def apply(self, *, group: Group, payload: Payload) -> None:
        group.state = self.to
        fields = ["state"]
        if self.to == GroupState.ENDED:
            group.listed = False
            # The 90 days before its personal data is erased count from here.
            group.ended_at = timezone.now()
            fields += ["listed", "ended_at"]
        group.save(update_fields=fields)
        public_pages_changed()
        # Its calendar follows: no meetings while paused or after the end, made again on resuming.
        if self.to in (GroupState.PAUSED, GroupState.ENDED):
            series_stop(group=group)
        else:
            series_resume(group=group)


class Pause(StateChange):
    value = ProposalKind.PAUSE
    to = GroupState.PAUSED


class Resume(StateChange):
    value = ProposalKind.RESUME
    to = GroupState.RUNNING


class End(StateChange):
    value = ProposalKind.END
    to = GroupState.ENDED


KINDS: dict[str, Kind] = {
    kind.value: kind
    for kind in (
        Admit(),
        OpenSeats(),
        Series(),
        MoveMeeting(),
        Agreement(),
        Declaration(),
        Pause(),
        Resume(),
        End(),
        Question(),
    )
}


def reason_text(proposal: Proposal) -> str:
    """Why the proposal could not be carried out, in the reader's language ("" if it could)."""
    text = KINDS[proposal.kind].reasons.get(proposal.reason)
    return str(text) if text else ""
