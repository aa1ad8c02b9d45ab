"""A person's ties to groups: interest in one, memberships, signatures, intake outcomes, the
groups they help start and the themes they suggested (see accounts.personal).

Nothing about the other people in a group is exported: only the group's title.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from selvhjelp.accounts.models import User
from selvhjelp.accounts.personal import PersonalData, Row, choice_label
from selvhjelp.groups.models import (
    Group,
    GroupInterest,
    GroupState,
    Intake,
    IntakeOutcome,
    Membership,
    MembershipState,
    Signature,
    Theme,
)


def _group_interests_export(*, user: User) -> list[Row]:
    return [
        {"group": interest.group.title, "created_at": interest.created_at}
        for interest in GroupInterest.objects.filter(user=user)
        .select_related("group")
        .order_by("created_at")
    ]


def _group_interests_erase(*, user: User, addresses: set[str]) -> None:
    GroupInterest.objects.filter(user=user).delete()


def _memberships_export(*, user: User) -> list[Row]:
    return [
        {
            "group": membership.group.title,
            "state": choice_label(MembershipState.choices, membership.state),
            "invited_at": membership.invited_at,
            "joined_at": membership.joined_at,
            "left_at": membership.left_at,
        }
        for membership in Membership.objects.filter(user=user)
        .select_related("group")
        .order_by("group__title", "pk")
    ]


def _memberships_erase(*, user: User, addresses: set[str]) -> None:
    # Notices of leaving go with them; the meetings part has already exported its own.
    Membership.objects.filter(user=user).delete()


def _signatures_export(*, user: User) -> list[Row]:
    return [
        {
            "group": signature.declaration.group.title,
            "version": signature.declaration.number,
            "signed_at": signature.signed_at,
        }
        for signature in Signature.objects.filter(user=user)
        .select_related("declaration__group")
        .order_by("signed_at")
    ]


def _signatures_erase(*, user: User, addresses: set[str]) -> None:
    """A signature is the person's own promise; the group keeps the declaration's wording, and
    a member who is gone has no promise left to show."""
    Signature.objects.filter(user=user).delete()


def _intakes_export(*, user: User) -> list[Row]:
    """The outcome of conversations about joining, not who recorded it."""
    return [
        {
            "group": intake.group.title,
            "held_on": intake.held_on,
            "outcome": choice_label(IntakeOutcome.choices, intake.outcome),
        }
        for intake in Intake.objects.filter(user=user).select_related("group").order_by("held_on")
    ]


def _intakes_erase(*, user: User, addresses: set[str]) -> None:
    Intake.objects.filter(user=user).delete()
    Intake.objects.filter(recorded_by=user).update(recorded_by=None)


def _initiated_export(*, user: User) -> list[Row]:
    return [
        {
            "group": group.title,
            "state": choice_label(GroupState.choices, group.state),
            "self_started": group.self_started,
            "created_at": group.created_at,
        }
        for group in Group.objects.filter(initiator=user).order_by("created_at")
    ]


def _initiated_erase(*, user: User, addresses: set[str]) -> None:
    """The group goes on without its initiator (or starter)."""
    Group.objects.filter(initiator=user).update(initiator=None)


def _themes_export(*, user: User) -> list[Row]:
    return [
        {"theme": theme.name, "active": theme.active}
        for theme in Theme.objects.filter(suggested_by=user).order_by("name_nb")
    ]


def _themes_erase(*, user: User, addresses: set[str]) -> None:
    Theme.objects.filter(suggested_by=user).update(suggested_by=None)


GROUP = _("Group")

PARTS: tuple[PersonalData, ...] = (
    PersonalData(
        name="group_interests",
        title=_("Groups you have asked to join"),
        purpose=_("So that the group can decide whether to take you in."),
        models=("groups.GroupInterest",),
        export=_group_interests_export,
        erase=_group_interests_erase,
        labels={"group": GROUP, "created_at": _("Asked")},
    ),
    PersonalData(
        name="memberships",
        title=_("Your groups"),
        purpose=_("The groups you are invited to, belong to or have left, and when."),
        models=("groups.Membership",),
        export=_memberships_export,
        erase=_memberships_erase,
        labels={
            "group": GROUP,
            "state": _("State"),
            "invited_at": _("Invited"),
            "joined_at": _("Joined"),
            "left_at": _("Left"),
        },
    ),
    PersonalData(
        name="signatures",
        title=_("Confidentiality declarations you have signed"),
        purpose=_("A group starts when everyone has signed its declaration."),
        models=("groups.Signature",),
        export=_signatures_export,
        erase=_signatures_erase,
        labels={"group": GROUP, "version": _("Version"), "signed_at": _("Signed")},
    ),
    PersonalData(
        name="intakes",
        title=_("Conversations about joining a group"),
        purpose=_("Only that the conversation took place, and its outcome. Never what was said."),
        models=("groups.Intake",),
        export=_intakes_export,
        erase=_intakes_erase,
        labels={"group": GROUP, "held_on": _("Date"), "outcome": _("Outcome")},
    ),
    PersonalData(
        name="groups_started",
        title=_("Groups you help start"),
        purpose=_("The initiator of a group helps it start, until the members take over."),
        models=("groups.Group",),
        export=_initiated_export,
        erase=_initiated_erase,
        labels={
            "group": GROUP,
            "state": _("State"),
            "self_started": _("Started by you as a participant"),
            "created_at": _("Made"),
        },
    ),
    PersonalData(
        name="themes_suggested",
        title=_("Themes you have suggested"),
        purpose=_("A coordinator's suggestion waits until an administrator takes it in."),
        models=("groups.Theme",),
        export=_themes_export,
        erase=_themes_erase,
        labels={"theme": _("Theme"), "active": _("In use")},
    ),
)
