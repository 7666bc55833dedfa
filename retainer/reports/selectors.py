"""The monthly client report (BRIEF C7): what was delivered against the plan, the register
entries, response times, KPI actuals against the targets, hours against the plan — and the
weak spots, stated plainly.

One report reads a fixed number of queries whatever the client's history holds: every list is
one query over the month, and every total an aggregate in the database. Response times are
the one figure counted row by row, in business time of the agency's calendar, over the
month's messages of one client only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone, translation

from retainer.accounts.models import Agency
from retainer.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Deliverable,
    DeliverableStatus,
    KpiDirection,
    KpiMeasurement,
    PromisedKpi,
    RetainerPeriod,
)
from retainer.claims.models import Concession
from retainer.clients.models import Client
from retainer.conversations.models import Direction, Interaction, Kind
from retainer.core.calendar import business_calendar
from retainer.core.labels import label
from retainer.policy.services import policy_current
from retainer.rules import report as rules
from retainer.rules.business_time import BusinessCalendar, business_time_between
from retainer.rules.claims import PromisedKpi as KpiTerms
from retainer.rules.policy import Policy
from retainer.rules.response import response_time
from retainer.rules.retainer import add_months
from retainer.scope.models import Answer, Decision, Discrepancy, Outcome
from retainer.status.models import Rating

# Agreements being negotiated promise nothing yet.
IN_FORCE = (AgreementStatus.ACTIVE, AgreementStatus.ENDED)


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(today: date) -> date:
    return add_months(month_start(today), -1)


@dataclass(frozen=True)
class DeliveryRow:
    title: str
    agreement: str
    due: date
    done: date | None  # delivered by the month's end
    status: str
    status_label: str
    due_in_month: bool
    days_late: int

    @property
    def late(self) -> bool:
        return self.days_late > 0


@dataclass(frozen=True)
class Delivery:
    rows: list[DeliveryRow]
    planned: int  # due in the month
    delivered: int  # delivered in the month, whenever due
    on_time: int  # of the planned, delivered by the due date
    late: int  # rows late: delivered late, or overdue at the month's end
    not_delivered: int  # of the planned, not delivered by the month's end


@dataclass(frozen=True)
class KpiRow:
    fact: rules.KpiFact
    direction_label: str
    measured_on: date | None

    @property
    def kpi(self) -> KpiTerms:
        return self.fact.kpi

    @property
    def actual(self) -> Decimal | None:
        return self.fact.actual

    @property
    def missed(self) -> bool:
        return self.fact.missed


@dataclass(frozen=True)
class HoursRow:
    label: str
    planned: Decimal
    used: Decimal
    retainer: bool
    over: bool


@dataclass(frozen=True)
class BudgetRow:
    label: str
    budget: Decimal
    spent: Decimal
    over: bool


@dataclass(frozen=True)
class RequestCosts:
    paid: int
    paid_amount: Decimal
    shifted: int
    shift_days: int


@dataclass(frozen=True)
class RatingRow:
    title: str
    score: int
    comment: str
    low: bool


@dataclass
class MonthlyReport:
    client: Client
    month: date  # its first day
    last_day: date
    today: date  # the day the month is judged on: the day after it, or today while it runs
    language: str
    currency: str
    before_client: bool  # the month ended before the client was ours, and nothing is recorded
    agreements: list[str]
    delivery: Delivery
    register: list[Discrepancy]
    replies: rules.ReplySummary
    reply_target: timedelta
    kpis: list[KpiRow]
    hours: list[HoursRow]
    budgets: list[BudgetRow]
    requests: RequestCosts
    ratings: list[RatingRow]
    founded_claims: int
    policy_version: int
    weak_spots: list[rules.WeakSpot] = field(default_factory=list)

    @property
    def running(self) -> bool:
        """The month is not over yet: its figures are so far."""
        return self.today <= self.last_day


def monthly_report(*, agency: Agency, client: Client, month: date,
                   now: datetime | None = None) -> MonthlyReport:
    """The client's report of `month` (any day of it), judged at the month's end or, while it
    runs, now."""
    now = now or timezone.now()
    zone = ZoneInfo(agency.timezone)
    first = month_start(month)
    following = add_months(first, 1)
    last = following - timedelta(days=1)
    today = min(following, timezone.localdate(now, timezone=zone))
    start_at = datetime.combine(first, time(0), tzinfo=zone)
    end_at = min(datetime.combine(following, time(0), tzinfo=zone), now)
    policy = policy_current(agency=agency)
    calendar = business_calendar(agency)

    started = list(_agreements(agency, client, last))
    agreements = [a for a in started if a.ends_on is None or a.ends_on >= first]
    first_day = min([timezone.localtime(client.created_at, zone).date()]
                    + [a.starts_on for a in started])
    current = next((a for a in reversed(agreements) if a.status == AgreementStatus.ACTIVE),
                   agreements[-1] if agreements else None)
    target_hours = (current.response_target_hours if current is not None
                    else policy.response_target_hours)
    reply_target = timedelta(seconds=round(Decimal(target_hours) * 3600))

    with translation.override(client.reading_language):  # the labels the client reads
        delivery, delivered = _delivery(agency, client, first, last, today)
        kpis = _kpis(agency, client, first, last)
    replies, reply_facts = _replies(agency, client, start_at, end_at, calendar,
                                    default=reply_target)
    hours = _hours(agency, client, first, last, delivered, policy)
    budgets = _budgets(agency, agreements, last, policy)
    requests = _request_costs(agency, client, start_at, end_at)
    ratings = _ratings(agency, client, start_at, end_at, policy)
    founded = Concession.objects.for_agency(agency).filter(
        client=client, founded=True, claim__made_at__gte=start_at,
        claim__made_at__lt=end_at).count()

    facts = rules.ReportFacts(
        today=today,
        deliverables=tuple(rules.DeliverableFact(row.title, row.due, row.done,
                                                 row.status == DeliverableStatus.REJECTED)
                           for row in delivery.rows),
        replies=reply_facts,
        kpis=tuple(row.fact for row in kpis),
        hours=tuple(rules.HoursFact(row.label, row.planned, row.used, row.retainer)
                    for row in hours),
        budgets=tuple(rules.BudgetFact(row.label, row.budget, row.spent) for row in budgets),
        paid_requests=requests.paid, paid_amount=requests.paid_amount,
        shifted_requests=requests.shifted, shift_days=requests.shift_days,
        ratings=tuple(rules.RatingFact(row.title, row.score) for row in ratings),
        founded_claims=founded,
    )
    register = list(_register(agency, client, start_at, end_at))
    # A client added with its history imported has records older than its row: a month
    # with any of them is reported, whatever the dates of the row and the agreements say.
    recorded = bool(delivery.rows or replies.messages or register or ratings or founded)
    return MonthlyReport(
        client=client, month=first, last_day=last, today=today,
        language=client.reading_language, currency=agency.currency,
        before_client=last < first_day and not recorded,
        agreements=[a.title for a in agreements], delivery=delivery, register=register,
        replies=replies, reply_target=reply_target,
        kpis=kpis, hours=hours, budgets=budgets, requests=requests, ratings=ratings,
        founded_claims=founded, policy_version=policy.version,
        weak_spots=rules.weak_spots(facts, policy),
    )


def _agreements(agency: Agency, client: Client, last: date) -> QuerySet[Agreement]:
    """The client's agreements that started by the month's end, the earliest first."""
    return (Agreement.objects.for_agency(agency)
            .filter(client=client, status__in=IN_FORCE, starts_on__lte=last)
            .only("id", "title", "kind", "status", "starts_on", "ends_on", "budget",
                  "hourly_rate", "response_target_hours")
            .order_by("starts_on", "id"))


def _delivery(agency: Agency, client: Client, first: date, last: date, today: date
              ) -> tuple[Delivery, list[dict]]:
    """Deliverables due in the month, delivered in it, or overdue from before it; with the
    rows delivered in the month, for the hours they took."""
    rows = list(
        Deliverable.objects.for_agency(agency)
        .filter(agreement__client=client, agreement__status__in=IN_FORCE)
        .filter(Q(planned_due__range=(first, last)) | Q(actual_done__range=(first, last))
                | Q(planned_due__lt=first, actual_done__isnull=True)
                | Q(planned_due__lt=first, actual_done__gt=last))
        .order_by("planned_due", "id")
        .values("title", "planned_due", "actual_done", "status", "estimate_hours",
                "actual_hours", "agreement_id", "agreement__title", "agreement__kind"))
    deliveries = []
    for row in rows:
        done = row["actual_done"] if row["actual_done"] and row["actual_done"] <= last else None
        fact = rules.DeliverableFact(row["title"], row["planned_due"], done)
        deliveries.append(DeliveryRow(
            title=row["title"], agreement=row["agreement__title"], due=row["planned_due"],
            done=done, status=row["status"], status_label=label(DeliverableStatus, row["status"]),
            due_in_month=first <= row["planned_due"] <= last, days_late=fact.days_late(today)))
    planned = [row for row in deliveries if row.due_in_month]
    delivered = [row for row in rows if row["actual_done"] and first <= row["actual_done"] <= last]
    return Delivery(
        rows=deliveries,
        planned=len(planned),
        delivered=len(delivered),
        on_time=sum(1 for row in planned if row.done is not None and not row.late),
        late=sum(1 for row in deliveries if row.late),
        not_delivered=sum(1 for row in planned if row.done is None),
    ), delivered


def _replies(agency: Agency, client: Client, start_at: datetime, end_at: datetime,
             calendar: BusinessCalendar, default: timedelta
             ) -> tuple[rules.ReplySummary, tuple[rules.ReplyFact, ...]]:
    """The client's messages of the month and how long each waited for our reply: until
    the reply, or until the month's end while unanswered, less the time the clock stood."""
    rows = (Interaction.objects.for_agency(agency)
            .filter(client=client, direction=Direction.INBOUND, kind=Kind.MESSAGE,
                    occurred_at__gte=start_at, occurred_at__lt=end_at)
            .order_by("occurred_at", "id")
            .values_list("occurred_at", "replied_at", "paused_seconds", "paused_since",
                         "reply_target_seconds"))
    facts = []
    for received, replied, paused_seconds, paused_since, target_seconds in rows:
        until = replied or max(end_at, received)
        paused = timedelta(seconds=paused_seconds)
        if paused_since is not None and paused_since < until:
            paused += business_time_between(calendar, paused_since, until)
        facts.append(rules.ReplyFact(
            waited=response_time(calendar, received, until, paused),
            target=timedelta(seconds=target_seconds) if target_seconds else default,
            answered=replied is not None))
    return rules.reply_summary(tuple(facts)), tuple(facts)


