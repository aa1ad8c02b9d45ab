"""The compass words a coordinator saved (see accounts.personal).

Reflections and self-evaluations are anonymous by construction: no column leads to a person,
so there is nothing of them to export or erase.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row
from selvhjelp.reflection.models import CompassVersion


def _export(*, user: User) -> list[Row]:
    return [
        {
            "contact_point": version.contact_point.name if version.contact_point else None,
            "version": version.number,
            "created_at": version.created_at,
        }
        for version in CompassVersion.objects.filter(created_by=user)
        .select_related("contact_point")
        .order_by("created_at")
    ]


def _erase(*, user: User, addresses: set[str]) -> None:
    """The words stay in use; who saved them does not."""
    CompassVersion.objects.filter(created_by=user).update(created_by=None)


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="compass_versions",
        title=_("Compass words you saved"),
        purpose=_("We keep who saved each version of a contact point's compass words."),
        models=("reflection.CompassVersion",),
        export=_export,
        erase=_erase,
        labels={
            "contact_point": _("Contact point"),
            "version": _("Version"),
            "created_at": _("Saved"),
        },
    ),
)
