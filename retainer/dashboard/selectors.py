"""The portfolio dashboard (BRIEF C7): the figures of the whole agency or of one manager's
clients, read from the recorded history with a fixed handful of aggregate queries whatever
the number of clients and messages. Nothing here is stored; every figure is recomputed at
`now`; the dashboard page and API keep the result for a minute (`dashboard_figures_kept`).

A month's series is read as conditional aggregates, one column per month with its bounds
in the agency's time zone, rather than by truncating each row's timestamp: a comparison is
what an index and the database do best, on SQLite (where truncation is a Python callback
per row) as on PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from retainer.accounts.models import Agency
from retainer.agreements.models import AgreementStatus, RetainerPeriod
from retainer.claims.models import Concession
from retainer.clients.models import Client, Stage
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.health.models import Band, HealthScore
from retainer.policy.services import policy_current
from retainer.rules.retainer import PeriodPlan, add_months, burn_pct
from retainer.worklist.selectors import SECTION_NAMES, attention_heads

MONTHS = 12
ATTENTION_ROWS = 5
TOP_BURNERS = 5


@dataclass(frozen=True)
class MonthCount:
    month: date  # its first day
    count: int


@dataclass(frozen=True)
class HealthMonth:
    month: date
    average: int | None  # None: no client was scored that month
    scored: int


@dataclass(frozen=True)
class HealthFigures:
    """Clients per band in the latest month that has scores, and the year's average."""

    month: date | None
    green: int
    amber: int
    red: int
    not_scored: int  # clients (not ended) without a score that month
    trend: tuple[HealthMonth, ...]


@dataclass(frozen=True)
class StageCount:
    stage: str
    clients: int


@dataclass(frozen=True)
class BreachFigures:
    """Inbound messages answered after their reply was due, or still waiting past it,
    counted in the month the reply was due."""

    this_month: int
    months: tuple[MonthCount, ...]


@dataclass(frozen=True)
class ConcessionMonth:
    month: date
    cost: Decimal
    count: int


@dataclass(frozen=True)
class ConcessionFigures:
    """What granted concessions cost, beside what winning a new client costs (article 003):
    conceding is cheaper than replacing the client until it is not."""

    this_month: Decimal
    this_month_count: int
    acquisition_cost: Decimal
    months: tuple[ConcessionMonth, ...]


@dataclass(frozen=True)
class Burner:
    period_id: int
    agreement_id: int
    agreement_title: str
    client_id: int
    client_name: str
    used_hours: Decimal
    available_hours: Decimal
    burn_pct: int


@dataclass(frozen=True)
class BurnFigures:
    """The current periods of active retainer agreements and the policy's burn alerts."""

    periods: int
    first_alert_pct: int
    second_alert_pct: int
    past_first: int
    past_second: int
    top: tuple[Burner, ...]


@dataclass(frozen=True)
class AttentionSection:
    name: str
    count: int
    rows: tuple  # the first few, as their own selector returns them


@dataclass(frozen=True)
class ManagerFigures:
    manager_id: int | None  # None: clients nobody manages
    name: str
    clients: int
    red: int
    breaches_this_month: int


@dataclass(frozen=True)
class DashboardFigures:
    manager_id: int | None
    today: date
    as_of: datetime  # when they were computed
    currency: str
    clients: int
    health: HealthFigures
    stages: tuple[StageCount, ...]
    breaches: BreachFigures
    concessions: ConcessionFigures
    burn: BurnFigures
    attention: tuple[AttentionSection, ...]
    managers: tuple[ManagerFigures, ...]  # only for the whole agency


def dashboard_figures(*, agency: Agency, manager_id: int | None, now: datetime
                      ) -> DashboardFigures:
    """The dashboard of one manager's clients (`manager_id`) or of the whole agency (None,
    with the numbers per manager): the portfolio's figures and the attention lists."""
    return replace(portfolio_figures(agency=agency, manager_id=manager_id, now=now),
                   attention=attention_figures(agency=agency, manager_id=manager_id, now=now))


