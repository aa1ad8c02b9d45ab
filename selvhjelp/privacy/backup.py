"""Backing up the whole database, and restoring it without bringing erased people back.

SQLite is copied with its online backup API (a consistent copy while the site runs);
PostgreSQL with `pg_dump --format=custom` and `pg_restore --clean --if-exists`, connecting as
Django does (from `DATABASE_URL`), with the password passed in the environment rather than on
the command line.

A restore re-applies the erasures made after the backup was taken (see `privacy/ledger.py`):

1. the backup is checked before anything changes;
2. the live ledger is read, and kept in the data folder while the restore runs (an interrupted
   restore leaves it there, and the next restore takes it up);
3. the database is replaced by the backup and migrated to this version's schema;
4. the ledger read before is written back, so erasures after the backup are in it again;
5. every account of the backup that the ledger names is erased again, with `person_erase`.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from selvhjelp.accounts.models import User
from selvhjelp.privacy.ledger import LedgerRow, ledger_accounts, ledger_read, ledger_write
from selvhjelp.privacy.services import person_erase

# The live ledger, kept in the data folder while a restore runs. It holds no personal data.
CARRIED_LEDGER = "restore-ledger.json"

# Connection options Django passes to libpq, and the variables pg_dump and pg_restore read.
_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or a restore that cannot be made; the message says why."""


@dataclass(frozen=True)
class Restored:
    ledger_rows: int
    carried_over: int
    erased_again: int


# --- Backup --------------------------------------------------------------------------------


def _engine() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def default_output() -> Path:
    """`backups/selvhjelp-<UTC time>.sqlite3` (or `.dump`) in the data folder."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if _engine() == "sqlite" else "dump"
    return Path(settings.DATA_DIR) / "backups" / f"selvhjelp-{stamp}.{suffix}"


def database_backup(*, output: Path | None = None) -> Path:
    """Copy the whole database into a new file, readable by its owner only; returns its path."""
    engine = _engine()
    output = (output or default_output()).resolve()
    if engine == "sqlite" and output == _sqlite_path():
        raise BackupError("The backup cannot be the database itself.")
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        handle = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{output} exists already: choose another file.") from None
    try:
        if engine == "sqlite":
            os.close(handle)
            _sqlite_backup(_sqlite_path(), output)
        else:
            with os.fdopen(handle, "wb") as file:
                _pg_run("pg_dump", "--format=custom", "--no-password", stdout=file)
    except BaseException:
        output.unlink(missing_ok=True)
        raise
    return output


# --- Restore -------------------------------------------------------------------------------


def database_restore(*, source: Path) -> Restored:
    """Replace the database with a backup, then erase again everyone the ledger names."""
    engine = _engine()
    source = source.resolve()
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    if engine == "sqlite":
        _sqlite_check(source)
    else:
        dumped = _pg_tables(source)
    carried = _ledger_carry()
    connections.close_all()
    if engine == "sqlite":
        _sqlite_restore(source)
    else:
        _pg_restore(source, dumped)
    connections.close_all()
    call_command("migrate", interactive=False, verbosity=0)
    in_backup = {row.key for row in ledger_read()}
    ledger_write(carried)
    again = ledger_accounts()
    for user in User.objects.filter(pk__in=again):
        person_erase(user=user)
    (Path(settings.DATA_DIR) / CARRIED_LEDGER).unlink(missing_ok=True)
    return Restored(
        ledger_rows=len(in_backup | {row.key for row in carried}),
        carried_over=len({row.key for row in carried} - in_backup),
        erased_again=len(again),
    )


def _ledger_carry() -> list[LedgerRow]:
    """The live ledger, with what an interrupted restore left, kept safe in the data folder."""
    path = Path(settings.DATA_DIR) / CARRIED_LEDGER
    rows = {row.key: row for row in _carried_read(path)}
    for row in ledger_read():
        rows.setdefault(row.key, row)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(
        json.dumps([{"key": r.key, "erased_at": r.erased_at.isoformat()} for r in rows.values()])
    )
    scratch.replace(path)
    return list(rows.values())


def _carried_read(path: Path) -> list[LedgerRow]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text())
        return [
            LedgerRow(key=str(row["key"]), erased_at=datetime.fromisoformat(row["erased_at"]))
            for row in data
        ]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"{path} was left by an interrupted restore and cannot be read ({error}). It lists "
            "the accounts erased since; repair it before restoring, or the restore could bring "
            "them back."
        ) from None


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError("The SQLite database must be a file to be backed up or restored.")
    return Path(name).resolve()


def _sqlite_backup(live: Path, output: Path) -> None:
    with (
        closing(sqlite3.connect(live, timeout=20)) as source,
        closing(sqlite3.connect(output)) as target,
    ):
        source.backup(target)
        # One self-contained file, not a database that expects a write-ahead log beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    _sqlite_check(output)


def _sqlite_check(path: Path) -> None:
    """Refuse a file that is not a whole, readable selvhjelp database."""
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as database:
            (result,) = database.execute("PRAGMA quick_check").fetchone()
            tables = {
                name
                for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database ({error}).") from None
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")
    if not {"django_migrations", User._meta.db_table} <= tables:
        raise BackupError(f"{path} is not a backup of selvhjelp.")


def _sqlite_restore(source: Path) -> None:
    live = _sqlite_path()
    if source == live:
        raise BackupError("The backup is the database itself.")
    with (
        closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as backup,
        closing(sqlite3.connect(live, timeout=20)) as target,
    ):
        backup.backup(target)


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_environment() -> dict[str, str]:
    """libpq's variables for Django's connection: no password on a command line."""
    settings_dict = connection.settings_dict
    environment = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS") or {}
    values.update({variable: options.get(option) for option, variable in _PG_OPTIONS.items()})
    environment.update({name: str(value) for name, value in values.items() if value})
    return environment


def _pg_run(program: str, *arguments: str, stdout: IO[bytes] | int | None = None) -> str:
    """Run a PostgreSQL client program against Django's database; returns what it printed when
    stdout is not given."""
    binary = shutil.which(program) or f"/usr/bin/{program}"
    if not Path(binary).exists():
        raise BackupError(f"{program} is not installed (the PostgreSQL client programs).")
    result = subprocess.run(  # noqa: S603 (a fixed program; the arguments are ours)
        [binary, *arguments],
        env=_pg_environment(),
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{program} failed: {message}")
    return "" if stdout is not None else result.stdout.decode(errors="replace")


def _pg_tables(source: Path) -> set[str]:
    """The tables in a custom-format dump; fails for a file that is not one."""
    listing = _pg_run("pg_restore", "--list", str(source))
    tables = set()
    for line in listing.splitlines():
        # "215; 1259 16390 TABLE public accounts_user postgres" (not "… TABLE DATA public …")
        parts = line.split()
        if not line.startswith(";") and len(parts) >= 6 and parts[3] == "TABLE":
            tables.add(parts[5] if parts[4] != "DATA" else parts[6])
    if not {"django_migrations", User._meta.db_table} <= tables:
        raise BackupError(f"{source} is not a backup of selvhjelp.")
    return tables


def _pg_restore(source: Path, dumped: set[str]) -> None:
    _pg_run(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
        str(source),
    )
    # Tables of a newer version than the backup's are not in it, and --clean leaves them; drop
    # them so that migrating makes them again, as they were when the backup was taken.
    newer = set(connection.introspection.django_table_names(only_existing=True)) - dumped
    with connection.cursor() as cursor:
        for table in sorted(newer):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
