"""Writes of imports: the one path by which the commands, the import page and the API bring
an export into a client's interaction log.

An import is atomic (one transaction: a file that breaks anywhere writes nothing), idempotent
(a message already imported — same agency, source and external id — is skipped, so a second
run adds nothing) and streamed (messages are read one at a time and written in batches, so
memory stays flat for a million messages). Imports within one agency take turns: each holds a
lock on the agency row while it writes, so that two imports of overlapping files never wait
on each other's new rows (on PostgreSQL, a deadlock).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from retainer.accounts.models import Agency, User
from retainer.agreements.models import Channel
from retainer.clients.models import Client
from retainer.conversations.models import TEXT_MAX_CHARS, Interaction
from retainer.conversations.services import interactions_imported
from retainer.imports import tasks
from retainer.imports.errors import UNEXPECTED, error_record
from retainer.imports.models import ImportRun, ImportSource, ImportStatus
from retainer.imports.parsers.base import EVENT, ImportFileError, ParsedMessage, Progress
from retainer.imports.parsers.csv import read_csv
from retainer.imports.parsers.mail import mail_size, read_mail
from retainer.imports.parsers.telegram import read_telegram
from retainer.imports.senders import People, SenderBook, Side
from retainer.imports.writer import InteractionWriter

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
TRUNCATION_MARK = "\n[…]"


@dataclass
class _Counts:
    added: int = 0
    duplicates: int = 0
    events: int = 0
    truncated: int = 0


def export_size(*, source: str, path: str) -> int:
    """Bytes the import will read, for a progress bar."""
    if source == ImportSource.EMAIL:
        return mail_size(path)
    return os.path.getsize(path) if os.path.isfile(path) else 0


def parsed_messages(*, source: str, path: str, agency: Agency, name: str,
                    progress: Progress | None = None) -> Iterator[ParsedMessage]:
    zone = ZoneInfo(agency.timezone)
    if source == ImportSource.TELEGRAM:
        return read_telegram(path, zone=zone, name=name, progress=progress)
    if source == ImportSource.EMAIL:
        return read_mail(path, name=name, progress=progress)
    return read_csv(path, zone=zone, channels=Channel.values, name=name, progress=progress)


def import_file(*, client: Client, source: str, path: str,
                mapping: dict[str, str] | None = None, actor: User | None = None,
                progress: Progress | None = None, file_name: str = "") -> ImportRun:
    """Import an export at `path` for `client` now (the commands and the API). `mapping`
    names senders (see senders.py). A file that cannot be imported raises ImportFileError
    once the failed run is recorded; nothing else is written then."""
    mapping = People(client).clean_mapping(mapping or {})
    run = ImportRun.objects.create(
        agency_id=client.agency_id, client=client, source=source,
        file_name=_shown(file_name or os.path.basename(os.path.normpath(path))),
        mapping=mapping, status=ImportStatus.RUNNING, created_by=actor,
    )
    return import_run_execute(run=run, path=path, progress=progress)


def import_run_execute(*, run: ImportRun, path: str,
                       progress: Progress | None = None) -> ImportRun:
    """Read the file and write its new messages in one transaction. The run itself is saved
    outside it, so that a failure is kept on record while none of the messages are."""
    run.status = ImportStatus.RUNNING
    run.save(update_fields=["status"])
    try:
        with transaction.atomic():
            # The run's own row stays locked while it writes: a run marked running whose row
            # is free was cut short (see recovery.py).
            ImportRun.objects.select_for_update().filter(pk=run.pk).values("pk").first()
            Agency.objects.select_for_update(no_key=True).filter(pk=run.agency_id).first()
            book, counts = _write(run, path, progress)
            run.status = ImportStatus.DONE
            run.added, run.duplicates = counts.added, counts.duplicates
            run.events, run.truncated = counts.events, counts.truncated
            run.unmatched_senders = book.unmatched()
            run.finished_at = timezone.now()
            run.save()
            if counts.added:
                transaction.on_commit(partial(interactions_imported, client=run.client))
    except ImportFileError as error:
        _fail(run, error_record(error))
        raise
    return run


def _write(run: ImportRun, path: str, progress: Progress | None) -> tuple[SenderBook, _Counts]:
    book = SenderBook(People(run.client), run.mapping)
    writer = InteractionWriter()
    counts = _Counts()
    batch: dict[str, tuple[ParsedMessage, Side]] = {}
    messages = parsed_messages(source=run.source, path=path, agency=run.client.agency,
                               name=run.file_name, progress=progress)
    for message in messages:
        side = book.side(message)
        message.external_id = fitted(message.external_id, 255)
        if message.external_id in batch:
            counts.duplicates += 1
            continue
        batch[message.external_id] = (message, side)
        if len(batch) >= BATCH_SIZE:
            _flush(run, batch, writer, counts)
            batch = {}
    _flush(run, batch, writer, counts)
    return book, counts


def _flush(run: ImportRun, batch: dict[str, tuple[ParsedMessage, Side]],
           writer: InteractionWriter, counts: _Counts) -> None:
    """Write a batch; the rows already in the log (imported before, or by this run's earlier
    batches) are skipped by the insert itself (see writer.py)."""
    if not batch:
        return
    events, shortened, rows = set(), set(), []
    for external_id, (message, side) in batch.items():
        if message.kind == EVENT:
            events.add(external_id)
        if len(message.text) > TEXT_MAX_CHARS:
            shortened.add(external_id)
        rows.append(_row(run, message, side, writer))
    added = writer.write(rows)
    counts.added += added
    counts.duplicates += len(rows) - added
    if added < len(rows) and events | shortened:
        # Part of the batch was in the log already: which of its events and shortened texts
        # are new is read back by the time this import wrote them.
        new = set(
            Interaction.objects.for_agency(run.client.agency)
            .filter(source=run.source, created_at=writer.written_at,
                    external_id__in=list(events | shortened))
            .values_list("external_id", flat=True)
        )
        events, shortened = events & new, shortened & new
    counts.events += len(events)
    counts.truncated += len(shortened)


def _row(run: ImportRun, message: ParsedMessage, side: Side, writer: InteractionWriter) -> list:
    text = message.text
    if len(text) > TEXT_MAX_CHARS:
        text = text[:TEXT_MAX_CHARS - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    direction = message.direction or side.direction
    # A CSV row states its direction; the sender's side then lends only what agrees with it.
    agrees = direction == side.direction
    return writer.row(
        agency_id=run.agency_id,
        client_id=run.client_id,
        channel=message.channel,
        direction=direction,
        author_id=side.author_id if agrees else None,
        contact_id=side.contact_id if agrees else None,
        occurred_at=message.occurred_at,
        text=text,
        thread=fitted(message.thread, 200),
        source=run.source,
        external_id=message.external_id,
        kind=message.kind,
        subject=message.subject[:300],
        sender_name=message.sender_name[:200],
        in_reply_to=fitted(message.in_reply_to, 255),
        forwarded_from=message.forwarded_from[:200],
        edited_at=message.edited_at,
        attachments=message.attachments,
    )


def fitted(key: str, limit: int) -> str:
    """A key (a Message-ID, a thread) that fits its column: one too long is replaced by its
    hash, the same wherever it appears, so threads and replies still join up."""
    if len(key) <= limit:
        return key
    return hashlib.sha256(key.encode()).hexdigest()


def _shown(name: str) -> str:
    return os.path.basename(name)[:200] or "—"


def _fail(run: ImportRun, error: dict) -> None:
    run.status = ImportStatus.FAILED
    run.error = error
    run.added = run.duplicates = run.events = run.truncated = 0
    run.unmatched_senders = []
    run.finished_at = timezone.now()
    run.save()


# ---- the import page: upload, confirm the senders, import in a task -----------------------

def stored_path(run: ImportRun) -> Path:
    return Path(settings.IMPORT_DIR) / run.stored_name


def _keep(agency_id: int, upload: UploadedFile) -> str:
    """Copy an upload to IMPORT_DIR/<agency id>/<random name>; the name relative to it."""
    name = f"{agency_id}/{secrets.token_hex(16)}"
    path = Path(settings.IMPORT_DIR) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return name


def import_uploaded(*, client: Client, source: str, upload: UploadedFile,
                    mapping: dict[str, str], actor: User | None) -> ImportRun:
    """The API's import: an upload imported at once, as import_file does."""
    path = Path(settings.IMPORT_DIR) / _keep(client.agency_id, upload)
    try:
        return import_file(client=client, source=source, path=str(path), mapping=mapping,
                           actor=actor, file_name=upload.name or "")
    finally:
        path.unlink(missing_ok=True)


