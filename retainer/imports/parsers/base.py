"""What every reader yields and raises.

The readers know nothing of agencies or the database: a `ParsedMessage` carries the sender as
it appears in the file (an id and a name), and the service decides who that is. Their error
messages are written in English and marked with `gettext_noop` below, so that
`makemessages` collects them while this module stays free of Django; the service translates
them where they are shown.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

MESSAGE = "message"
EVENT = "event"

Progress = Callable[[int], None]
"""Called with the number of bytes of the export read so far."""


def gettext_noop(message: str) -> str:
    """Marks a message for translation without translating it here."""
    return message


@dataclass(slots=True)
class ParsedMessage:
    external_id: str
    occurred_at: datetime
    text: str
    sender_key: str
    sender_name: str
    channel: str
    thread: str = ""
    kind: str = MESSAGE
    # Only a CSV row states its direction; elsewhere it follows from who the sender is.
    direction: str | None = None
    subject: str = ""
    in_reply_to: str = ""
    forwarded_from: str = ""
    edited_at: datetime | None = None
    attachments: list[dict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Position:
    """Where in the file something went wrong; any of the three may be known."""

    message: int | None = None
    line: int | None = None
    byte: int | None = None


class ImportFileError(Exception):
    """A file that cannot be imported. `reason` is an English message with %(name)s
    placeholders filled from `params`, translated where it is shown."""

    def __init__(self, path: str, reason: str, params: dict | None = None,
                 position: Position | None = None):
        self.path = path
        self.reason = reason
        self.params = params or {}
        self.position = position or Position()
        super().__init__(f"{path}: {reason % self.params}")


class CountingReader(io.RawIOBase):
    """A binary file that reports how far it has been read, for progress bars and for
    naming the byte where a parser gave up."""

    def __init__(self, raw: IO[bytes], progress: Progress | None = None):
        super().__init__()
        self.raw = raw
        self.position = 0
        self.progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.raw.readinto(buffer)
        self.position += count
        if self.progress is not None:
            self.progress(self.position)
        return count


def first_bytes(path: str, size: int = 512) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def media_marker(kind: str, name: str = "") -> str:
    """The text that stands for a photo, a file or a voice message in the log."""
    return f"[{kind}: {name}]" if name else f"[{kind}]"


def with_caption(marker: str, caption: str) -> str:
    return f"{marker}\n{caption}" if caption else marker


def file_size(path: str, name: str) -> int:
    """The size of an export that must be a non-empty file, or the error saying why not."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise ImportFileError(name, gettext_noop("The file does not exist.")) from None
    if stat.S_ISDIR(status.st_mode):
        raise ImportFileError(name, gettext_noop("This is a folder, not a file."))
    if status.st_size == 0:
        raise ImportFileError(name, gettext_noop("The file is empty."))
    return status.st_size
