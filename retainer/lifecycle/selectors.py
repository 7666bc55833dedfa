"""Reads for the lifecycle: the events each client's stage is suggested from, the stage
history, pending suggestions, and the past clients due a keep-in-touch.

`lifecycle_histories` reads the events of every client of an agency (or of a few) with the
same handful of grouped queries whatever the number of clients; the keep-in-touch lists
compute each client's last contact and due date in the database, so a page is one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate

from retainer.accounts.models import Agency
from retainer.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    DeliverableStatus,
)
from retainer.claims.models import Concession
from retainer.clients.models import Client, Stage
from retainer.conflicts.models import ConflictCase
from retainer.conversations.models import Direction, Interaction
from retainer.core.tenancy import get_for_agency_or_404
from retainer.lifecycle.models import StageChange, StageSuggestion
from retainer.policy.services import policy_current
from retainer.rules import lifecycle as rules
from retainer.rules.policy import Policy

HISTORY_LIMIT = 50


class AddDays(Func):
    """`date + days` as a date, on every backend: SQLite has no date arithmetic of its own
    beyond the modifiers of date(); PostgreSQL adds an integer to a date natively."""

    output_field = DateField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s || ' days')",
                           arg_joiner=", '+' || ", **extra)

    def as_sql(self, compiler, connection, **extra):
        extra.setdefault("template", "(%(expressions)s)")
        extra.setdefault("arg_joiner", " + ")
        return super().as_sql(compiler, connection, **extra)


def _zone(agency: Agency) -> ZoneInfo:
    return ZoneInfo(agency.timezone)


# ---- the events of the lifecycle rule ---------------------------------------------------------

def lifecycle_histories(*, agency: Agency, today: date,
                        client_ids: Iterable[int] | None = None
                        ) -> dict[int, rules.LifecycleHistory]:
    """Each client's stage and dated events as the rule reads them (seven queries)."""
    zone = _zone(agency)
    clients = Client.objects.for_agency(agency)
    if client_ids is not None:
        clients = clients.filter(pk__in=list(client_ids))
    since = Subquery(StageChange.objects.filter(client=OuterRef("pk"))
                     .order_by("-changed_at", "-id").values("effective_on")[:1])
    stages = {row["pk"]: (row["stage"], row["since"])
              for row in clients.annotate(since=since).values("pk", "stage", "since")}
    of_clients = {"client__in": clients}

    drafts: dict[int, list[date]] = defaultdict(list)
    spans: dict[int, list[rules.AgreementSpan]] = defaultdict(list)
    for row in _agreements(agency, of_clients, zone):
        if row["status"] == AgreementStatus.DRAFT:
            drafts[row["client_id"]].append(row["drafted_on"])
        else:
            spans[row["client_id"]].append(_span(row, today))

    troubles: dict[int, list[rules.Trouble]] = defaultdict(list)
    founded = (Concession.objects.for_agency(agency).filter(founded=True, **of_clients)
               .annotate(on=TruncDate("claim__made_at", tzinfo=zone))
               .values_list("client_id", "on").distinct())
    for client_id, on in founded:
        troubles[client_id].append(rules.Trouble(on, rules.CLAIM))
    conflicts = (ConflictCase.objects.for_agency(agency).filter(**of_clients)
                 .annotate(on=TruncDate("opened_at", tzinfo=zone),
                           closed_on=TruncDate("closed_at", tzinfo=zone))
                 .values_list("client_id", "on", "closed_on").distinct())
    for client_id, on, closed_on in conflicts:
        troubles[client_id].append(rules.Trouble(on, rules.CONFLICT, closed_on))

    # Only a relationship in support can end of silence: the log is read for those alone.
    heard = dict(Interaction.objects.for_agency(agency)
                 .filter(direction=Direction.INBOUND, client__in=clients.filter(
                     stage=Stage.SUPPORT))
                 .values("client_id").annotate(last=Max("occurred_at"))
                 .values_list("client_id", "last"))

    declined: dict[int, list[tuple[str, date]]] = defaultdict(list)
    rejected = (StageSuggestion.objects.for_agency(agency)
                .filter(accepted=False, from_stage=F("client__stage"), **of_clients)
                .values("client_id", "stage").annotate(on=Max("event_on"))
                .values_list("client_id", "stage", "on"))
    for client_id, stage, on in rejected:
        declined[client_id].append((stage, on))

    return {
        client_id: rules.LifecycleHistory(
            stage=stage, today=today, stage_since=stage_since,
            drafts=tuple(drafts[client_id]), agreements=tuple(spans[client_id]),
            troubles=tuple(troubles[client_id]),
            last_heard_on=heard[client_id].astimezone(zone).date() if client_id in heard
            else None,
            declined=tuple(declined[client_id]),
        )
        for client_id, (stage, stage_since) in stages.items()
    }


