"""Reads of client health: the stored scores by month, a client's trend, the managers'
averages, and a client's scorecard computed now from the recorded history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.utils import timezone

from retainer.accounts.models import Agency
from retainer.clients.models import Client
from retainer.health.metrics import agency_today, month_start, previous_month, scorecard_metrics
from retainer.health.models import Band, HealthScore
from retainer.policy.services import policy_current
from retainer.rules import scorecard as rules
from retainer.worklist.models import Task, TaskKind

TREND_MONTHS = 12
MONTH_CHOICES = 24


def latest_month(*, agency: Agency) -> date | None:
    """The latest month with stored scores."""
    return HealthScore.objects.for_agency(agency).aggregate(latest=Max("month"))["latest"]


def scored_months(*, agency: Agency) -> list[date]:
    return list(HealthScore.objects.for_agency(agency).order_by("-month")
                .values_list("month", flat=True).distinct()[:MONTH_CHOICES])


def health_list(*, agency: Agency, month: date, band: str = "", manager_id: int | None = None,
                stage: str = "") -> QuerySet[HealthScore]:
    """The month's scores, the weakest first; filtered by band, the client's account
    manager and the client's lifecycle stage."""
    scores = (HealthScore.objects.for_agency(agency).filter(month=month)
              .select_related("client", "client__account_manager"))
    if band:
        scores = scores.filter(band=band)
    if manager_id is not None:
        scores = scores.filter(client__account_manager_id=manager_id)
    if stage:
        scores = scores.filter(client__stage=stage)
    return scores.order_by("score", "client__name", "client_id")


def band_counts(*, agency: Agency, month: date, manager_id: int | None = None,
                stage: str = "") -> dict[str, int]:
    scores = health_list(agency=agency, month=month, manager_id=manager_id, stage=stage)
    rows = scores.order_by().values("band").annotate(n=Count("pk"))
    return {row["band"]: row["n"] for row in rows}


def client_trend(*, client: Client, until: date) -> list[HealthScore]:
    """The client's stored scores over the twelve months up to `until`'s month, oldest
    first."""
    first = month_start(until)
    for _step in range(TREND_MONTHS - 1):
        first = previous_month(first)
    return list(HealthScore.objects.filter(agency_id=client.agency_id, client=client,
                                           month__gte=first, month__lte=month_start(until))
                .order_by("month"))


@dataclass(frozen=True)
class ClientHealth:
    card: rules.Scorecard
    month: date
    computed_at: datetime


def client_scorecard(*, client: Client, now: datetime | None = None) -> ClientHealth:
    """The client's scorecard for the current month, computed now from the recorded history
    (the stored scores are as of the last refresh)."""
    now = now or timezone.now()
    agency = client.agency
    month = month_start(agency_today(agency, now))
    policy = policy_current(agency=agency)
    metrics = scorecard_metrics(agency=agency, month=month, client_ids=[client.pk], now=now,
                                policy=policy)
    return ClientHealth(rules.compute(metrics[client.pk], policy, client.stage), month, now)


def open_health_task(*, client: Client) -> Task | None:
    return (Task.objects.filter(agency_id=client.agency_id, client=client,
                                kind=TaskKind.HEALTH, done_at__isnull=True)
            .select_related("assignee").first())


def manager_scorecard(*, agency: Agency, month: date) -> QuerySet:
    """Per account manager, the month's average of each component and of health over their
    clients, with the number of clients and of red ones; the weakest average first."""
    return (HealthScore.objects.for_agency(agency).filter(month=month)
            .values(manager_id=F("client__account_manager_id"),
                    manager_name=F("client__account_manager__full_name"),
                    manager_email=F("client__account_manager__email"))
            .order_by()
            .annotate(clients=Count("pk"), red=Count("pk", filter=Q(band=Band.RED)),
                      health=Avg("score"),
                      **{component: Avg(component) for component in rules.COMPONENTS})
            .order_by("health", "manager_name", "manager_id"))
