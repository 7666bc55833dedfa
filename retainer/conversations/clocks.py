"""Reply clocks kept in the database: the rules core decides, this module reads the rows it
needs and writes back only what changed.

A client's clocks are rebuilt from the whole log whenever it changes (a message logged,
edited or imported, a thread resumed), so a backdated entry or an import of old history
answers exactly the messages it should. Rows are streamed in time order, so a client with a
long imported history never sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from retainer.accounts.models import Agency
from retainer.agreements.selectors import current_agreement
from retainer.clients.models import Client
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.core.calendar import business_calendar
from retainer.policy.services import policy_current
from retainer.rules.business_time import BusinessCalendar, business_time_between
from retainer.rules.policy import Policy
from retainer.rules.response import Answer, Message, answers, reply_due, reply_target

CLOCK_FIELDS = ["reply_target_seconds", "reply_due_at", "replied_at", "paused_seconds",
                "paused_since"]
_ROW = ["id", "direction", "occurred_at", "thread", *CLOCK_FIELDS]
BATCH = 1000


@dataclass(frozen=True)
class ClockContext:
    calendar: BusinessCalendar
    policy: Policy
    agreement_hours: Decimal | None


def clock_context(client: Client, *, calendar: BusinessCalendar | None = None,
                  policy: Policy | None = None) -> ClockContext:
    """The client's calendar, policy and target; an agency-wide recompute passes the
    calendar and policy it read once for all its clients."""
    agreement = current_agreement(agency=client.agency, client_id=client.pk)
    return ClockContext(
        calendar=calendar or business_calendar(client.agency),
        policy=policy or policy_current(agency=client.agency),
        agreement_hours=agreement.response_target_hours if agreement else None,
    )


def reply_clocks_rebuild(*, client: Client, context: ClockContext | None = None) -> int:
    """Recompute every reply clock of one client; returns how many rows changed."""
    context = context or clock_context(client)
    changed = 0
    with transaction.atomic():
        pending: list[Interaction] = []
        for update in _updates(_log_in_time_order(client), context):
            pending.append(update)
            if len(pending) >= BATCH:
                changed += _write(pending)
                pending = []
        changed += _write(pending)
    return changed


def _log_in_time_order(client: Client) -> Iterator[tuple]:
    """The client's messages oldest first, a chunk per query (keyset paging), so that writing
    clocks back between chunks never disturbs an open cursor."""
    rows = (
        Interaction.objects.filter(client=client, kind=Kind.MESSAGE)
        .order_by("occurred_at", "id")
        .values_list(*_ROW)
    )
    chunk = list(rows[:BATCH])
    while chunk:
        yield from chunk
        if len(chunk) < BATCH:
            return  # the log is read to its end; a query for the next chunk would find none
        last_id, last_at = chunk[-1][0], chunk[-1][2]
        chunk = list(rows.filter(Q(occurred_at__gt=last_at) | Q(occurred_at=last_at,
                                                                 id__gt=last_id))[:BATCH])


def reply_clocks_recompute(*, agency: Agency) -> int:
    """After a change of calendar, holidays, policy or target: rebuild the clients that
    have a message still waiting, which is every clock a change can move."""
    waiting = (
        Interaction.objects.for_agency(agency)
        .filter(direction=Direction.INBOUND, kind=Kind.MESSAGE, replied_at__isnull=True)
        .values_list("client_id", flat=True)
        .distinct()
    )
    calendar, policy = business_calendar(agency), policy_current(agency=agency)
    changed = 0
    for client in Client.objects.for_agency(agency).filter(pk__in=list(waiting)):
        client.agency = agency
        context = clock_context(client, calendar=calendar, policy=policy)
        changed += reply_clocks_rebuild(client=client, context=context)
    return changed


def _updates(rows, context: ClockContext) -> Iterator[Interaction]:
    """Stream (row → new clock) in time order, yielding only rows whose clock moved."""
    inbound: dict[int, tuple] = {}

    def messages():
        for row in rows:
            message_id, direction, occurred_at, thread = row[:4]
            if direction == Direction.INBOUND:
                inbound[message_id] = row
            elif row[4:] != (None, None, None, 0, None):
                # An outbound message carries no clock; clear one left by an old direction.
                inbound[message_id] = row
            yield Message(message_id, direction == Direction.INBOUND, occurred_at, thread)

    for answer in answers(messages()):
        row = inbound.pop(answer.message_id)
        yield from _clock(row, answer, context)
    for row in inbound.values():
        yield from _cleared(row)


def _clock(row: tuple, answer: Answer, context: ClockContext) -> Iterator[Interaction]:
    message_id, _direction, received, _thread, *old = row
    new = _clock_values(received, answer, context, paused_seconds=row[7], paused_since=row[8])
    if new != tuple(old):
        yield Interaction(message_id, **dict(zip(CLOCK_FIELDS, new, strict=True)))


def _clock_values(received: datetime, answer: Answer, context: ClockContext, *,
                  paused_seconds: int = 0, paused_since: datetime | None = None) -> tuple:
    """The clock fields (in CLOCK_FIELDS order) of one inbound message."""
    if paused_since is not None and answer.replied_at is not None:
        # Our reply ends the wait as well: the pause lasted until then.
        paused_seconds += int(
            business_time_between(context.calendar, paused_since, answer.replied_at)
            .total_seconds()
        )
        paused_since = None
    target = reply_target(first_in_thread=answer.first_in_thread,
                          agreement_hours=context.agreement_hours, policy=context.policy)
    due = None
    if paused_since is None:
        due = reply_due(context.calendar, received, target, timedelta(seconds=paused_seconds))
    return int(target.total_seconds()), due, answer.replied_at, paused_seconds, paused_since


def reply_clocks_assign(log: list[Interaction], context: ClockContext) -> None:
    """Set the clocks of one client's new, unsaved rows in memory, before a bulk insert of a
    whole history (the demo agency): the same values a rebuild would write afterwards."""
    order = sorted((i for i, row in enumerate(log) if row.kind == Kind.MESSAGE),
                   key=lambda i: log[i].occurred_at)
    messages = (Message(i, log[i].direction == Direction.INBOUND, log[i].occurred_at,
                        log[i].thread) for i in order)
    for answer in answers(messages):
        row = log[answer.message_id]
        values = _clock_values(row.occurred_at, answer, context)
        for name, value in zip(CLOCK_FIELDS, values, strict=True):
            setattr(row, name, value)


def _cleared(row: tuple) -> Iterator[Interaction]:
    yield Interaction(row[0], reply_target_seconds=None, reply_due_at=None, replied_at=None,
                      paused_seconds=0, paused_since=None)


def _write(updates: list[Interaction]) -> int:
    if updates:
        Interaction.objects.bulk_update(updates, CLOCK_FIELDS, batch_size=BATCH)
    return len(updates)


def pause_open_messages(*, client: Client, key: str, since: datetime) -> None:
    _open_in_thread(client, key).filter(paused_since__isnull=True).update(
        paused_since=since, reply_due_at=None
    )


def resume_open_messages(*, client: Client, key: str, calendar: BusinessCalendar,
                         now: datetime | None = None) -> None:
    now = now or timezone.now()
    paused = list(_open_in_thread(client, key).filter(paused_since__isnull=False)
                  .only("id", "paused_seconds", "paused_since"))
    for message in paused:
        stood = business_time_between(calendar, message.paused_since, max(now, message.paused_since))
        message.paused_seconds += int(stood.total_seconds())
        message.paused_since = None
    Interaction.objects.bulk_update(paused, ["paused_seconds", "paused_since"], batch_size=BATCH)


def _open_in_thread(client: Client, key: str):
    return Interaction.objects.filter(
        client=client, thread=key, direction=Direction.INBOUND, kind=Kind.MESSAGE,
        replied_at__isnull=True,
    )
