"""Telegram Desktop's "Export chat history" in JSON (`result.json`).

Both shapes of the file are read: one chat (`name`, `type`, `id`, `messages` at the top) and
the whole account's data (`chats.list[]`, `left_chats.list[]`, each with its messages), in the
old layout (`text` as a string or a list of strings and entity objects, numeric `from_id`,
local `date` only) and the new one (`text_entities`, "user123"/"channel123" ids,
`date_unixtime`). The file is streamed with ijson, so a 200 MB export never sits in memory:
one chat's messages come straight from ijson's C parser; an account export, whose chats must
be told apart, is walked event by event.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from posixpath import basename

import ijson

from retainer.imports.parsers.base import (
    EVENT,
    CountingReader,
    ImportFileError,
    ParsedMessage,
    Position,
    Progress,
    file_size,
    first_bytes,
    gettext_noop,
    media_marker,
    with_caption,
)

HTML_EXPORT = gettext_noop(
    "This is Telegram's HTML export; export the chat again as JSON "
    "(Export chat history → Format: Machine-readable JSON)."
)
NOT_JSON = gettext_noop("This is not a JSON file: a Telegram export starts with “{”.")
BROKEN_JSON = gettext_noop("The JSON is broken or cut short (%(detail)s).")
NO_HISTORY = gettext_noop(
    "No chat history found: a Telegram export has “messages” or “chats” at the top."
)
BAD_MESSAGE = gettext_noop("A message cannot be read: %(detail)s.")

# The head read to find out whether the file is one chat; its name, type and id come first.
HEAD_BYTES = 1 << 20

CHAT_PREFIXES = frozenset({"", "chats.list.item", "left_chats.list.item"})
MESSAGE_PREFIXES = frozenset({p + ".messages.item" if p else "messages.item"
                              for p in CHAT_PREFIXES})
META_PREFIXES = {(p + "." if p else "") + key: key
                 for p in CHAT_PREFIXES for key in ("id", "name", "type")}

MEDIA_KINDS = {
    "voice_message": "voice",
    "video_file": "video",
    "video_message": "video_message",
    "audio_file": "audio",
    "sticker": "sticker",
    "animation": "animation",
}


def read_telegram(path: str, *, zone: tzinfo, name: str | None = None,
                  progress: Progress | None = None) -> Iterator[ParsedMessage]:
    """The messages of every chat in the export, in file order. `zone` places the local
    times of exports made before Telegram wrote `date_unixtime`."""
    name = name or os.path.basename(path)
    file_size(path, name)
    head = first_bytes(path, HEAD_BYTES)
    _check_head(head, name)
    chat = _single_chat(head)
    walk = _Walk()
    with open(path, "rb") as raw:
        reader = CountingReader(raw, progress)
        if chat is not None:
            walk.found = True
            items = ((chat, item) for item in ijson.items(reader, "messages.item", use_float=True))
        else:
            items = walk.messages(ijson.parse(reader, use_float=True))
        number = 0
        try:
            for owner, item in items:
                number += 1
                yield _message(owner, item, zone, name, Position(number, byte=reader.position))
        except ijson.JSONError as error:
            detail = (str(error).strip().splitlines() or ["?"])[0]
            raise ImportFileError(name, BROKEN_JSON, {"detail": detail},
                                  Position(number + 1, byte=reader.position)) from None
    if not walk.found:
        raise ImportFileError(name, NO_HISTORY)


def _check_head(head: bytes, name: str) -> None:
    start = head.lstrip()
    if not start:
        raise ImportFileError(name, gettext_noop("The file is empty."))
    lowered = start[:100].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        raise ImportFileError(name, HTML_EXPORT, position=Position(byte=0))
    if lowered.startswith(b"["):
        raise ImportFileError(name, NO_HISTORY, position=Position(byte=0))
    if not lowered.startswith(b"{"):
        raise ImportFileError(name, NOT_JSON, position=Position(byte=0))


def _single_chat(head: bytes) -> dict | None:
    """The chat's name, type and id when the head shows a one-chat export (its `messages`
    key at the top), else None: the file is then walked event by event."""
    chat: dict = {}
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(head), use_float=True):
            if event == "map_key" and prefix == "":
                if value == "messages":
                    return chat
                if value == "chats":
                    return None
            elif prefix in ("id", "name", "type"):
                chat[prefix] = value
    except ijson.JSONError:
        return None  # the head ends mid-file; a broken file is reported by the full read
    return None


class _Walk:
    """Messages of an account export with the chat each belongs to, built from ijson's
    events; `found` tells whether the file had any chat history at all."""

    found = False

    def messages(self, events) -> Iterator[tuple[dict, dict]]:
        chat: dict = {}
        builder = None
        inside = ""
        for prefix, event, value in events:
            if builder is not None:
                builder.event(event, value)
                if event == "end_map" and prefix == inside:
                    yield chat, builder.value
                    builder = None
            elif event == "start_map":
                if prefix in MESSAGE_PREFIXES:
                    builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                    inside = prefix
                elif prefix in CHAT_PREFIXES:
                    chat = {}
            elif event == "map_key" and prefix == "" and value in ("messages", "chats"):
                self.found = True
            elif prefix in META_PREFIXES and event in ("string", "number"):
                chat[META_PREFIXES[prefix]] = value


def _message(chat: dict, raw: object, zone: tzinfo, name: str,
             position: Position) -> ParsedMessage:
    try:
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        return _parsed(chat, raw, zone)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        detail = f"no {error.args[0]}" if isinstance(error, KeyError) else str(error)
        raise ImportFileError(name, BAD_MESSAGE, {"detail": detail}, position) from None


def _parsed(chat: dict, raw: dict, zone: tzinfo) -> ParsedMessage:
    chat_id = _id(chat.get("id", chat.get("name", "")))
    occurred_at = _when(raw, "date_unixtime", "date", zone)
    if occurred_at is None:
        raise KeyError("date")
    text = _text(raw.get("text"))
    if raw.get("type") == "service":
        kind, key, sender = EVENT, raw.get("actor_id"), raw.get("actor")
        text = with_caption(_event(raw), text)
        attachments = []
    else:
        kind, key, sender = "message", raw.get("from_id"), raw.get("from")
        marker, attachment = _media(raw)
        text = with_caption(marker, text) if marker else text
        attachments = [attachment] if attachment else []
    sender = str(sender or "")
    reply_to = raw.get("reply_to_message_id")
    return ParsedMessage(
        external_id=f"{chat_id}:{_id(raw['id'])}",
        occurred_at=occurred_at,
        text=text,
        sender_key=_sender_key(key) or sender,
        sender_name=sender,
        channel="telegram",
        thread=f"telegram:{chat_id}",
        kind=kind,
        in_reply_to=f"{chat_id}:{_id(reply_to)}" if reply_to is not None else "",
        forwarded_from=str(raw.get("forwarded_from") or ""),
        edited_at=_when(raw, "edited_unixtime", "edited", zone),
        attachments=attachments,
    )


def _id(value: object) -> str:
    """Ids arrive as JSON numbers (floats with use_float) or strings."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sender_key(value: object) -> str:
    """"user123" / "channel123" as written by new exports; old ones wrote a bare number,
    which was always a user."""
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return f"user{_id(value)}"
    return str(value)


