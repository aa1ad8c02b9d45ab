"""The frames a group agrees on: the group agreement and the confidentiality declaration.

While the group starts, its initiator and members shape them freely; once it governs itself,
they change only through a joint decision (`by_decision=True`, passed by `decisions`).
"""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Agreement, DeclarationVersion, Group, Signature
from selvhjelp.groups.selectors import declaration_current
from selvhjelp.groups.services import NotAllowed

AGREEMENT_FIELDS = (
    "rhythm",
    "length_minutes",
    "has_break",
    "place",
    "openness",
    "notice",
    "sobriety",
    "greeting",
    "refreshments",
    "online",
    "ending",
)


def default_declaration(language: str) -> str:
    with translation.override(language):
        return render_to_string("groups/declaration_default.txt").strip()


def group_frames_ensure(*, group: Group, language: str = "nb") -> None:
    """Give a group its agreement and first declaration if it has none (admin- or demo-made)."""
    Agreement.objects.get_or_create(group=group)
    if not DeclarationVersion.objects.filter(group=group).exists():
        DeclarationVersion.objects.get_or_create(
            group=group, number=1, defaults={"text": default_declaration(language)}
        )


def agreement_update(
    *, group: Group, changes: dict[str, object], by_decision: bool = False
) -> Agreement:
    """Change the group agreement: freely while starting, afterwards only by a joint decision."""
    if group.is_self_governed and not by_decision:
        raise NotAllowed
    agreement = group.agreement
    for name, value in changes.items():
        if name in AGREEMENT_FIELDS:
            setattr(agreement, name, value)
    agreement.save()
    return agreement


def declaration_sign(*, group: Group, user: User) -> Signature:
    group_frames_ensure(group=group)
    signature, _ = Signature.objects.get_or_create(
        declaration=declaration_current(group), user=user
    )
    return signature


def declaration_new_version(
    *, group: Group, text: str, by_decision: bool = False
) -> DeclarationVersion:
    """A new wording that everyone must sign again; once the group governs itself, only by a
    joint decision."""
    if group.is_self_governed and not by_decision:
        raise NotAllowed
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        current = declaration_current(locked)
        number = (current.number if current else 0) + 1
        return DeclarationVersion.objects.create(group=locked, number=number, text=text)
