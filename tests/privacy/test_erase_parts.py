"""What erasure does to rows others still need: the proposal keeps its outcome, the meeting
stays cancelled, the audit log and the admin's history keep what was done, all without the
person; and what it ends: the person's sessions, and an account deleted in the admin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditAction, AuditEntry
from selvhjelp.contactpoints.models import ContactPoint
from selvhjelp.decisions.models import ProposalKind, ProposalState
from selvhjelp.decisions.services import proposal_create, vote_cast
from selvhjelp.groups.models import Group, GroupInterest, Membership
from selvhjelp.lib.recurrence import OSLO
from selvhjelp.meetings.models import Meeting
from selvhjelp.meetings.services import meeting_cancel
from selvhjelp.privacy.services import person_erase
from tests.conftest import (
    meet_weekly,
    members_of,
    open_pool,
    register_interest,
    signed_in,
)

pytestmark = pytest.mark.django_db


def test_an_erased_member_leaves_the_counting_and_a_decided_proposal_keeps_its_outcome(
    running_group: Group,
) -> None:
    jonas, amina, per = members_of(running_group)
    proposal = proposal_create(
        group=running_group, by=amina, kind=ProposalKind.QUESTION, text="Kaffe?", payload={}
    )
    for person in (jonas, amina, per):
        vote_cast(proposal=proposal, voter=person, yes=True)
    proposal.refresh_from_db()
    decided = (proposal.state, proposal.decided_at)
    assert decided[0] == ProposalState.ADOPTED
    assert amina.pk in proposal.counting

    person_erase(user=amina)

    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_at) == decided
    assert sorted(proposal.counting) == sorted([jonas.pk, per.pk])
    assert proposal.proposed_by is None
    assert proposal.text == "Kaffe?"


def test_an_erased_applicant_leaves_the_proposal_which_then_fails_as_gone(
    running_group: Group, outsider: User
) -> None:
    jonas, amina, per = members_of(running_group)
    GroupInterest.objects.create(user=outsider, group=running_group)
    proposal = proposal_create(
        group=running_group,
        by=jonas,
        kind=ProposalKind.ADMIT,
        text="Utenforstående vil gjerne bli med. Spør Utenforstående-Kari om hun også vil.",
        payload={"applicant": outsider.pk},
    )

    person_erase(user=outsider)

    proposal.refresh_from_db()
    assert "applicant" not in proposal.payload
    # The whole name goes; a double name that only begins with it stays.
    assert proposal.text == "[…] vil gjerne bli med. Spør Utenforstående-Kari om hun også vil."
    for person in (jonas, amina, per):
        vote_cast(proposal=proposal, voter=person, yes=True)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.reason) == (ProposalState.NOT_ADOPTED, "applicant_gone")
    assert not Membership.objects.filter(group=running_group, user_id=outsider.pk).exists()


def test_a_meeting_the_person_cancelled_stays_cancelled_without_them_or_their_name(
    running_group: Group, member: User, other_member: User
) -> None:
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=OSLO), tick=False):
        meet_weekly(running_group)
        meeting = Meeting.objects.earliest("starts_at")
        meeting_cancel(meeting=meeting, by=member, message="Jonas er syk, og Amina er bortreist.")

    person_erase(user=member)

    meeting.refresh_from_db()
    assert meeting.cancelled
    assert meeting.cancelled_by is None
    assert meeting.message == "[…] er syk, og Amina er bortreist."


def test_the_audit_log_keeps_that_staff_opened_someone_s_data_but_not_whose_or_by_whom(
    participant: User, coordinator: User, contact_point: ContactPoint
) -> None:
    register_interest(participant)
    open_pool(contact_point, coordinator)
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_INTEREST)
    assert (entry.actor, entry.subject) == (coordinator, participant)

    person_erase(user=participant)
    entry.refresh_from_db()
    assert (entry.actor, entry.subject) == (coordinator, None)

    person_erase(user=coordinator)
    entry.refresh_from_db()
    assert (entry.actor, entry.subject, entry.action) == (None, None, AuditAction.VIEW_INTEREST)


def test_the_admin_history_keeps_what_was_done_but_not_to_whom(
    admin_user: User, running_group: Group, member: User
) -> None:
    LogEntry.objects.log_actions(
        user_id=admin_user.pk,
        queryset=[member],
        action_flag=CHANGE,
        change_message=f"Asked by {member.email.upper()} to change the name",
        single_object=True,
    )
    LogEntry.objects.log_actions(
        user_id=admin_user.pk,
        queryset=[Membership.objects.get(user=member)],
        action_flag=CHANGE,
        single_object=True,
    )
    LogEntry.objects.log_actions(
        user_id=member.pk, queryset=[running_group], action_flag=CHANGE, single_object=True
    )

    person_erase(user=member)

    about_accounts = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(User))
    assert (about_accounts.object_id, about_accounts.object_repr) == (None, "[…]")
    assert about_accounts.change_message == "Asked by […] to change the name"
    about_membership = LogEntry.objects.get(content_type__model="membership")
    assert "Jonas" not in about_membership.object_repr
    assert about_membership.user == admin_user
    assert not LogEntry.objects.filter(content_type__model="group").exists()


def test_the_person_s_sessions_on_every_device_end_with_the_account(
    participant: User, member: User
) -> None:
    phone, laptop, someone_else = signed_in(participant), signed_in(participant), signed_in(member)
    assert Session.objects.count() == 3

    person_erase(user=participant)

    assert Session.objects.count() == 1
    for client in (phone, laptop):
        assert client.get("/profil/")["Location"].startswith("/konto/login/")
    assert someone_else.get("/profil/").status_code == 200


def test_deleting_an_account_in_the_admin_erases_it_as_its_owner_would(
    admin_user: User, running_group: Group, member: User, client_for: Callable
) -> None:
    proposal = proposal_create(
        group=running_group, by=member, kind=ProposalKind.QUESTION, text="Te?", payload={}
    )
    response = client_for(admin_user).post(
        f"/admin/accounts/user/{member.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    proposal.refresh_from_db()
    assert member.pk not in proposal.counting
    deletion = LogEntry.objects.get(action_flag=3)
    assert (deletion.object_id, deletion.object_repr) == (None, "[…]")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own setting")
def test_every_sqlite_connection_overwrites_what_it_deletes() -> None:
    assert "PRAGMA secure_delete=ON" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps a WAL file")
@pytest.mark.django_db(transaction=True)
def test_after_an_erasure_the_wal_holds_nothing(make_user: Callable[..., User]) -> None:
    person = make_user("Vilde")
    wal = Path(f"{connection.settings_dict['NAME']}-wal")
    assert wal.exists()
    assert wal.stat().st_size > 0

    person_erase(user=person)

    assert wal.stat().st_size == 0