def dashboard_figures_kept(*, agency: Agency, manager_id: int | None, now: datetime
                           ) -> DashboardFigures:
    """`dashboard_figures` computed at most DASHBOARD_CACHE_SECONDS ago (and today), kept in
    the cache the web processes share. On a large agency they take a second or two to
    compute — a year of messages, health scores and the clients' schedules — and an overview
    of the year a minute old is as good as a new one; the lists a manager works through
    (the attention page, the waiting queue) are always read afresh.

    When the minute is up, one view computes them again and every view that comes meanwhile
    is served the figures being replaced: otherwise each of them would start the same
    computation of seconds, on a busy server all at once. Should the computing process die,
    another takes over once its claim runs out (COMPUTING_SECONDS)."""
    if settings.DASHBOARD_CACHE_SECONDS <= 0:
        return dashboard_figures(agency=agency, manager_id=manager_id, now=now)
    today = now.astimezone(ZoneInfo(agency.timezone)).date()
    key = f"dashboard:{agency.pk}:{manager_id or 'all'}:{today.isoformat()}"
    kept = cache.get(key)
    if kept is not None and (now - kept.as_of).total_seconds() < settings.DASHBOARD_CACHE_SECONDS:
        return kept
    claim = f"{key}:computing"
    if kept is not None and not cache.add(claim, True, COMPUTING_SECONDS):
        return kept
    figures = dashboard_figures(agency=agency, manager_id=manager_id, now=now)
    cache.set(key, figures, kept_seconds())
    cache.delete(claim)
    return figures


# How long a computation may take before another view may start its own.
COMPUTING_SECONDS = 120


def kept_seconds() -> int:
    """How long kept figures (and their charts) stay in the cache: beyond the minute they are
    fresh, for as long as they may be served while newer ones are computed."""
    return settings.DASHBOARD_CACHE_SECONDS + COMPUTING_SECONDS


def portfolio_figures(*, agency: Agency, manager_id: int | None, now: datetime
                      ) -> DashboardFigures:
    """The dashboard's aggregate figures, without the attention lists."""
    zone = ZoneInfo(agency.timezone)
    today = now.astimezone(zone).date()
    months = [add_months(today.replace(day=1), offset) for offset in range(1 - MONTHS, 1)]
    bounds = [datetime.combine(month, time(), tzinfo=zone)
              for month in [*months, add_months(months[-1], 1)]]
    policy = policy_current(agency=agency)

    health_rows = _health_rows(agency, manager_id, months[0])
    latest = max((row["month"] for row in health_rows), default=None)
    client_rows = _client_rows(agency, manager_id, latest)
    breach_rows = _breach_rows(agency, manager_id, bounds, now)

    health = _health(health_rows, client_rows, months, latest)
    stage_totals: dict[str, int] = defaultdict(int)
    for row in client_rows:
        stage_totals[row["stage"]] += row["n"]
    breach_months = [sum(row[f"m{i}"] for row in breach_rows) for i in range(MONTHS)]
    return DashboardFigures(
        manager_id=manager_id,
        today=today,
        as_of=now,
        currency=agency.currency,
        clients=sum(stage_totals.values()),
        health=health,
        stages=tuple(StageCount(stage, stage_totals[stage]) for stage in Stage.values),
        breaches=BreachFigures(
            this_month=breach_months[-1],
            months=tuple(MonthCount(m, n) for m, n in zip(months, breach_months, strict=True))),
        concessions=_concessions(agency, manager_id, months, bounds, policy.acquisition_cost),
        burn=_burn(agency, manager_id, today, policy.burn_alert_first_pct,
                   policy.burn_alert_second_pct),
        attention=(),
        managers=() if manager_id is not None else _managers(health_rows, client_rows,
                                                             breach_rows, latest),
    )


def _mine(queryset: QuerySet, manager_id: int | None, path: str) -> QuerySet:
    if manager_id is None:
        return queryset
    return queryset.filter(**{path: manager_id})