def _agreements(agency: Agency, of_clients: dict, zone: ZoneInfo):
    return (Agreement.objects.for_agency(agency).filter(**of_clients)
            .annotate(drafted_on=TruncDate("created_at", tzinfo=zone),
                      deliverable_count=Count("deliverables"),
                      open=Count("deliverables", filter=~Q(
                          deliverables__status=DeliverableStatus.APPROVED)),
                      last_done=Max("deliverables__actual_done"),
                      last_due=Max("deliverables__planned_due"))
            .values("client_id", "status", "kind", "starts_on", "ends_on", "drafted_on",
                    "deliverable_count", "open", "last_done", "last_due"))


def _span(row: dict, today: date) -> rules.AgreementSpan:
    """When the agreement's production ends: an ended agreement at its end date (or its last
    approval, or its start when it has neither), and no later than today; a running one at
    its end date — the rule reads a day after today as not over yet — or, a project, at the
    approval of its last deliverable."""
    starts = row["starts_on"]
    approved = row["last_done"] or row["last_due"]
    if row["status"] == AgreementStatus.ENDED:
        ended = min(row["ends_on"] or approved or starts, today)
        return rules.AgreementSpan(starts, max(ended, starts),
                                   by_approval=not row["ends_on"] and bool(approved))
    if (row["kind"] == AgreementKind.PROJECT and row["deliverable_count"] and not row["open"]
            and approved is not None and (row["ends_on"] is None or approved < row["ends_on"])):
        return rules.AgreementSpan(starts, max(approved, starts), by_approval=True)
    if row["ends_on"] is not None:
        return rules.AgreementSpan(starts, max(row["ends_on"], starts))
    return rules.AgreementSpan(starts)


# ---- the client's lifecycle --------------------------------------------------------------------

def stage_history(*, client: Client, limit: int = HISTORY_LIMIT) -> list[StageChange]:
    """The latest changes first."""
    return list(StageChange.objects.for_agency(client.agency).filter(client=client)
                .select_related("changed_by", "suggestion")
                .order_by("-changed_at", "-id")[:limit])


def stages_on(*, agency: Agency, day: date) -> dict[int, str]:
    """Every client's stage on `day`, read back from the stage history: where the last change
    made by then led, or, for a client whose first change came later, where that change
    started from (the stage the client was added in); a client never moved is in its stage
    now."""
    stages = dict(Client.objects.for_agency(agency).values_list("pk", "stage"))
    settled: set[int] = set()
    for client_id, from_stage, to_stage, effective_on in (
            StageChange.objects.for_agency(agency)
            .order_by("effective_on", "changed_at", "id")
            .values_list("client_id", "from_stage", "to_stage", "effective_on")):
        if effective_on <= day:
            stages[client_id] = to_stage
            settled.add(client_id)
        elif client_id not in settled:
            stages[client_id] = from_stage
            settled.add(client_id)
    return stages


def pending_suggestion(*, client: Client) -> StageSuggestion | None:
    return (StageSuggestion.objects.for_agency(client.agency)
            .filter(client=client, decided_at__isnull=True).first())


def suggestion_list(*, agency: Agency, manager_id: int | None = None
                    ) -> QuerySet[StageSuggestion]:
    """Pending suggestions, the oldest first: the longer a stage lags behind, the less the
    client's page tells the truth."""
    suggestions = (StageSuggestion.objects.for_agency(agency).filter(decided_at__isnull=True)
                   .select_related("client", "client__account_manager"))
    if manager_id is not None:
        suggestions = suggestions.filter(client__account_manager_id=manager_id)
    return suggestions.order_by("suggested_at", "id")


