from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from retainer.core.backup import BackupError, fingerprint, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args, path: Path, interactive: bool, **options):
        if interactive:
            answer = input(f"This replaces everything in the database {connection.settings_dict['NAME']} "
                           f"with {path}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        tables = fingerprint().tables
        rows = sum(count for count, _digest in tables.values())
        self.stdout.write(f"Restored {len(tables)} tables, {rows} rows, from {path}.")
