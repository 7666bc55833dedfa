"""The scorecard's figures, measured in the database for every client of an agency at once.

One month is read with seven aggregate queries grouped by client, whatever the number of
clients, messages or deliverables: the clients, the month's messages, statuses and
retrospectives, deliverables, agreements, conflict cases and ratings. No row of the log is
brought into Python; what comes back is one row per client and query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from retainer.accounts.models import Agency
from retainer.agreements.models import Agreement, AgreementStatus, Channel, Deliverable
from retainer.clients.models import Client
from retainer.conflicts.models import ConflictCase
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.policy.services import policy_current
from retainer.rules.policy import Policy
from retainer.rules.scorecard import ScorecardMetrics
from retainer.status.models import Rating
from retainer.touchpoints.models import Touchpoint

YEAR = timedelta(days=365)
CURRENT_WINDOW = timedelta(days=30)
SPOKEN = (Channel.CALL, Channel.MEETING)
STATUS_CHECK = " status_check "  # as triage stores the flag, a space on each side
HOURS = DecimalField(max_digits=16, decimal_places=2)
VALUE = DecimalField(max_digits=20, decimal_places=2)


def agency_today(agency: Agency, now: datetime) -> date:
    return timezone.localdate(now, ZoneInfo(agency.timezone))


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Period:
    """What one month's score reads, in the agency's time zone: a past month whole; the
    current month as the window of a month's length up to `now`, so that a month just begun
    (a few days, no status due yet) does not read as a silent, red relationship."""

    month: date  # its first day: the month the score is for
    since: date  # the first day measured
    starts_at: datetime
    until: datetime  # the month's end, or now in the current month
    days_until: date  # the first day not measured (dates are compared before it)
    today: date

    @classmethod
    def of(cls, month: date, now: datetime, zone: str) -> Period:
        tz = ZoneInfo(zone)
        month = month_start(month)
        today = timezone.localdate(now, tz)
        ends = next_month(month)
        days_until = min(ends, today + timedelta(days=1))
        current = month <= today < ends and days_until < ends
        since = min(month, days_until - CURRENT_WINDOW) if current else month
        return cls(month, since, datetime.combine(since, time(0), tzinfo=tz),
                   min(datetime.combine(ends, time(0), tzinfo=tz), now), days_until, today)

    @property
    def days(self) -> int:
        return max((self.days_until - self.since).days, 1)

    @property
    def due_until(self) -> date:
        """Promises are judged once their due day is over."""
        return min(next_month(self.month), self.today)


def scorecard_metrics(*, agency: Agency, month: date, client_ids: list[int] | None = None,
                      now: datetime | None = None, policy: Policy | None = None
                      ) -> dict[int, ScorecardMetrics]:
    """Every client's figures for the month (up to `now` in the current month), by client id:
    all of the agency's clients, or the given ones. A month still to come measures nothing."""
    now = now or timezone.now()
    policy = policy or policy_current(agency=agency)
    period = Period.of(month, now, agency.timezone)
    clients = Client.objects.for_agency(agency)
    if client_ids is not None:
        clients = clients.filter(pk__in=client_ids)
    cadences = dict(clients.values_list("pk", "status_cadence_days"))
    figures: dict[int, dict] = {pk: {} for pk in cadences}
    if period.starts_at < period.until:
        for read in READERS:
            for client_id, values in read(agency, period, client_ids, policy):
                if client_id in figures:
                    _add(figures[client_id], values)
    return {pk: ScorecardMetrics(period_days=period.days,
                                 cadence_days=cadences[pk] or policy.status_cadence_days,
                                 **figures[pk])
            for pk in cadences}


def _add(figures: dict, values: dict) -> None:
    """Figures counted by two queries add up (contacts, agreed value); the rest come from
    one query each."""
    for name, value in values.items():
        figures[name] = figures[name] + value if name in figures else value


def _scoped(queryset: QuerySet, client_ids: list[int] | None, field: str = "client_id"
            ) -> QuerySet:
    if client_ids is not None:
        queryset = queryset.filter(**{f"{field}__in": client_ids})
    return queryset


def _messages(agency, period: Period, client_ids, _policy):
    inbound = Q(kind=Kind.MESSAGE, direction=Direction.INBOUND)
    rows = _scoped(Interaction.objects.for_agency(agency), client_ids).filter(
        occurred_at__gte=period.starts_at, occurred_at__lt=period.until,
    ).values("client_id").order_by().annotate(
        inbound=Count("pk", filter=inbound),
        checks=Count("pk", filter=inbound & Q(flags__contains=STATUS_CHECK)),
        ours=Count("pk", filter=Q(kind=Kind.MESSAGE)
                   & (Q(direction=Direction.OUTBOUND) | Q(channel__in=SPOKEN))),
    )
    for row in rows:
        yield row["client_id"], {"inbound_messages": row["inbound"],
                                 "status_checks": row["checks"], "contacts": row["ours"]}


def _touchpoints(agency, period: Period, client_ids, _policy):
    rows = _scoped(Touchpoint.objects.for_agency(agency), client_ids).filter(
        held_on__gte=period.since, held_on__lt=period.days_until,
    ).values("client_id").order_by().annotate(
        held=Count("pk"), asked=Count("pk", filter=Q(feedback_requested=True)),
        received=Count("pk", filter=~Q(feedback="")),
    )
    for row in rows:
        # A status or a retrospective is a contact too.
        yield row["client_id"], {"touchpoints": row["held"], "feedback_requested": row["asked"],
                                 "feedback_received": row["received"], "contacts": row["held"]}


