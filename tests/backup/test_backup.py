"""`backup` and `restore`: a restored backup brings everyone back except the people who erased
their account after it was taken.

The commands copy and replace the real (test) database file or PostgreSQL database, so these
tests commit their data instead of running inside one transaction.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from selvhjelp import cli
from selvhjelp.accounts.models import User
from selvhjelp.groups.models import Group, Membership, MembershipState
from selvhjelp.interest.models import Interest
from selvhjelp.notifications.models import Message
from selvhjelp.privacy.backup import CARRIED_LEDGER
from selvhjelp.privacy.ledger import _ledger_secrets, account_key
from selvhjelp.privacy.models import ErasedAccount
from selvhjelp.privacy.services import person_erase
from tests.conftest import queue_to, register_interest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path: Path) -> Path:
    """A data folder of the test's own, for default backups and the carried ledger."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def _backup(path: Path) -> Path:
    call_command("backup", output=path)
    return path


def _restore(path: Path) -> None:
    call_command("restore", str(path), interactive=False)


def _round_trip(tmp_path: Path, running_group: Group, member: User, participant: User) -> None:
    """Data, a backup, a person erases their account, the backup is restored: the person is
    still erased and everyone else is back."""
    register_interest(participant, themes=("depresjon",))
    register_interest(member, themes=("angst",))
    # A message queued to the address before it was the account's: erased by address.
    queue_to(member.email, key="before-the-account")
    member_id, address = member.pk, member.email
    others = sorted(User.objects.exclude(pk=member_id).values_list("email", flat=True))
    backup = _backup(tmp_path / "before.backup")

    person_erase(user=member)
    assert not User.objects.filter(pk=member_id).exists()
    _restore(backup)

    assert not User.objects.filter(pk=member_id).exists()
    assert not User.objects.filter(email=address).exists()
    assert not Message.objects.filter(to_email__iexact=address).exists()
    assert not Membership.objects.filter(user_id=member_id).exists()
    assert sorted(User.objects.values_list("email", flat=True)) == others
    group = Group.objects.get(pk=running_group.pk)
    assert group.memberships.filter(state=MembershipState.MEMBER).count() == 2
    assert list(Interest.objects.values_list("user__email", flat=True)) == [participant.email]
    assert ErasedAccount.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_a_restored_sqlite_backup_keeps_a_person_erased_after_it_erased_and_brings_back_the_rest(
    tmp_path: Path, running_group: Group, member: User, participant: User
) -> None:
    _round_trip(tmp_path, running_group, member, participant)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs when DATABASE_URL points at PostgreSQL"
)
def test_a_restored_postgresql_backup_keeps_a_person_erased_and_brings_back_the_rest(
    tmp_path: Path, running_group: Group, member: User, participant: User
) -> None:
    _round_trip(tmp_path, running_group, member, participant)


def test_erasures_after_the_backup_are_carried_into_the_restored_ledger(
    tmp_path: Path, data_dir: Path, make_user: Callable[..., User]
) -> None:
    before = make_user("Før")
    keys = {account_key(user_id=before.pk, joined=before.date_joined)}
    person_erase(user=before)
    backup = _backup(tmp_path / "b")
    # Someone who signed up after the backup and left again: not in the backup, but in the
    # ledger, which is kept as a whole.
    after = make_user("Etter")
    keys.add(account_key(user_id=after.pk, joined=after.date_joined))
    person_erase(user=after)
    _restore(backup)
    assert set(ErasedAccount.objects.values_list("key", flat=True)) == keys
    assert not (data_dir / CARRIED_LEDGER).exists()


def test_an_account_that_gets_the_id_of_an_erased_one_after_a_restore_is_not_erased_later(
    tmp_path: Path, make_user: Callable[..., User]
) -> None:
    make_user("Første")
    first = _backup(tmp_path / "first")
    gone = make_user("Borte")
    gone_id = gone.pk
    person_erase(user=gone)
    _restore(first)
    # The restore put the id counter back: the next account gets the erased account's id.
    newcomer = make_user("Ny")
    assert newcomer.pk == gone_id
    second = _backup(tmp_path / "second")
    _restore(second)
    assert User.objects.filter(pk=newcomer.pk, display_name="Ny").exists()


