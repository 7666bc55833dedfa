"""Backups of the whole database and their restore, with a fingerprint to prove a round trip.

SQLite is copied with its online backup API (`sqlite3.Connection.backup`), which takes a
consistent snapshot while the app keeps serving and restores by copying pages into the live
database in one transaction. PostgreSQL is dumped with its own pg_dump (custom format) and
restored with pg_restore in a single transaction: the tools that know every type and
sequence, rather than a Django fixture dump, which loses sequences and is slow at a million
rows (`dumpdata` was rejected for that reason). A backup is written beside its target and
moved into place only when complete, so a failed run never leaves a half-written file under
the name given.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """A backup or restore that cannot be done, with what to do about it."""


@dataclass(frozen=True)
class Fingerprint:
    """Rows and a checksum of their values, per table."""

    tables: dict[str, tuple[int, str]]

    def differences(self, other: Fingerprint) -> list[str]:
        names = sorted(set(self.tables) | set(other.tables))
        return [name for name in names if self.tables.get(name) != other.tables.get(name)]


def fingerprint(alias: str = "default") -> Fingerprint:
    """Count and SHA-256 of every table's rows, read in a fixed order (every column, by
    position), so that two databases with the same rows give the same fingerprint."""
    connection = connections[alias]
    tables = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(name)
            columns = len(connection.introspection.get_table_description(cursor, name))
            order = ", ".join(str(position) for position in range(1, columns + 1))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608 (names from the catalogue)
            digest = hashlib.sha256()
            count = 0
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    digest.update(repr(row).encode())
                count += len(rows)
            tables[name] = (count, digest.hexdigest())
    return Fingerprint(tables)


def backup(path: Path, alias: str = "default") -> None:
    connection = connections[alias]
    path = Path(path)
    if path.parent and not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    partial = path.with_name(path.name + ".partial")
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        elif connection.vendor == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}",
                  connection.settings_dict["NAME"]], connection)
        else:
            raise BackupError(f"Backups of {connection.vendor} are not supported.")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore(path: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup's. The backup is checked first: a
    file that is not a backup of this database kind leaves the database untouched."""
    connection = connections[alias]
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, path)
    elif connection.vendor == "postgresql":
        _run(["pg_restore", "--list", str(path)], connection, what="read the backup")
        connection.close()  # pg_restore drops tables; an open transaction here would block it
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(path)],
             connection)
    else:
        raise BackupError(f"Restoring {connection.vendor} is not supported.")


def _sqlite_backup(connection, target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        _check_sqlite(destination, target)
    finally:
        destination.close()


def _sqlite_restore(connection, path: Path) -> None:
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{path} cannot be opened as a SQLite database: {exc}") from None
    try:
        _check_sqlite(source, path)
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _check_sqlite(database: sqlite3.Connection, path: Path) -> None:
    try:
        (verdict,) = database.execute("PRAGMA quick_check").fetchone()
        known = database.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a usable SQLite database: {exc}") from None
    if verdict != "ok":
        raise BackupError(f"{path} is damaged: {verdict}")
    if known is None:
        raise BackupError(f"{path} is a SQLite database but not one of Retainer's.")


def _run(command: list[str], connection, what: str = "") -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client "
                          f"(Debian: apt install postgresql-client).")
    settings = connection.settings_dict
    env = os.environ | {key: str(value) for key, value in {
        "PGHOST": settings.get("HOST"), "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"), "PGPASSWORD": settings.get("PASSWORD"),
    }.items() if value}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        action = what or f"run {command[0]}"
        raise BackupError(f"Could not {action}: {result.stderr.strip() or result.returncode}")