def _kpis(agency: Agency, client: Client, first: date, last: date) -> list[KpiRow]:
    """The KPIs promised by agreements in force in the month, each with its latest
    measurement of the month."""
    latest = (KpiMeasurement.objects.filter(kpi=OuterRef("pk"), measured_on__range=(first, last))
              .order_by("-measured_on", "-id"))
    kpis = (PromisedKpi.objects.for_agency(agency)
            .filter(agreement__client=client, agreement__status__in=IN_FORCE,
                    agreement__starts_on__lte=last)
            .filter(Q(agreement__ends_on__isnull=True) | Q(agreement__ends_on__gte=first))
            .annotate(actual=Subquery(latest.values("actual")[:1]),
                      measured_on=Subquery(latest.values("measured_on")[:1]))
            .order_by("agreement__starts_on", "id")
            .values("name", "unit", "target", "tolerance_pct", "direction", "actual",
                    "measured_on"))
    return [KpiRow(
        fact=rules.KpiFact(KpiTerms(id=0, name=kpi["name"], target=kpi["target"],
                                    tolerance_pct=kpi["tolerance_pct"],
                                    direction=kpi["direction"], unit=kpi["unit"]),
                           _measured(kpi["actual"])),
        direction_label=label(KpiDirection, kpi["direction"]), measured_on=kpi["measured_on"],
    ) for kpi in kpis]


