from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from retainer.core.backup import BackupError, backup, fingerprint


class Command(BaseCommand):
    help = ("Back up the whole database to PATH while the app keeps serving (SQLite online "
            "backup; pg_dump for PostgreSQL).")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        tables = fingerprint().tables
        rows = sum(count for count, _digest in tables.values())
        self.stdout.write(f"Backed up {len(tables)} tables, {rows} rows, to {path}.")