def _when(raw: dict, unix_key: str, local_key: str, zone: tzinfo) -> datetime | None:
    unix = raw.get(unix_key)
    if unix not in (None, ""):
        return datetime.fromtimestamp(int(unix), tz=UTC)
    local = raw.get(local_key)
    if not local:
        return None
    moment = datetime.fromisoformat(local)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _text(value: object) -> str:
    """`text` is a string, or a list of strings and entity objects ({"type": "bold",
    "text": …}) in which the strings and the entities' texts follow one another."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", ""))
                       for part in value)
    return str(value)


def _event(raw: dict) -> str:
    """A service message ("create_group", "invite_members", "pin_message", "phone_call"…)
    as one line: the action in brackets and what it was about."""
    details = []
    if raw.get("title"):
        details.append(str(raw["title"]))
    if raw.get("members"):
        details.append(", ".join(str(member) for member in raw["members"] if member))
    if raw.get("duration_seconds") is not None:
        details.append(f"{_id(raw['duration_seconds'])} s")
    if raw.get("discard_reason"):
        details.append(str(raw["discard_reason"]))
    marker = f"[{raw.get('action') or 'service'}]"
    return " ".join([marker, "; ".join(details)]) if details else marker


def _file_name(path: object, name: object = None) -> str:
    """The file's own name; Telegram writes a sentence in parentheses instead of a path when
    the file was left out of the export."""
    if name:
        return str(name)
    if isinstance(path, str) and path and not path.startswith("("):
        return basename(path)
    return ""


def _size(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) else None


def _media(raw: dict) -> tuple[str, dict | None]:
    if "photo" in raw:
        name = _file_name(raw["photo"])
        return media_marker("photo"), {"name": name, "size": _size(raw.get("photo_file_size")),
                                       "kind": "photo"}
    if "file" in raw or "media_type" in raw:
        kind = MEDIA_KINDS.get(raw.get("media_type") or "", "file")
        name = _file_name(raw.get("file"), raw.get("file_name"))
        attachment = {"name": name, "size": _size(raw.get("file_size")), "kind": kind}
        if kind == "sticker":
            return media_marker("sticker", str(raw.get("sticker_emoji") or "")), attachment
        if kind == "audio":
            title = " – ".join(str(raw[k]) for k in ("performer", "title") if raw.get(k))
            return media_marker("audio", title or name), attachment
        if kind == "file":
            return media_marker("file", name), attachment
        return media_marker(kind), attachment
    if "poll" in raw:
        return media_marker("poll", str((raw["poll"] or {}).get("question", ""))), None
    if "contact_information" in raw:
        person = raw["contact_information"] or {}
        label = " ".join(str(person[k]) for k in ("first_name", "last_name", "phone_number")
                         if person.get(k))
        return media_marker("contact", label), None
    if "location_information" in raw:
        return media_marker("location"), None
    return "", None
