"""The compass words a coordinator saved, and the "has answered" markers (see accounts.personal).

Reflections and self-evaluations are anonymous by construction: no column leads to a person.
While one is open, its markers can be recomputed for a person with its salt and the secret key;
erasure removes the person's markers from the open ones (closed ones have none left). They are
not exported: a marker says nothing that the person does not know.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row
from selvhjelp.reflection.markers import marker
from selvhjelp.reflection.models import (
    CompassVersion,
    Evaluation,
    EvaluationMarker,
    Reflection,
    ReflectionMarker,
)


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
    """The words stay in use; who saved them does not. The person's markers in open reflections
    and self-evaluations go too."""
    CompassVersion.objects.filter(created_by=user).update(created_by=None)
    for reflection in Reflection.objects.filter(salt__isnull=False).only("pk", "salt"):
        assert reflection.salt is not None
        ReflectionMarker.objects.filter(
            reflection=reflection, digest=marker(reflection.salt, user.pk)
        ).delete()
    for evaluation in Evaluation.objects.filter(salt__isnull=False).only("pk", "salt"):
        assert evaluation.salt is not None
        EvaluationMarker.objects.filter(
            evaluation=evaluation, digest=marker(evaluation.salt, user.pk)
        ).delete()


PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="compass_versions",
        title=_("Compass words you saved"),
        purpose=_("We keep who saved each version of a contact point's compass words."),
        models=(
            "reflection.CompassVersion",
            "reflection.ReflectionMarker",
            "reflection.EvaluationMarker",
        ),
        export=_export,
        erase=_erase,
        labels={
            "contact_point": _("Contact point"),
            "version": _("Version"),
            "created_at": _("Saved"),
        },
    ),
)