def _deliverables(agency, period: Period, client_ids, _policy):
    done = Q(actual_done__gte=period.since, actual_done__lt=period.days_until)
    timed = done & Q(actual_hours__isnull=False)
    due = Q(planned_due__gte=period.since, planned_due__lt=period.due_until)
    this_year, last_year = _years(period)
    valued = Q(agreement__budget__isnull=True) & ~Q(agreement__status=AgreementStatus.DRAFT)
    value = ExpressionWrapper(F("estimate_hours") * F("agreement__hourly_rate"),
                              output_field=VALUE)
    rows = _scoped(Deliverable.objects.for_agency(agency), client_ids,
                   "agreement__client_id").filter(
        done | due | (valued & Q(agreement__starts_on__gte=last_year[0],
                                 agreement__starts_on__lt=this_year[1])),
    ).values(client=F("agreement__client_id")).order_by().annotate(
        done=Count("pk", filter=done),
        clarifications=Sum("clarifications", filter=done),
        iterations=Sum("approval_iterations", filter=done),
        estimated=Sum("estimate_hours", filter=timed, output_field=HOURS),
        spent=Sum("actual_hours", filter=timed, output_field=HOURS),
        due=Count("pk", filter=due),
        kept=Count("pk", filter=due & Q(actual_done__lte=F("planned_due"))),
        value_this=Sum(value, filter=valued & _started(this_year, "agreement__")),
        value_last=Sum(value, filter=valued & _started(last_year, "agreement__")),
    )
    for row in rows:
        yield row["client"], {
            "deliverables_done": row["done"], "clarifications": row["clarifications"] or 0,
            "approval_iterations": row["iterations"] or 0,
            "hours_estimated": row["estimated"] or Decimal(0),
            "hours_spent": row["spent"] or Decimal(0),
            "promises_due": row["due"], "promises_kept": row["kept"],
            # The agreed value of agreements without a budget: their estimate at the rate.
            "value_this_year": row["value_this"] or Decimal(0),
            "value_last_year": row["value_last"] or Decimal(0),
        }


def _years(period: Period) -> tuple[tuple[date, date], tuple[date, date]]:
    """The twelve months up to the period's end, and the twelve before them."""
    end = period.days_until
    return (end - YEAR, end), (end - 2 * YEAR, end - YEAR)


def _started(window: tuple[date, date], prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__gte": window[0], f"{prefix}starts_on__lt": window[1]})


def _agreements(agency, period: Period, client_ids, _policy):
    this_year, last_year = _years(period)
    signed = ~Q(status=AgreementStatus.DRAFT)
    running = signed & Q(starts_on__lt=period.days_until) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.since))
    budgeted = signed & Q(budget__isnull=False)
    rows = _scoped(Agreement.objects.for_agency(agency), client_ids).filter(
        starts_on__lt=period.days_until,
    ).values("client_id").order_by().annotate(
        running=Count("pk", filter=running),
        first=Min("starts_on", filter=signed),
        started=Count("pk", filter=signed & _started(this_year)),
        budget_this=Sum("budget", filter=budgeted & _started(this_year)),
        budget_last=Sum("budget", filter=budgeted & _started(last_year)),
    )
    for row in rows:
        # Agreements after the client's first are repeat work, won without a tender.
        first_this_year = row["first"] is not None and row["first"] >= this_year[0]
        yield row["client_id"], {
            "under_agreement": row["running"] > 0,
            "repeat_agreements": max(row["started"] - int(first_this_year), 0),
            "value_this_year": row["budget_this"] or Decimal(0),
            "value_last_year": row["budget_last"] or Decimal(0),
        }


def _conflicts(agency, period: Period, client_ids, policy: Policy):
    open_at_end = Q(closed_at__isnull=True) | Q(closed_at__gte=period.until)
    resolved = Q(closed_at__gte=period.starts_at, closed_at__lt=period.until)
    overdue = open_at_end & Q(
        opened_at__lt=period.until - timedelta(days=policy.conflict_escalation_days))
    took = ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    rows = _scoped(ConflictCase.objects.for_agency(agency), client_ids).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=period.starts_at),
        opened_at__lt=period.until,
    ).values("client_id").order_by().annotate(
        cases=Count("pk"), resolved=Count("pk", filter=resolved),
        took=Avg(took, filter=resolved), overdue=Count("pk", filter=overdue),
    )
    for row in rows:
        took = row["took"]
        yield row["client_id"], {
            "conflicts": row["cases"], "conflicts_resolved": row["resolved"],
            "conflicts_overdue": row["overdue"],
            "resolution_days": None if took is None else
            (Decimal(took.total_seconds()) / 86400).quantize(Decimal("0.1")),
        }


def _ratings(agency, period: Period, client_ids, _policy):
    rows = _scoped(Rating.objects.for_agency(agency), client_ids,
                   "deliverable__agreement__client_id").filter(
        rated_at__gte=period.starts_at, rated_at__lt=period.until,
    ).values(client=F("deliverable__agreement__client_id")).order_by().annotate(
        ratings=Count("pk"), total=Sum("score"),
    )
    for row in rows:
        yield row["client"], {"ratings": row["ratings"], "rating_total": row["total"] or 0}


READERS = (_messages, _touchpoints, _deliverables, _agreements, _conflicts, _ratings)
