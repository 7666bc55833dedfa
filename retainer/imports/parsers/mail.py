"""E-mail: one .eml file, a folder of them, or an mbox.

The standard library reads the structure (`email` with `policy.default`) and the mbox
(`mailbox.mbox` indexes the file once and hands out one message at a time). Text is decoded
here rather than by `email`, which silently turns bytes of a wrongly declared charset into
"�": a part or header is tried as UTF-8 when it is valid UTF-8, then in its declared charset,
then as the Cyrillic single-byte charset (windows-1251 or KOI8-R) that reads as the more
natural text — so a Russian letter sent as "utf-8" from an old cp1251 client still arrives
readable. HTML-only letters become text with inscriptis, which lays out paragraphs, lists and
tables the way a browser would (stripping tags would run them together), and fetches nothing.
"""

from __future__ import annotations

import base64
import hashlib
import mailbox
import os
import quopri
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.errors import MessageError
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from inscriptis import get_text

from retainer.imports.parsers.base import (
    ImportFileError,
    ParsedMessage,
    Position,
    Progress,
    file_size,
    first_bytes,
    gettext_noop,
    media_marker,
)

NO_EML = gettext_noop("The folder has no .eml files.")
NO_DATE = gettext_noop("The letter has no Date header.")
BAD_DATE = gettext_noop("The letter's Date header cannot be read: “%(value)s”.")
BAD_LETTER = gettext_noop("The letter cannot be read: %(detail)s.")
NOT_A_LETTER = gettext_noop("This is not an e-mail: a letter (.eml) or an mbox is text that "
                            "starts with header lines such as “From:” and “Date:”.")

CYRILLIC_8BIT = ("cp1251", "koi8_r")
ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
BLANK_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
# A letter opens with a header field (a name of printable characters, then a colon), after
# an optional byte-order mark. A picture or an archive sent as e-mail does not, and saying
# so is clearer than the "no Date header" its parse would end in.
HEADER_FIELD = re.compile(rb"(?:\xef\xbb\xbf)?[!-9;-~]+:")

_parser = BytesParser(policy=policy.default)


def read_mail(path: str, *, name: str | None = None,
              progress: Progress | None = None) -> Iterator[ParsedMessage]:
    name = name or os.path.basename(path)
    if os.path.isdir(path):
        yield from _folder(path, name, progress)
        return
    file_size(path, name)
    if first_bytes(path, 5) == b"From ":
        yield from _mbox(path, name, progress)
        return
    with open(path, "rb") as handle:
        raw = handle.read()
    yield letter_parse(raw, name, Position(message=1))
    if progress is not None:
        progress(len(raw))


def mail_size(path: str) -> int:
    """Bytes to read, for a progress bar: the file, or every .eml in the folder."""
    if os.path.isdir(path):
        return sum(os.path.getsize(p) for p in _eml_files(path))
    return os.path.getsize(path) if os.path.exists(path) else 0


def _eml_files(folder: str) -> list[str]:
    return sorted(
        os.path.join(folder, entry) for entry in os.listdir(folder)
        if entry.lower().endswith(".eml") and os.path.isfile(os.path.join(folder, entry))
    )


def _folder(folder: str, name: str, progress: Progress | None) -> Iterator[ParsedMessage]:
    files = _eml_files(folder)
    if not files:
        raise ImportFileError(name, NO_EML)
    done = 0
    for path in files:
        shown = f"{name}/{os.path.basename(path)}"
        file_size(path, shown)
        with open(path, "rb") as handle:
            raw = handle.read()
        yield letter_parse(raw, shown, Position(message=1))
        done += len(raw)
        if progress is not None:
            progress(done)


def _mbox(path: str, name: str, progress: Progress | None) -> Iterator[ParsedMessage]:
    box = mailbox.mbox(path, create=False)
    try:
        done = 0
        for number, key in enumerate(box.iterkeys(), start=1):
            raw = box.get_bytes(key)
            yield letter_parse(raw, name, Position(message=number))
            done += len(raw)
            if progress is not None:
                progress(done)
    finally:
        box.close()


def letter_parse(raw: bytes, name: str, position: Position) -> ParsedMessage:
    if not HEADER_FIELD.match(raw):
        raise ImportFileError(name, NOT_A_LETTER, position=position)
    try:
        letter = _parser.parsebytes(raw)
        return _letter(letter, raw, name, position)
    except ImportFileError:
        raise
    except (MessageError, LookupError, ValueError, TypeError, AttributeError, IndexError) as error:
        raise ImportFileError(name, BAD_LETTER, {"detail": str(error)}, position) from None