def _health_rows(agency: Agency, manager_id: int | None, since: date) -> list[dict]:
    """Scores per month, band and manager over the year: the distribution of the latest
    month and the year's averages both come from these few rows."""
    scores = _mine(HealthScore.objects.for_agency(agency).filter(month__gte=since),
                   manager_id, "client__account_manager_id")
    return list(scores.values("month", "band", manager=F("client__account_manager_id"))
                .order_by().annotate(n=Count("id"), total=Sum("score")))


def _client_rows(agency: Agency, manager_id: int | None, latest: date | None) -> list[dict]:
    """Clients per manager and stage, with how many of them have a score in `latest`."""
    clients = _mine(Client.objects.for_agency(agency), manager_id, "account_manager_id")
    scored = (Count("id", filter=Exists(HealthScore.objects.filter(
        client_id=OuterRef("pk"), month=latest))) if latest else Value(0))
    return list(clients.values("stage", manager=F("account_manager_id")).order_by()
                .annotate(n=Count("id"), scored=scored))


def _breach_rows(agency: Agency, manager_id: int | None, bounds: list[datetime],
                 now: datetime) -> list[dict]:
    """Breached replies per manager, one column per month (m0 the oldest)."""
    breached = Interaction.objects.for_agency(agency).filter(
        Q(replied_at__gt=F("reply_due_at")) | Q(replied_at__isnull=True, reply_due_at__lte=now),
        direction=Direction.INBOUND, kind=Kind.MESSAGE,
        reply_due_at__gte=bounds[0], reply_due_at__lt=bounds[-1],
    )
    breached = _mine(breached, manager_id, "client__account_manager_id")
    columns = {f"m{i}": Count("id", filter=Q(reply_due_at__gte=bounds[i],
                                             reply_due_at__lt=bounds[i + 1]))
               for i in range(MONTHS)}
    return list(breached.values(manager=F("client__account_manager_id")).order_by()
                .annotate(**columns))


def _health(rows: list[dict], clients: list[dict], months: list[date],
            latest: date | None) -> HealthFigures:
    bands: dict[str, int] = defaultdict(int)
    per_month: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row["month"] == latest:
            bands[row["band"]] += row["n"]
        per_month[row["month"]][0] += row["n"]
        per_month[row["month"]][1] += row["total"]
    trend = []
    for month in months:
        scored, total = per_month.get(month, (0, 0))
        trend.append(HealthMonth(month, round(total / scored) if scored else None, scored))
    not_scored = sum(row["n"] - row["scored"] for row in clients if row["stage"] != Stage.ENDED)
    return HealthFigures(month=latest, green=bands[Band.GREEN], amber=bands[Band.AMBER],
                         red=bands[Band.RED], not_scored=not_scored, trend=tuple(trend))


def _concessions(agency: Agency, manager_id: int | None, months: list[date],
                 bounds: list[datetime], acquisition_cost: Decimal) -> ConcessionFigures:
    """The same concessions as `retainer.claims.selectors.conceded_cost` (granted, by the
    month they were decided), month by month: one aggregate row."""
    granted = _mine(Concession.objects.for_agency(agency).filter(
        granted=True, decided_at__gte=bounds[0], decided_at__lt=bounds[-1]),
        manager_id, "client__account_manager_id")
    columns = {}
    for i in range(MONTHS):
        month = Q(decided_at__gte=bounds[i], decided_at__lt=bounds[i + 1])
        columns[f"cost{i}"] = Sum("cost", filter=month)
        columns[f"n{i}"] = Count("id", filter=month)
    totals = granted.aggregate(**columns)
    series = tuple(ConcessionMonth(month, totals[f"cost{i}"] or Decimal(0), totals[f"n{i}"])
                   for i, month in enumerate(months))
    return ConcessionFigures(this_month=series[-1].cost, this_month_count=series[-1].count,
                             acquisition_cost=acquisition_cost, months=series)


