"""The audit log's entries about a person (see accounts.personal).

The export says who opened the person's data as a role (staff of a contact point, an
administrator), never by name: the staff member's name is their own personal data, and the
contact point answers for its staff and can say more when asked.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row, choice_label
from selvhjelp.audit.models import AuditAction, AuditEntry


def _actor(entry: AuditEntry, user: User) -> str:
    if entry.actor_id is None:
        return _("Someone who no longer has an account")
    if entry.actor_id == user.pk:
        return _("You yourself")
    if entry.contact_point is not None:
        return _("Staff at %(contact_point)s") % {"contact_point": entry.contact_point.name}
    if entry.actor is not None and entry.actor.is_superuser:
        return _("An administrator")
    return _("Staff")


def _export(*, user: User) -> list[Row]:
    return [
        {
            "at": entry.at,
            "action": choice_label(AuditAction.choices, entry.action),
            "by": _actor(entry, user),
        }
        for entry in AuditEntry.objects.filter(subject=user)
        .select_related("actor", "contact_point")
        .order_by("at", "pk")
    ]


def _erase(*, user: User, addresses: set[str]) -> None:
    """The log keeps that staff opened someone's data or changed something (so staff stay
    accountable), but no longer about whom or by whom, when that was the person."""
    AuditEntry.objects.filter(subject=user).update(subject=None)
    AuditEntry.objects.filter(actor=user).update(actor=None)
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(User), target_id=str(user.pk)
    ).update(target_type=None, target_id="")


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="audit_log",
        title=gettext_lazy("Who has opened your data"),
        purpose=gettext_lazy(
            "When staff open what you have registered, or change your role, it is written "
            "down, so that they can be held to account. What they saw is never written down."
        ),
        models=("audit.AuditEntry",),
        export=_export,
        erase=_erase,
        labels={
            "at": gettext_lazy("When"),
            "action": gettext_lazy("What"),
            "by": gettext_lazy("Done by"),
        },
    ),
)
