"""Reads for statuses and retrospectives: the lists, a client's cadence, and what is missed —
which the dashboard and the health scorecard read too. Every read is one query (or a fixed
few) whatever the number of clients: the cadence is computed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from retainer.accounts.models import Agency
from retainer.agreements.models import (
    Agreement,
    AgreementStatus,
    Deliverable,
    DeliverableStatus,
)
from retainer.clients.models import Client
from retainer.core.tenancy import get_for_agency_or_404
from retainer.policy.services import policy_current
from retainer.rules.policy import Policy
from retainer.touchpoints.models import Touchpoint, TouchpointKind


class AddDays(Func):
    """A date plus a number of days, as a date. Django's date-and-duration arithmetic gives a
    datetime (and on SQLite a string); PostgreSQL adds days to a date directly, SQLite through
    the Julian day number."""

    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " + "
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="date(julianday(%(expressions)s))",
                           arg_joiner=") + (", **extra_context)


def touchpoint_list(*, agency: Agency, kind: str = "", manager_id: int | None = None,
                    client_id: int | None = None) -> QuerySet[Touchpoint]:
    """The latest first; `manager_id` keeps the clients that member manages."""
    touchpoints = Touchpoint.objects.for_agency(agency).select_related(
        "client", "deliverable", "held_by")
    if kind in TouchpointKind.values:
        touchpoints = touchpoints.filter(kind=kind)
    if manager_id is not None:
        touchpoints = touchpoints.filter(client__account_manager_id=manager_id)
    if client_id is not None:
        touchpoints = touchpoints.filter(client_id=client_id)
    return touchpoints.order_by("-held_on", "-id")


def touchpoint_get(*, agency: Agency, touchpoint_id: object) -> Touchpoint:
    return get_for_agency_or_404(
        Touchpoint.objects.select_related("client__agency", "deliverable", "held_by"),
        agency, touchpoint_id)


def status_cadence(*, agency: Agency, today: date, manager_id: int | None = None,
                   policy: Policy | None = None) -> QuerySet[Client]:
    """The clients a status is due for — those with an agreement active on `today` — each
    annotated with `cadence_days` (the client's own, else the policy's) and `status_due_on`:
    the cadence counted from the last status (`last_status_on`), or from the start of the
    active agreement when there is none yet."""
    active = Agreement.objects.filter(client=OuterRef("pk"), status=AgreementStatus.ACTIVE,
                                      starts_on__lte=today)
    clients = Client.objects.for_agency(agency).filter(Exists(active))
    if manager_id is not None:
        clients = clients.filter(account_manager_id=manager_id)
    default = (policy or policy_current(agency=agency)).status_cadence_days
    return clients.select_related("account_manager").annotate(
        cadence_days=Coalesce("status_cadence_days", Value(default),
                              output_field=IntegerField()),
        counted_from=Coalesce(
            "last_status_on",
            Subquery(active.order_by("starts_on").values("starts_on")[:1],
                     output_field=DateField())),
        status_due_on=AddDays(F("counted_from"), F("cadence_days")),
    ).order_by("status_due_on", "name_folded", "id")


def missed_retrospectives(*, agency: Agency, today: date, manager_id: int | None = None
                          ) -> QuerySet[Deliverable]:
    """Milestones approved by `today` with no retrospective yet
    (`Deliverable.retrospective_on`), the oldest first."""
    milestones = Deliverable.objects.for_agency(agency).filter(
        status=DeliverableStatus.APPROVED, retrospective_on__isnull=True,
        actual_done__isnull=False, actual_done__lte=today,
    )
    if manager_id is not None:
        milestones = milestones.filter(agreement__client__account_manager_id=manager_id)
    return milestones.select_related("agreement__client").order_by("actual_done", "id")


@dataclass(frozen=True)
class MissedTouchpoints:
    """Statuses overdue and retrospectives not held: what the dashboard shows and the
    scorecard counts."""

    statuses: QuerySet[Client]
    retrospectives: QuerySet[Deliverable]


def touchpoints_missed(*, agency: Agency, manager_id: int | None, today: date,
                       policy: Policy | None = None) -> MissedTouchpoints:
    """Clients with an active agreement whose status is overdue on `today` (ordered by
    `status_due_on`, annotated with `last_status_on` and `status_due_on`), and approved
    milestones without a retrospective (with `agreement__client`, ordered by `actual_done`).
    `manager_id` keeps one account manager's clients; None, all of the agency's."""
    return MissedTouchpoints(
        statuses=status_cadence(agency=agency, today=today, manager_id=manager_id,
                                policy=policy)
        .filter(status_due_on__lt=today),
        retrospectives=missed_retrospectives(agency=agency, today=today, manager_id=manager_id),
    )
