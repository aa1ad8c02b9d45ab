"""The messages queued to a person and the kinds they turned off (see accounts.personal)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row, choice_label, verified_addresses
from selvhjelp.notifications.kinds import KINDS
from selvhjelp.notifications.models import Message, MessageState, OptOut
from selvhjelp.notifications.services import messages_erase


def _to_person(user: User, addresses: set[str]) -> Q:
    """Messages to the account, and to its addresses from before they were tied to it."""
    to = Q(recipient=user)
    for address in addresses:
        to |= Q(to_email__iexact=address)
    return to


def _kind(name: str) -> str:
    kind = KINDS.get(name)
    return str(kind.label) if kind is not None else name


def _messages_export(*, user: User) -> list[Row]:
    """Kind, subject, state and dates: the subject never names a group or a theme. Not the
    body, which holds links that work only for the person and are no one's to keep."""
    return [
        {
            "kind": _kind(message.kind),
            "subject": message.subject,
            "state": choice_label(MessageState.choices, message.state),
            "created_at": message.created_at,
            "sent_at": message.sent_at,
        }
        for message in Message.objects.filter(_to_person(user, verified_addresses(user)))
        .only("kind", "subject", "state", "created_at", "sent_at")
        .order_by("created_at", "pk")
    ]


def _messages_erase(*, user: User, addresses: set[str]) -> None:
    Message.objects.filter(recipient=user).delete()
    messages_erase(addresses=addresses)


def _opt_outs_export(*, user: User) -> list[Row]:
    return [
        {"kind": _kind(opt_out.kind), "since": opt_out.created_at}
        for opt_out in OptOut.objects.filter(user=user).order_by("created_at")
    ]


def _opt_outs_erase(*, user: User, addresses: set[str]) -> None:
    OptOut.objects.filter(user=user).delete()


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="messages",
        title=_("Emails to you"),
        purpose=_(
            "Every email goes through a queue. We keep what was sent for a while, so that a "
            "message that failed can be sent again."
        ),
        models=("notifications.Message",),
        export=_messages_export,
        erase=_messages_erase,
        labels={
            "kind": _("Kind"),
            "subject": _("Subject"),
            "state": _("State"),
            "created_at": _("Queued"),
            "sent_at": _("Sent"),
        },
    ),
    PersonalData(
        name="email_choices",
        title=_("Emails you have turned off"),
        purpose=_("So that we do not send you what you have said no to."),
        models=("notifications.OptOut",),
        export=_opt_outs_export,
        erase=_opt_outs_erase,
        labels={"kind": _("Kind"), "since": _("Since")},
    ),
)