def _burn(agency: Agency, manager_id: int | None, today: date, first: int,
          second: int) -> BurnFigures:
    """Thresholds compared as the rules do (`burn_alerts`): used × 100 ≥ threshold ×
    available, once any hour is used — so a period with nothing available that is used at
    all has passed both."""
    current = _mine(RetainerPeriod.objects.for_agency(agency).filter(
        starts_on__lte=today, ends_on__gte=today, agreement__status=AgreementStatus.ACTIVE),
        manager_id, "agreement__client__account_manager_id")
    used, available = F("used_hours"), F("included_hours") + F("carried_over_hours")

    def past(threshold: int) -> Q:
        return Q(used_hours__gt=0) & Q(GreaterThanOrEqual(used * 100, available * threshold))

    totals = current.aggregate(periods=Count("id"), past_first=Count("id", filter=past(first)),
                               past_second=Count("id", filter=past(second)))
    # In floating point: SQLite divides whole numbers of hours as integers.
    ratio = Case(
        When(GreaterThan(available, 0),
             then=Cast(used, FloatField()) / Cast(available, FloatField())),
        default=Value(1e9),  # used with nothing available: ahead of every ratio
        output_field=FloatField(),
    )
    rows = (current.filter(used_hours__gt=0).annotate(ratio=ratio)
            .order_by("-ratio", "agreement__client__name", "id")
            .values("id", "agreement_id", "agreement__title", "agreement__client_id",
                    "agreement__client__name", "starts_on", "ends_on", "included_hours",
                    "carried_over_hours", "used_hours")[:TOP_BURNERS])
    top = []
    for row in rows:
        plan = PeriodPlan(row["starts_on"], row["ends_on"], row["included_hours"],
                          row["carried_over_hours"], row["used_hours"])
        top.append(Burner(
            period_id=row["id"], agreement_id=row["agreement_id"],
            agreement_title=row["agreement__title"], client_id=row["agreement__client_id"],
            client_name=row["agreement__client__name"], used_hours=plan.used_hours,
            available_hours=plan.available_hours, burn_pct=burn_pct(plan)))
    return BurnFigures(periods=totals["periods"], first_alert_pct=first,
                       second_alert_pct=second, past_first=totals["past_first"],
                       past_second=totals["past_second"], top=tuple(top))


def attention_figures(*, agency: Agency, manager_id: int | None,
                      now: datetime) -> tuple[AttentionSection, ...]:
    """Each "needs attention today" section: its count and its first rows."""
    counted = attention_heads(agency=agency, manager_id=manager_id, now=now,
                              limits=dict.fromkeys(SECTION_NAMES, ATTENTION_ROWS))
    return tuple(AttentionSection(name, count, tuple(rows))
                 for name, (rows, count) in counted.items())


def _managers(health_rows: list[dict], client_rows: list[dict], breach_rows: list[dict],
              latest: date | None) -> tuple[ManagerFigures, ...]:
    clients: dict[int | None, int] = defaultdict(int)
    red: dict[int | None, int] = defaultdict(int)
    for row in client_rows:
        clients[row["manager"]] += row["n"]
    for row in health_rows:
        if row["month"] == latest and row["band"] == Band.RED:
            red[row["manager"]] += row["n"]
    breaches = {row["manager"]: row[f"m{MONTHS - 1}"] for row in breach_rows}
    people = set(clients) | set(red) | set(breaches)
    names = {pk: full_name or email for pk, full_name, email in get_user_model().objects.filter(
        pk__in=[p for p in people if p is not None]).values_list("pk", "full_name", "email")}
    rows = [ManagerFigures(manager_id=person, name=names.get(person, ""),
                           clients=clients[person], red=red[person],
                           breaches_this_month=breaches.get(person, 0))
            for person in people]
    # Managers by name; the clients nobody manages last.
    return tuple(sorted(rows, key=lambda row: (row.manager_id is None, row.name.casefold(),
                                               row.manager_id or 0)))