# SQLite returns a subquery's decimal with fifteen digits: back to the field's own three.
MEASURED = Decimal("0.001")


def _measured(actual: Decimal | None) -> Decimal | None:
    return None if actual is None else actual.quantize(MEASURED)


def _hours(agency: Agency, client: Client, first: date, last: date, delivered: list[dict],
           policy: Policy) -> list[HoursRow]:
    """Each retainer period of the month: its available hours against the hours used; and
    each project's deliverables delivered in the month: their estimate against the hours
    they took (those with their hours recorded)."""
    periods = (RetainerPeriod.objects.for_agency(agency)
               .filter(agreement__client=client, agreement__status__in=IN_FORCE,
                       starts_on__lte=last, ends_on__gte=first)
               .order_by("starts_on", "id")
               .values_list("agreement__title", "starts_on", "ends_on", "included_hours",
                            "carried_over_hours", "used_hours"))
    facts = [rules.HoursFact(f"{title}: {start.isoformat()} — {end.isoformat()}",
                             included + carried, used, retainer=True)
             for title, start, end, included, carried, used in periods]
    projects: dict[str, tuple[Decimal, Decimal]] = {}
    for row in delivered:
        if row["agreement__kind"] == AgreementKind.PROJECT and row["actual_hours"] is not None:
            planned, used = projects.get(row["agreement__title"], (Decimal(0), Decimal(0)))
            projects[row["agreement__title"]] = (planned + row["estimate_hours"],
                                                 used + row["actual_hours"])
    facts += [rules.HoursFact(title, planned, used) for title, (planned, used) in projects.items()]
    return [HoursRow(fact.label, fact.planned, fact.used, fact.retainer, fact.over(policy))
            for fact in facts]