def _letter(letter: EmailMessage, raw: bytes, name: str, position: Position) -> ParsedMessage:
    headers = {}
    for key, value in letter.raw_items():
        headers.setdefault(key.lower(), value)
    occurred_at = _date(headers.get("date"), name, position)
    own = _ids(headers.get("message-id", ""))
    external_id = own[0] if own else hashlib.sha256(raw).hexdigest()
    references = _ids(headers.get("references", ""))
    replying_to = _ids(headers.get("in-reply-to", ""))
    thread = (references or replying_to or [external_id])[0]
    sender_name, address = _sender(headers.get("from", ""))
    body = letter.get_body(preferencelist=("plain", "html"))
    text = _body_text(body) if body is not None else ""
    attachments = [_attachment(part) for part in letter.iter_attachments()]
    if not text.strip() and attachments:
        text = "\n".join(media_marker("file", a["name"]) for a in attachments)
    return ParsedMessage(
        external_id=external_id,
        occurred_at=occurred_at,
        text=text.strip(),
        sender_key=address.lower(),
        sender_name=sender_name or address,
        channel="email",
        thread=thread,
        subject=header_text(headers.get("subject", "")).strip(),
        in_reply_to=(replying_to or references[-1:] or [""])[0],
        attachments=attachments,
    )


def _date(value: str | None, name: str, position: Position) -> datetime:
    if value is None or not value.strip():
        raise ImportFileError(name, NO_DATE, position=position)
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        raise ImportFileError(name, BAD_DATE, {"value": value.strip()[:100]}, position) from None
    # "-0000" means "UTC, local zone unknown"; the parser gives it without a zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ids(value: str) -> list[str]:
    return MESSAGE_ID.findall(value or "")


def _sender(value: str) -> tuple[str, str]:
    """The display name and address of `From`, decoded after the address is split off (a
    decoded name may hold commas or angle brackets of its own)."""
    pairs = getaddresses([value])
    display, address = pairs[0] if pairs else ("", "")
    return header_text(display).strip(), address.strip()


def _body_text(part: EmailMessage) -> str:
    text = decode_bytes(part.get_payload(decode=True) or b"", part.get_content_charset())
    if part.get_content_subtype() == "html":
        text = get_text(text)
    return text.replace("\r\n", "\n")


def _attachment(part: EmailMessage) -> dict:
    payload = part.get_payload(decode=True)
    name = part.get_filename() or ""
    if "=?" in name or _has_escapes(name):
        name = header_text(name)
    return {"name": name.strip(), "size": len(payload) if payload is not None else None,
            "kind": "file"}


def _has_escapes(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)


def header_text(value: str) -> str:
    """A header as a person would read it: RFC 2047 encoded words decoded with the charset
    they name (or a better one, see decode_bytes), raw 8-bit bytes decoded likewise."""
    value = BLANK_BETWEEN_WORDS.sub(r"\1\2", value.replace("\r\n", "").replace("\n", ""))
    parts = []
    position = 0
    for match in ENCODED_WORD.finditer(value):
        parts.append(_plain(value[position:match.start()]))
        charset, encoding, payload = match.groups()
        if encoding in "bB":
            data = base64.b64decode(payload + "=" * (-len(payload) % 4))
        else:
            data = quopri.decodestring(payload.encode("ascii", "replace"), header=True)
        parts.append(decode_bytes(data, charset.split("*")[0]))
        position = match.end()
    parts.append(_plain(value[position:]))
    return "".join(parts)


def _plain(text: str) -> str:
    """Header text outside encoded words; 8-bit bytes arrive as surrogate escapes."""
    if not _has_escapes(text):
        return text
    return decode_bytes(text.encode("utf-8", "surrogateescape"), None)


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Text from bytes whose declared charset may be wrong (see the module's docstring).
    Never fails: KOI8-R gives every byte a letter, so there is always a reading."""
    if data.isascii():
        return data.decode("ascii")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    if declared:
        try:
            decoded = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            decoded = None
        if decoded is not None:
            if declared.lower().replace("-", "_") not in ("cp1251", "windows_1251", "koi8_r"):
                return decoded
            candidates.append(decoded)
    for charset in CYRILLIC_8BIT:
        try:
            candidates.append(data.decode(charset))
        except UnicodeDecodeError:
            continue
    return max(candidates, key=_naturalness)


def _naturalness(text: str) -> int:
    """Cyrillic text read in the wrong single-byte charset comes out in capitals with
    lower-case letters scattered among them; the right reading is mostly lower case."""
    lower = upper = 0
    for char in text:
        if "а" <= char <= "я" or char == "ё":
            lower += 1
        elif "А" <= char <= "Я" or char == "Ё":
            upper += 1
    return lower - upper
