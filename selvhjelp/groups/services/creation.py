"""Creating a group: for a contact point by its staff, or self-started by a participant."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.groups.models import Group, Membership, MembershipState, Theme
from selvhjelp.groups.services.frames import group_frames_ensure
from selvhjelp.groups.services.membership import invitation_link_renew
from selvhjelp.groups.services.search import group_reindex
from selvhjelp.places.models import Municipality


def group_create(
    *,
    creator: User,
    title: str,
    themes: Iterable[Theme],
    municipality: Municipality,
    kind: str,
    format: str,
    weekday: int | None = None,
    time_of_day: str = "",
    language: str = "no",
    contact_point: ContactPoint | None = None,
) -> Group:
    """A group in `forming`: for a contact point by its staff, or self-started by a participant.

    A self-started group is unlisted and reached by an invitation link; its starter is the
    first member and its initiator until the hand-over.
    """
    with transaction.atomic():
        group = Group.objects.create(
            title=title,
            municipality=municipality,
            kind=kind,
            format=format,
            weekday=weekday,
            time_of_day=time_of_day,
            language=language,
            contact_point=contact_point,
            initiator=creator,
            self_started=contact_point is None,
            listed=contact_point is not None,
        )
        group.themes.set(list(themes))
        group_frames_ensure(group=group, language=creator.language)
        if contact_point is None:
            Membership.objects.create(
                group=group, user=creator, state=MembershipState.MEMBER, joined_at=timezone.now()
            )
            invitation_link_renew(group=group)
        group_reindex(group)
    return group
