"""CSV exports streamed in chunks, readable by Excel and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

# A text starting with one of these is a formula to a spreadsheet: the texts exported come
# from what people typed, clients' own words among them, so none may run as one (CSV
# injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


class _Echo:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence], batch: int = 500
               ) -> Iterator[str]:
    """A BOM (Excel then reads the file as UTF-8), the header, then the rows, `batch` at a
    time, so that a long export is never held in memory whole."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    buffer: list[str] = []
    for row in rows:
        buffer.append(writer.writerow(row))
        if len(buffer) >= batch:
            yield "".join(buffer)
            buffer.clear()
    if buffer:
        yield "".join(buffer)
