"""Erasure leaves nothing: every person of the demo, deleted one after another, is found
nowhere afterwards, in any table or (on SQLite) in the bytes of the database file and its WAL.

Before each erasure the scan must find the person, so a scan that looks in the wrong place
fails here rather than passing for ever.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import CHANGE, LogEntry

from selvhjelp.accounts.models import User
from selvhjelp.audit.models import AuditAction
from selvhjelp.audit.services import audit_record
from selvhjelp.demo import _people as demo_people
from selvhjelp.demo import demo_load_if_empty
from selvhjelp.groups.models import Membership
from selvhjelp.privacy.services import database_file_clear, person_erase
from tests.conftest import signed_in
from tests.privacy.scan import Person, database_files, in_files, in_id_columns, traces

pytestmark = pytest.mark.django_db(transaction=True)


def _as_the_admin_and_the_browser_would(people: list[User]) -> None:
    """What the demo does not make: the admin's history of changes to each person and to their
    memberships (whose names carry the person's), a signed-in session each, and an audit entry
    with the account itself as its target."""
    admin = next(person for person in people if person.is_superuser)
    for person in people:
        LogEntry.objects.log_actions(
            user_id=admin.pk,
            queryset=[person],
            action_flag=CHANGE,
            change_message=f"Changed the name of {person.display_name} ({person.email})",
            single_object=True,
        )
        memberships = list(Membership.objects.filter(user=person))
        if memberships:
            LogEntry.objects.log_actions(user_id=admin.pk, queryset=memberships, action_flag=CHANGE)
        signed_in(person)
        audit_record(actor=admin, action=AuditAction.STAFF_REMOVE, target=person, subjects=[person])


def test_erasing_every_person_of_the_demo_in_turn_leaves_nothing_of_them() -> None:
    # The files hold none of the demo's names before it loads: what the scan finds later is
    # the demo's, not a theme or a place that happens to spell a name.
    database_file_clear()
    nobody = [Person(pk=0, addresses=frozenset(), name=name) for _, name, *_ in demo_people()]
    assert [mark for person in nobody for mark in in_files(person)] == []
    assert demo_load_if_empty()
    people = list(User.objects.order_by("pk"))
    _as_the_admin_and_the_browser_would(people)
    for user in people:
        person = Person.of(user)
        before = traces(person)
        assert in_id_columns(person), person.name
        if database_files():
            assert in_files(person), person.name
        assert before, person.name
        person_erase(user=User.objects.get(pk=user.pk))
        assert traces(person) == [], f"{person.name} is still found after erasure"
    assert not User.objects.exists()