def suggestion_get(*, agency: Agency, suggestion_id: object) -> StageSuggestion:
    return get_for_agency_or_404(StageSuggestion.objects.select_related("client__agency"),
                                 agency, suggestion_id)


@dataclass(frozen=True)
class Lifecycle:
    client: Client
    trust: str
    pending: StageSuggestion | None
    changes: list[StageChange]
    since: date | None  # the day the current stage began, when recorded
    contact_due_on: date | None  # the next keep-in-touch, for a past client
    last_contact_on: date | None


def client_lifecycle(*, client: Client, today: date) -> Lifecycle:
    changes = stage_history(client=client)
    touch = keep_in_touch_schedule(agency=client.agency, today=today).filter(
        pk=client.pk).values("last_contact_on", "contact_due_on").first()
    return Lifecycle(
        client=client, trust=rules.trust(client.stage), pending=pending_suggestion(client=client),
        changes=changes,
        since=changes[0].effective_on if changes and changes[0].to_stage == client.stage
        else None,
        contact_due_on=touch["contact_due_on"] if touch else None,
        last_contact_on=touch["last_contact_on"] if touch else None,
    )


# ---- keep in touch ------------------------------------------------------------------------------

def keep_in_touch_schedule(*, agency: Agency, today: date, manager_id: int | None = None,
                           due_by: date | None = None, policy: Policy | None = None
                           ) -> QuerySet[Client]:
    """Past clients — in support or ended, or with no agreement running after one ended —
    annotated with `last_contact_on` (the last interaction either way, or None) and
    `contact_due_on`: that day (or, with no contact yet, the end of the last agreement, or
    the day the client was added) plus the client's keep-in-touch days or the policy's;
    `due_by` keeps those due by that day.

    Whether a client is past is the condition of a CASE around the due date rather than a
    filter of its own: with two filters the database may work out the due date first, for
    every client, most of whom are current, and a due date looks up the last contact."""
    zone = _zone(agency)
    every = (policy or policy_current(agency=agency)).keep_in_touch_days
    agreements = Agreement.objects.filter(agency=agency, client=OuterRef("pk"))
    over = agreements.filter(Q(status=AgreementStatus.ENDED)
                             | Q(status=AgreementStatus.ACTIVE, ends_on__lt=today))
    running = agreements.filter(Q(status=AgreementStatus.ACTIVE)
                                & (Q(ends_on__isnull=True) | Q(ends_on__gte=today)))
    last = Subquery(Interaction.objects.filter(agency=agency, client=OuterRef("pk"))
                    .order_by("-occurred_at", "-id").values("occurred_at")[:1])
    ended_on = Subquery(agreements.filter(ends_on__isnull=False, ends_on__lte=today)
                        .order_by("-ends_on").values("ends_on")[:1])
    past = Q(stage__in=[Stage.SUPPORT, Stage.ENDED]) | (Exists(over) & ~Exists(running))
    clients = Client.objects.for_agency(agency)
    if manager_id is not None:
        clients = clients.filter(account_manager_id=manager_id)
    due = AddDays(Coalesce("last_contact_on", ended_on, TruncDate("created_at", tzinfo=zone)),
                  Cast(Coalesce("keep_in_touch_days", Value(every)), IntegerField()))
    clients = clients.annotate(
        last_contact_on=TruncDate(last, tzinfo=zone), contact_due_on=due,
    ).alias(past_due_on=Case(When(past, then=due), output_field=DateField()))
    clients = clients.filter(past_due_on__isnull=False) if due_by is None \
        else clients.filter(past_due_on__lte=due_by)
    return clients.select_related("account_manager").order_by("contact_due_on", "name", "id")


def keep_in_touch_due(*, agency: Agency, manager_id: int | None, today: date,
                      policy: Policy | None = None) -> QuerySet[Client]:
    """Past clients whose keep-in-touch is due today or overdue, the longest waiting first:
    after a project the memory of us fades, so the manager reminds the client of us."""
    return keep_in_touch_schedule(agency=agency, today=today, manager_id=manager_id,
                                  due_by=today, policy=policy)