def _budgets(agency: Agency, agreements: list[Agreement], last: date,
             policy: Policy) -> list[BudgetRow]:
    """Each project with an agreed budget: the hours of the work delivered on it by the
    month's end, at its hourly rate, against the budget."""
    projects = {a.pk: a for a in agreements
                if a.kind == AgreementKind.PROJECT and a.budget is not None}
    if not projects:
        return []
    hours = dict(Deliverable.objects.for_agency(agency)
                 .filter(agreement_id__in=projects, actual_done__lte=last)
                 .values("agreement_id").annotate(hours=Sum("actual_hours")).order_by()
                 .values_list("agreement_id", "hours"))
    rows = []
    for pk, agreement in projects.items():
        spent = (hours.get(pk) or Decimal(0)) * agreement.hourly_rate
        fact = rules.BudgetFact(agreement.title, agreement.budget, spent)
        rows.append(BudgetRow(fact.label, fact.budget, fact.spent, fact.over(policy)))
    return rows


def _request_costs(agency: Agency, client: Client, start_at: datetime, end_at: datetime
                   ) -> RequestCosts:
    """Requests beyond the agreement the client answered in the month by paying for the work
    or by moving a deadline for it."""
    paid = Q(answer=Answer.PAY)
    shifted = Q(answer=Answer.SHIFT)
    totals = (Decision.objects.for_agency(agency)
              .filter(client=client, outcome=Outcome.CHOICE, answered_at__gte=start_at,
                      answered_at__lt=end_at)
              .aggregate(paid=Count("id", filter=paid), amount=Sum("price", filter=paid),
                         shifted=Count("id", filter=shifted),
                         days=Sum("shift_days", filter=shifted)))
    return RequestCosts(paid=totals["paid"], paid_amount=totals["amount"] or Decimal(0),
                        shifted=totals["shifted"], shift_days=totals["days"] or 0)


def _ratings(agency: Agency, client: Client, start_at: datetime, end_at: datetime,
             policy: Policy) -> list[RatingRow]:
    rows = (Rating.objects.for_agency(agency)
            .filter(deliverable__agreement__client=client, rated_at__gte=start_at,
                    rated_at__lt=end_at)
            .order_by("rated_at", "id")
            .values_list("deliverable__title", "score", "comment"))
    return [RatingRow(title, score, comment, score <= policy.low_rating_at_most)
            for title, score, comment in rows]


def _register(agency: Agency, client: Client, start_at: datetime, end_at: datetime
              ) -> QuerySet[Discrepancy]:
    """The discrepancy register's entries agreed in the month, in the order they were agreed."""
    return (Discrepancy.objects.for_agency(agency)
            .filter(client=client, agreed_at__gte=start_at, agreed_at__lt=end_at)
            .select_related("agreed_by")
            .annotate(agreement_title=F("agreement__title"),
                      deliverable_title=F("deliverable__title"))
            .order_by("agreed_at", "id"))
