from __future__ import annotations

from collections.abc import Callable

import pytest

from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.groups.services.creation import group_create
from selvhjelp.groups.services.frames import declaration_sign
from tests.conftest import municipality, theme


@pytest.fixture
def starting_group(initiator, contact_point) -> Group:  # type: ignore[no-untyped-def]
    return group_create(
        creator=initiator,
        title="Ny sorggruppe",
        themes=[theme("sorg")],
        municipality=municipality("0301"),
        kind="shared",
        format="physical",
        contact_point=contact_point,
    )


@pytest.fixture
def add_member() -> Callable[..., Membership]:
    def add(group: Group, user, *, signed: bool = True) -> Membership:  # type: ignore[no-untyped-def]
        membership = Membership.objects.create(group=group, user=user, state=MembershipState.MEMBER)
        if signed:
            declaration_sign(group=group, user=user)
        return membership

    return add


@pytest.fixture
def own_group() -> Callable[..., Group]:
    """A group a participant starts on their own (unlisted, with an invitation link)."""

    def make(starter) -> Group:  # type: ignore[no-untyped-def]
        return group_create(
            creator=starter,
            title="Egen",
            themes=[theme("sorg")],
            municipality=municipality("0301"),
            kind="shared",
            format="physical",
        )

    return make
