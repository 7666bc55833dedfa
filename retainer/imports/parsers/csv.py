"""A log kept elsewhere, as CSV: one row per message, in the column layout of docs/imports.md.

The standard `csv` module is all this needs: it streams row by row, handles quoted fields
with delimiters and line breaks inside, and counts lines for error messages; the delimiter
(";" as spreadsheets in Russian and Ukrainian locales write it, or ",") is told by
`csv.Sniffer` from the header line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Collection, Iterator
from datetime import datetime, tzinfo
from itertools import chain
from typing import IO

from retainer.imports.parsers.base import (
    CountingReader,
    ImportFileError,
    ParsedMessage,
    Position,
    Progress,
    file_size,
    gettext_noop,
)

REQUIRED = ("occurred_at", "direction", "channel", "sender", "text")
OPTIONAL = ("thread", "external_id", "subject")
DIRECTIONS = ("in", "out")

NOT_UTF8 = gettext_noop("The file is not in UTF-8: save it as “CSV UTF-8” and try again.")
MISSING_COLUMNS = gettext_noop(
    "The header lacks the columns %(columns)s (it must name occurred_at, direction, channel, "
    "sender and text)."
)
FIELD_COUNT = gettext_noop("The row has %(found)s fields where the header has %(expected)s.")
BAD_TIME = gettext_noop(
    "“%(value)s” in occurred_at is not a date and time (write e.g. 2024-03-01T10:30:00+03:00)."
)
BAD_DIRECTION = gettext_noop("“%(value)s” in direction must be “in” or “out”.")
BAD_CHANNEL = gettext_noop("“%(value)s” in channel is not one of %(allowed)s.")
NO_TEXT = gettext_noop("The text is empty.")


def read_csv(path: str, *, zone: tzinfo, channels: Collection[str], name: str | None = None,
             progress: Progress | None = None) -> Iterator[ParsedMessage]:
    """Rows as messages. Times without an offset are in `zone`; `channels` are the values
    the channel column may take."""
    name = name or os.path.basename(path)
    file_size(path, name)
    with open(path, "rb") as raw:
        lines = _decoded(io.BufferedReader(CountingReader(raw, progress)), name)
        first = next(lines)
        rows = csv.reader(chain([first], lines), delimiter=_delimiter(first))
        try:
            header = [cell.strip().lower() for cell in next(rows)]
            missing = [column for column in REQUIRED if column not in header]
            if missing:
                raise ImportFileError(name, MISSING_COLUMNS, {"columns": ", ".join(missing)},
                                      Position(line=1))
            columns = {column: header.index(column) for column in REQUIRED + OPTIONAL
                       if column in header}
            while True:
                line = rows.line_num + 1
                row = next(rows, None)
                if row is None:
                    break
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise ImportFileError(name, FIELD_COUNT,
                                          {"found": len(row), "expected": len(header)},
                                          Position(line=line))
                yield _message(row, columns, zone, channels, name, line)
        except csv.Error as error:
            raise ImportFileError(name, gettext_noop("The CSV cannot be read: %(detail)s."),
                                  {"detail": str(error)}, Position(line=rows.line_num)) from None


def _decoded(binary: IO[bytes], name: str) -> Iterator[str]:
    """The file's lines as text, line endings kept for `csv`; a line that is not UTF-8 is
    named by its number."""
    for number, line in enumerate(binary, start=1):
        try:
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise ImportFileError(name, NOT_UTF8, position=Position(line=number)) from None


def _delimiter(header: str) -> str:
    try:
        return csv.Sniffer().sniff(header, delimiters=";,").delimiter
    except csv.Error:
        return ";" if header.count(";") > header.count(",") else ","


def _message(row: list[str], columns: dict[str, int], zone: tzinfo,
             channels: Collection[str], name: str, line: int) -> ParsedMessage:
    def cell(column: str) -> str:
        return row[columns[column]].strip() if column in columns else ""

    def fail(reason: str, **params) -> ImportFileError:
        return ImportFileError(name, reason, params, Position(line=line))

    try:
        occurred_at = datetime.fromisoformat(cell("occurred_at"))
    except ValueError:
        raise fail(BAD_TIME, value=cell("occurred_at")[:50]) from None
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=zone)
    direction = cell("direction").lower()
    if direction not in DIRECTIONS:
        raise fail(BAD_DIRECTION, value=cell("direction")[:50])
    channel = cell("channel").lower()
    if channel not in channels:
        raise fail(BAD_CHANNEL, value=cell("channel")[:50], allowed=", ".join(channels))
    text = row[columns["text"]].replace("\r\n", "\n").strip()
    if not text:
        raise fail(NO_TEXT)
    sender = cell("sender")
    return ParsedMessage(
        external_id=cell("external_id") or _row_hash(row),
        occurred_at=occurred_at,
        text=text,
        sender_key=sender.casefold(),
        sender_name=sender,
        channel=channel,
        thread=cell("thread"),
        direction=direction,
        subject=cell("subject"),
    )


def _row_hash(row: list[str]) -> str:
    """A row without an external_id is known by its content: the same row in a later
    export is the same message."""
    return hashlib.sha256("\x1f".join(row).encode()).hexdigest()