def import_upload(*, client: Client, source: str, upload: UploadedFile,
                  actor: User | None) -> ImportRun:
    """Keep an uploaded export under IMPORT_DIR and read it once for its senders, which the
    mapping step shows. A file that cannot be imported raises ImportFileError (recorded on
    the run, the stored copy removed)."""
    run = ImportRun.objects.create(
        agency_id=client.agency_id, client=client, source=source,
        file_name=_shown(upload.name or ""), stored_name=_keep(client.agency_id, upload),
        status=ImportStatus.UPLOADED, created_by=actor,
    )
    try:
        run.senders = senders_scan(run=run, path=str(stored_path(run)))
    except ImportFileError as error:
        _discard(run)
        _fail(run, error_record(error))
        raise
    run.save(update_fields=["senders"])
    return run


def senders_scan(*, run: ImportRun, path: str) -> list[dict]:
    """Every sender in the file with their message count, first words and the suggested
    code, read without writing anything."""
    book = SenderBook(People(run.client), {})
    for message in parsed_messages(source=run.source, path=path, agency=run.client.agency,
                                   name=run.file_name):
        book.side(message)
    return book.rows()


@transaction.atomic
def import_confirm(*, run: ImportRun, mapping: dict[str, str]) -> ImportRun:
    """Queue the import of an uploaded file with its senders as the user confirmed them."""
    run.mapping = People(run.client).clean_mapping(mapping)
    run.status = ImportStatus.QUEUED
    run.save(update_fields=["mapping", "status"])
    transaction.on_commit(partial(tasks.import_run_task.enqueue, run.pk))
    return run


def import_run_stored(*, run_id: int) -> ImportRun:
    """The task's work: import a queued upload and remove the stored copy."""
    run = ImportRun.objects.select_related("client__agency").get(pk=run_id)
    # RUNNING: the task is run again because the worker running it died (its writes were
    # rolled back with it); what is already in the log is skipped as ever.
    if run.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return run
    try:
        return import_run_execute(run=run, path=str(stored_path(run)))
    except ImportFileError:
        return run
    except Exception:
        logger.exception("import %s failed", run.pk)
        _fail(run, {"file": run.file_name, "reason": UNEXPECTED})
        raise
    finally:
        _discard(run)


def _discard(run: ImportRun) -> None:
    if run.stored_name:
        stored_path(run).unlink(missing_ok=True)
        run.stored_name = ""
        ImportRun.objects.filter(pk=run.pk).update(stored_name="")
