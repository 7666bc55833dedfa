"""Imported messages into the interaction log, fast enough for a million.

`bulk_create` would spend most of an import compiling SQL: on SQLite it splits a batch into
statements of 33 rows (999 parameters each) and prepares all ~30 fields of every row for the
database. An imported row differs from the model's defaults in a dozen columns, and among
those only times and attachments need converting; so the columns and their defaults are read
from the model and prepared once, each value that needs it is prepared as the row is built,
and a batch goes to the database as one parameterized INSERT through `executemany`.

The INSERT skips a row whose (agency, source, external id) is already in the log — the
database's own unique index decides, as `bulk_create(ignore_conflicts=True)` would have it,
in the words Django's backend gives for it ("INSERT OR IGNORE" on SQLite, "ON CONFLICT DO
NOTHING" on PostgreSQL). Asking first which ids exist was measured and dropped: PostgreSQL
plans that question on statistics that do not see the rows the import's own transaction has
written, and ends up reading all of the agency's rows for every batch.
"""

from __future__ import annotations

from functools import partial

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.constants import OnConflict
from django.utils import timezone

from retainer.conversations.models import Interaction

SCALARS = (str, int)


class InteractionWriter:
    def __init__(self):
        database = connections[DEFAULT_DB_ALIAS]
        fields = [field for field in Interaction._meta.concrete_fields if not field.primary_key]
        # Every row of one import has the same created_at: what it wrote is known by it.
        self.written_at = timezone.now()
        raw = [self.written_at if getattr(field, "auto_now_add", False) else field.get_default()
               for field in fields]
        self._slots = {field.attname: index for index, field in enumerate(fields)}
        self._raw_defaults = {field.attname: value
                              for field, value in zip(fields, raw, strict=True)}
        self._defaults = [field.get_db_prep_save(value, database)
                          for field, value in zip(fields, raw, strict=True)]
        self._prepare = {field.attname: partial(field.get_db_prep_save, connection=database)
                         for field in fields}
        self._database = database
        ops = database.ops
        self._sql = (
            f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} "
            f"{ops.quote_name(Interaction._meta.db_table)} "
            f"({', '.join(ops.quote_name(field.column) for field in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"{ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)}"
        )

    def row(self, **values) -> list:
        """A row's parameters: `values` by field name over the defaults. Text, numbers and
        None go as they are; anything else (times, lists) as its field prepares it."""
        row = self._defaults.copy()
        slots, prepare, defaults = self._slots, self._prepare, self._raw_defaults
        for name, value in values.items():
            if value is not None and not isinstance(value, SCALARS):
                if value == defaults[name]:
                    continue
                value = prepare[name](value)
            row[slots[name]] = value
        return row

    def write(self, rows: list[list]) -> int:
        """Insert the rows not in the log yet; how many that was."""
        if not rows:
            return 0
        with self._database.cursor() as cursor:
            cursor.executemany(self._sql, rows)
            return cursor.rowcount