def test_a_restore_that_stopped_halfway_leaves_the_ledger_for_the_next_one(
    tmp_path: Path, data_dir: Path, make_user: Callable[..., User]
) -> None:
    person = make_user("Halvveis")
    backup = _backup(tmp_path / "b")
    # The last restore replaced the database and stopped before writing the ledger back: the
    # database has no trace of the erasure, the data folder has.
    data_dir.mkdir(parents=True, exist_ok=True)
    carried = [
        {
            "key": account_key(user_id=person.pk, joined=person.date_joined),
            "erased_at": "2026-01-05T10:00:00+00:00",
        }
    ]
    (data_dir / CARRIED_LEDGER).write_text(json.dumps(carried))
    _restore(backup)
    assert not User.objects.filter(pk=person.pk).exists()
    assert ErasedAccount.objects.get().erased_at.isoformat() == "2026-01-05T10:00:00+00:00"
    assert not (data_dir / CARRIED_LEDGER).exists()


def test_the_ledger_holds_a_keyed_hash_that_names_nobody_without_the_key(
    make_user: Callable[..., User],
) -> None:
    person = make_user("Nøkkel", email="nokkel@example.org")
    person_id, joined = person.pk, person.date_joined
    person_erase(user=person)
    [row] = ErasedAccount.objects.all()
    assert {field.name for field in ErasedAccount._meta.fields} == {"key", "erased_at"}
    # Not a plain hash of anything one could guess: the id, the id and the moment, the address.
    guesses = [str(person_id), f"{person_id}:{joined}", "nokkel@example.org"]
    assert row.key not in {hashlib.sha256(guess.encode()).hexdigest() for guess in guesses}
    assert row.key == account_key(user_id=person_id, joined=joined)
    with override_settings(SECRET_KEY="another key " * 5):
        assert row.key != account_key(user_id=person_id, joined=joined)
    # After the secret key is changed, the old one kept as a fallback still recognises it.
    with override_settings(SECRET_KEY="a new key " * 6, SECRET_KEY_FALLBACKS=[_secret()]):
        assert row.key != account_key(user_id=person_id, joined=joined)
        assert any(
            account_key(user_id=person_id, joined=joined, secret=secret) == row.key
            for secret in _ledger_secrets()
        )


def _secret() -> str:
    from django.conf import settings

    return str(settings.SECRET_KEY)


def test_a_backup_is_readable_by_its_owner_only_and_never_overwrites_a_file(
    tmp_path: Path,
) -> None:
    path = _backup(tmp_path / "private")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    size = path.stat().st_size
    with pytest.raises(CommandError, match="exists already"):
        _backup(path)
    assert path.stat().st_size == size


def test_without_output_the_backup_goes_to_the_data_folder(data_dir: Path, capsys) -> None:
    call_command("backup")
    [made] = (data_dir / "backups").iterdir()
    assert made.name.startswith("selvhjelp-")
    assert str(made) in capsys.readouterr().out


def test_the_selvhjelp_command_passes_backup_and_restore_to_django(
    tmp_path: Path, make_user: Callable[..., User]
) -> None:
    person = make_user("Kommando")
    person_id = person.pk
    path = tmp_path / "cli.backup"
    assert cli.main(["backup", "--output", str(path)]) == 0
    person_erase(user=person)
    make_user("Etterpå")
    assert cli.main(["restore", "--no-input", str(path)]) == 0
    assert not User.objects.filter(pk=person_id).exists()
    assert not User.objects.filter(display_name="Etterpå").exists()


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(
    tmp_path: Path, data_dir: Path, make_user: Callable[..., User]
) -> None:
    person = make_user("Blir")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError):
        _restore(junk)
    with pytest.raises(CommandError):
        _restore(tmp_path / "missing.backup")
    assert User.objects.filter(pk=person.pk).exists()
    assert not (data_dir / CARRIED_LEDGER).exists()


def test_restore_asks_first_and_does_nothing_without_a_yes(
    tmp_path: Path, make_user: Callable[..., User], monkeypatch
) -> None:
    backup = _backup(tmp_path / "b")
    later = make_user("Senere")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(backup))
    assert User.objects.filter(pk=later.pk).exists()
