from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet

from retainer.accounts.models import Agency
from retainer.conversations.models import Direction, Interaction, Kind, Thread
from retainer.core.pagination import Counted
from retainer.core.prepared import PreparedValues
from retainer.core.tenancy import get_for_agency_or_404
from retainer.rules.business_time import BusinessCalendar
from retainer.rules.policy import Policy
from retainer.rules.response import ClockState, clock_reading


def interaction_list(*, agency: Agency, client_id: int | None = None) -> QuerySet[Interaction]:
    """Newest first; the (client, occurred_at, id) index serves one client's log."""
    interactions = Interaction.objects.for_agency(agency)
    if client_id is not None:
        interactions = interactions.filter(client_id=client_id)
    return interactions.order_by("-occurred_at", "-id")


LOG_COLUMNS = ("id", "channel", "direction", "kind", "occurred_at", "text", "subject", "thread",
               "author_id", "contact_id", "author__full_name", "author__email", "contact__name",
               "sender_name", "flags", "negativity", "triage", "reply_due_at", "replied_at",
               "paused_since")


def interaction_log(*, agency: Agency, client_id: int, flag: str = "") -> QuerySet | ClientLog:
    """One client's log as the page shows it: plain rows of the columns the page prints,
    with the names of who wrote (the log is the longest list a page shows, and rows cost
    far less than model instances). `flag` keeps the messages triage gave that flag."""
    if not flag:
        return ClientLog(agency.pk, client_id)
    log = interaction_list(agency=agency, client_id=client_id)
    return log.filter(flags__contains=f" {flag} ").values(*LOG_COLUMNS)


_LOG = PreparedValues("interaction_log", Interaction)


@dataclass(frozen=True)
class ClientLog:
    """The unfiltered log, read a slice at a time (as `paginate_log` does) through SQL
    compiled once per process: every view of a client page reads it."""

    agency_id: int
    client_id: int

    def queryset(self, window: slice) -> QuerySet:
        log = Interaction.objects.filter(agency_id=self.agency_id, client_id=self.client_id)
        return log.order_by("-occurred_at", "-id").values(*LOG_COLUMNS)[window]

    def __getitem__(self, window: slice) -> list[dict]:
        return _LOG.rows((window.start, window.stop), (self.agency_id, self.client_id),
                         lambda: self.queryset(window))


def interaction_get(*, agency: Agency, interaction_id: object) -> Interaction:
    return get_for_agency_or_404(
        Interaction.objects.select_related("client", "author", "contact"), agency, interaction_id
    )


WAITING_COLUMNS = ("id", "client_id", "client__name", "client__account_manager_id",
                   "contact__name", "sender_name", "channel", "occurred_at", "text", "thread",
                   "reply_due_at", "reply_target_seconds", "paused_since", "flags", "negativity")


AWAITING_REPLY = Q(direction=Direction.INBOUND, kind=Kind.MESSAGE, replied_at__isnull=True)


def waiting_list(*, agency: Agency, manager_id: int | None = None,
                 client_id: int | None = None, due_by: datetime | None = None) -> Counted:
    """Inbound messages still waiting for our reply (as `WAITING_COLUMNS` rows), soonest due
    first; those whose thread waits for the client (no due time while paused) come last.
    The partial index `interaction_awaiting_reply` holds exactly these rows, and they are
    counted from it alone. `due_by` keeps those due by then."""
    waiting = Interaction.objects.for_agency(agency).filter(AWAITING_REPLY)
    if manager_id is not None:
        waiting = waiting.filter(client__account_manager_id=manager_id)
    if client_id is not None:
        waiting = waiting.filter(client_id=client_id)
    if due_by is not None:
        waiting = waiting.filter(reply_due_at__lte=due_by)
    rows = waiting.order_by(F("reply_due_at").asc(nulls_last=True), "occurred_at", "id")
    return Counted(rows.values(*WAITING_COLUMNS), waiting)


@dataclass(frozen=True)
class WaitingItem:
    """One row of the Waiting-for-us queue with its clock read at `now`."""

    row: dict
    state: ClockState
    left: timedelta | None  # business time left; negative once breached


def waiting_items(rows, *, calendar: BusinessCalendar, policy: Policy,
                  now: datetime) -> list[WaitingItem]:
    items = []
    for row in rows:
        reading = clock_reading(
            calendar, due=row["reply_due_at"], now=now,
            target=timedelta(seconds=row["reply_target_seconds"] or 0),
            near_pct=policy.response_near_breach_pct, paused=row["paused_since"] is not None,
        )
        items.append(WaitingItem(row=row, state=reading.state, left=reading.left))
    return items


def thread_states(*, agency: Agency, client_id: int) -> dict[str, object]:
    """Thread key → since when it waits for the client, for threads that do."""
    return dict(
        Thread.objects.for_agency(agency)
        .filter(client_id=client_id, waiting_since__isnull=False)
        .values_list("key", "waiting_since")
    )
