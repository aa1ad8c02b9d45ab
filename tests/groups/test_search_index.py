"""SQLite's search table holds the listed groups only, each with the words it has now.

The table takes its text from the groups' rows (external content), and a removal must name the
words a group was indexed with, or the index keeps words no group has. So each check compares
every (word, group, position) in the index with an index built afresh from the ORM's listed
groups: FTS5's own integrity check cannot see a stale word, nor compare a partial index with
its whole content table.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection

from selvhjelp.groups.models import Group, GroupState
from selvhjelp.groups.search import SQLITE_TRIGGERS, sqlite_triggers_ensure
from selvhjelp.groups.services.search import group_reindex

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's search table"),
]

Entries = set[tuple[str, int, int]]


def _entries(schema: str, table: str) -> Entries:
    """Every word of an FTS5 index with its group and position, read from the index itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE temp.words USING fts5vocab({schema}, {table}, instance)"
        )
        cursor.execute("SELECT term, doc, offset FROM temp.words")
        rows = {(term, doc, offset) for term, doc, offset in cursor.fetchall()}
        cursor.execute("DROP TABLE temp.words")
    return rows


def _expected() -> Entries:
    """The index that the listed groups' search documents make, tokenized as the table does."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIRTUAL TABLE temp.fresh USING fts5(search_document)")
        cursor.executemany(
            "INSERT INTO temp.fresh (rowid, search_document) VALUES (%s, %s)",
            list(Group.objects.listed().values_list("id", "search_document")),
        )
        try:
            return _entries("temp", "fresh")
        finally:
            cursor.execute("DROP TABLE temp.fresh")


def assert_index_is_exact() -> None:
    assert _entries("main", "groups_group_fts") == _expected()
    with connection.cursor() as cursor:
        # The index's own structure (with a partial index, not its agreement with the table).
        cursor.execute("INSERT INTO groups_group_fts (groups_group_fts) VALUES ('integrity-check')")


def found(word: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM groups_group_fts WHERE groups_group_fts MATCH %s", [f'"{word}"*']
        )
        return {pk for (pk,) in cursor.fetchall()}


def test_it_holds_a_listed_group_and_not_an_unlisted_one(make_group) -> None:
    listed = make_group("Sorg i nord")
    make_group("Sorg i sør", listed=False)
    assert found("sorg") == {listed.pk}
    assert_index_is_exact()


def test_listing_adds_a_group_and_unlisting_removes_it(make_group) -> None:
    group = make_group("Sorg i nord", listed=False)
    group.listed = True
    group.save()
    assert found("sorg") == {group.pk}
    assert_index_is_exact()
    Group.objects.filter(pk=group.pk).update(listed=False)
    assert found("sorg") == set()
    assert_index_is_exact()


def test_an_ended_group_leaves_and_a_group_taken_up_again_returns(make_group) -> None:
    group = make_group("Sorg i nord", state=GroupState.RUNNING)
    Group.objects.filter(pk=group.pk).update(state=GroupState.ENDED)
    assert found("sorg") == set()
    assert_index_is_exact()
    Group.objects.filter(pk=group.pk).update(state=GroupState.PAUSED)
    assert found("sorg") == {group.pk}
    assert_index_is_exact()


def test_a_changed_document_is_found_by_its_new_words_only(make_group) -> None:
    group = make_group("Sorg i nord", themes=("angst",))
    group.title = "Samtale i sør"
    group.save()
    group_reindex(group)
    assert found("sorg") == set()
    assert found("samtale") == {group.pk}
    assert_index_is_exact()


def test_an_unlisted_groups_document_can_change_and_it_is_listed_with_the_new_words(
    make_group,
) -> None:
    group = make_group("Sorg i nord", listed=False)
    Group.objects.filter(pk=group.pk).update(search_document="Angst i sør")
    assert found("angst") == set()
    Group.objects.filter(pk=group.pk).update(listed=True)
    assert found("angst") == {group.pk}
    assert found("sorg") == set()
    assert_index_is_exact()


def test_a_change_of_other_fields_or_of_nothing_leaves_the_index_as_it_was(make_group) -> None:
    group = make_group("Sorg i nord")
    group.save()
    Group.objects.filter(pk=group.pk).update(listed=True, state=group.state, free_seats=0)
    assert found("sorg") == {group.pk}
    assert_index_is_exact()


def test_deleting_listed_and_unlisted_groups_leaves_the_others(make_group) -> None:
    kept = make_group("Sorg i vest")
    listed = make_group("Sorg i nord")
    unlisted = make_group("Sorg i sør", listed=False)
    ended = make_group("Sorg i øst", state=GroupState.ENDED)
    for group in (listed, unlisted, ended):
        group.delete()
    assert found("sorg") == {kept.pk}
    assert_index_is_exact()


def test_many_changes_in_turn_leave_an_exact_index(make_group) -> None:
    groups = [make_group(f"Gruppe {n}", listed=n % 2 == 0) for n in range(6)]
    Group.objects.filter(pk__in=[g.pk for g in groups[:3]]).update(listed=True)
    Group.objects.filter(pk=groups[3].pk).update(state=GroupState.ENDED, listed=True)
    Group.objects.filter(pk=groups[4].pk).update(search_document="Helt nye ord")
    Group.objects.filter(pk=groups[0].pk).delete()
    Group.objects.filter(listed=False).update(search_document="Skjult")
    assert_index_is_exact()


def _triggers() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return {name: sql for name, sql in cursor.fetchall() if name.startswith("groups_group")}


def test_the_migrated_triggers_are_the_ones_the_code_puts_back() -> None:
    assert _triggers() == SQLITE_TRIGGERS


def test_lost_triggers_are_put_back_with_only_listed_groups_indexed(
    make_group: Callable[..., Group],
) -> None:
    """As after a migration that rebuilds the groups' table: the triggers went with the old
    table, and changes made since are not in the index."""
    listed = make_group("Sorg i nord")
    unlisted = make_group("Sorg i sør", listed=False)
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    Group.objects.filter(pk=listed.pk).update(search_document="Angst i nord")
    Group.objects.filter(pk=unlisted.pk).update(listed=True)
    assert sqlite_triggers_ensure(connection) is True
    assert _triggers() == SQLITE_TRIGGERS
    assert found("angst") == {listed.pk}
    assert found("sorg") == {unlisted.pk}
    assert_index_is_exact()
    assert sqlite_triggers_ensure(connection) is False


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_listed_groups_only_and_back_all_groups(make_group) -> None:
    listed = make_group("Sorg i nord")
    unlisted = make_group("Sorg i sør", listed=False)
    call_command("migrate", "groups", "0004", verbosity=0)
    assert found("sorg") == {listed.pk, unlisted.pk}
    call_command("migrate", "groups", verbosity=0)
    assert found("sorg") == {listed.pk}
    assert _triggers() == SQLITE_TRIGGERS
    assert_index_is_exact()
