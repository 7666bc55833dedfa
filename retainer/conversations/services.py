"""Writes to the interaction log. Every write keeps the client's reply clocks and the
message's triage current, so the Waiting-for-us queue never shows a stale due time."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from retainer.clients.models import Client
from retainer.conversations.clocks import (
    pause_open_messages,
    reply_clocks_rebuild,
    resume_open_messages,
)
from retainer.conversations.models import Direction, Interaction, Thread
from retainer.conversations.tasks import conversation_refresh
from retainer.conversations.triage import triage_fields
from retainer.core.calendar import business_calendar

TRIAGED_BY = frozenset({"text", "direction", "kind"})


@transaction.atomic
def interaction_create(*, client: Client, data: dict, source: str = "manual") -> Interaction:
    interaction = Interaction(agency_id=client.agency_id, client=client, source=source, **data)
    _set_triage(interaction, client)
    interaction.save()
    if interaction.direction == Direction.INBOUND:
        # The client wrote: whatever we were waiting for them on, the wait is over.
        _end_wait(client, interaction.thread, interaction.occurred_at)
        _reassess(client.pk)
    reply_clocks_rebuild(client=client)
    interaction.refresh_from_db()
    return interaction


def _reassess(client_id: int) -> None:
    # Imported here: recovery builds on conversations, not the other way round.
    from retainer.recovery.tasks import client_dissatisfaction_task

    transaction.on_commit(lambda: client_dissatisfaction_task.enqueue(client_id))


@transaction.atomic
def interaction_update(*, interaction: Interaction, data: dict) -> Interaction:
    # Compared with the stored row: a ModelForm has already copied `data` onto `interaction`.
    stored = Interaction.objects.select_for_update().get(pk=interaction.pk)
    changed = {name for name, value in data.items() if getattr(stored, name) != value}
    if not changed:
        return interaction
    for name, value in data.items():
        setattr(interaction, name, value)
    if changed & TRIAGED_BY:
        _set_triage(interaction, interaction.client)
    interaction.save()
    reply_clocks_rebuild(client=interaction.client)
    interaction.refresh_from_db()
    return interaction


def _set_triage(interaction: Interaction, client: Client) -> None:
    for name, value in triage_fields(
        text=interaction.text, direction=interaction.direction, kind=interaction.kind,
        client_language=client.language, client_expertise=client.expertise,
    ).items():
        setattr(interaction, name, value)


@transaction.atomic
def thread_wait(*, client: Client, key: str, now: datetime | None = None) -> Thread:
    """We asked the client something and wait for them: the thread's open clocks stop."""
    now = now or timezone.now()
    thread, _created = Thread.objects.get_or_create(
        agency_id=client.agency_id, client=client, key=key
    )
    if thread.waiting_since is None:
        thread.waiting_since = now
        thread.save(update_fields=["waiting_since"])
        pause_open_messages(client=client, key=key, since=now)
    return thread


@transaction.atomic
def thread_resume(*, client: Client, key: str, now: datetime | None = None) -> Thread | None:
    """The wait is over (the client answered, or we stop waiting): the clocks run again with
    the business time they stood added to their targets."""
    thread = _end_wait(client, key, now)
    if thread is not None:
        reply_clocks_rebuild(client=client)
    return thread or Thread.objects.filter(client=client, key=key).first()


def _end_wait(client: Client, key: str, now: datetime | None) -> Thread | None:
    """Unpause the thread's open messages; the caller rebuilds the clocks once after."""
    thread = Thread.objects.select_for_update().filter(client=client, key=key).first()
    if thread is None or thread.waiting_since is None:
        return None
    thread.waiting_since = None
    thread.save(update_fields=["waiting_since"])
    resume_open_messages(client=client, key=key, calendar=business_calendar(client.agency),
                         now=now)
    return thread


def interactions_imported(*, client: Client) -> None:
    """After an import wrote rows in bulk: triage them and rebuild the client's clocks in the
    background (inline when tasks run immediately)."""
    conversation_refresh.enqueue(client.pk)
