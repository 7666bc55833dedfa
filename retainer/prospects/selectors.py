from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from retainer.accounts.models import Agency, User
from retainer.core.tenancy import get_for_agency_or_404
from retainer.policy.services import policy_current
from retainer.prospects.models import Decision, Prospect, SalesPlan

# What a list of prospects filters on.
UNDECIDED = "undecided"
INTERESTING = Decision.INTERESTING.value
NOT_INTERESTING = Decision.NOT_INTERESTING.value
STATES = (UNDECIDED, INTERESTING, NOT_INTERESTING)
# How it is ordered: the best fit first, or the newest first.
BY_SCORE = "score"
NEWEST = "new"

DECISIONS_SHOWN = 50


def prospect_list(*, agency: Agency, state: str = "", q: str = "",
                  order: str = BY_SCORE) -> QuerySet[Prospect]:
    prospects = Prospect.objects.for_agency(agency).select_related("decided_by")
    if state == UNDECIDED:
        prospects = prospects.filter(decision="")
    elif state in (INTERESTING, NOT_INTERESTING):
        prospects = prospects.filter(decision=state)
    if q.strip():
        prospects = prospects.filter(search_folded__contains=q.strip().casefold())
    if order == NEWEST:
        return prospects.order_by("-created_at", "-id")
    return prospects.order_by("-score", "-created_at", "-id")


def prospect_get(*, agency: Agency, prospect_id: object) -> Prospect:
    return get_for_agency_or_404(
        Prospect.objects.select_related("agency", "decided_by", "created_by", "client"),
        agency, prospect_id)


@dataclass(frozen=True)
class DecisionRecord:
    decision: str
    reason: str
    decided_by: User | None
    decided_at: object
    score: int | None

    @property
    def decision_label(self) -> str:
        return Decision(self.decision).label


def prospect_decisions(prospect: Prospect) -> list[DecisionRecord]:
    """Every decision recorded for the prospect, the first first, from its history."""
    rows = list(prospect.history.exclude(decision="").order_by("history_date", "history_id")
                .values_list("decision", "decision_reason", "decided_by_id", "decided_at",
                             "decided_score")[:DECISIONS_SHOWN * 20])
    seen: list[tuple] = []
    for row in rows:
        if not seen or (row[0], row[3]) != (seen[-1][0], seen[-1][3]):
            seen.append(row)
    seen = seen[-DECISIONS_SHOWN:]
    users = User.objects.in_bulk({row[2] for row in seen if row[2] is not None})
    return [DecisionRecord(decision, reason, users.get(user_id), at, score)
            for decision, reason, user_id, at, score in seen]


# Sales plans and their progress.

def _within_plan(agency: Agency, field: str, **filters) -> QuerySet[Prospect]:
    """The agency's prospects whose `field` falls on a day of the outer plan's period, days
    counted in the agency's time zone."""
    return (Prospect.objects.filter(agency=agency, **filters)
            .annotate(day=TruncDate(field, tzinfo=ZoneInfo(agency.timezone)))
            .filter(day__gte=OuterRef("starts_on"), day__lte=OuterRef("ends_on"))
            .order_by().values("agency"))


def _count(rows: QuerySet[Prospect]) -> Coalesce:
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def sales_plan_list(*, agency: Agency) -> QuerySet[SalesPlan]:
    """The agency's plans, the latest period first, each with what happened in its period:
    clients won (prospects converted) and their annual value, decisions, and how many of
    them were "not interesting" — one query whatever the number of plans and prospects."""
    converted = _within_plan(agency, "converted_at", converted_at__isnull=False)
    decided = _within_plan(agency, "decided_at", decided_at__isnull=False)
    money = DecimalField(max_digits=16, decimal_places=2)
    return (SalesPlan.objects.for_agency(agency).annotate(
        clients_won=_count(converted),
        value_won=Coalesce(Subquery(converted.annotate(total=Sum("budget")).values("total"),
                                    output_field=money), Value(Decimal(0)), output_field=money),
        decided=_count(decided),
        turned_down=_count(decided.filter(decision=Decision.NOT_INTERESTING)),
    ).order_by("-starts_on", "-id"))


def sales_plan_get(*, agency: Agency, plan_id: object) -> SalesPlan:
    return get_for_agency_or_404(SalesPlan, agency, plan_id)


@dataclass(frozen=True)
class PlanProgress:
    plan: SalesPlan
    clients_won: int
    value_won: Decimal
    decided: int
    turned_down: int
    warn_pct: int  # the policy's rejection rate that questions the filter
    today: date

    @property
    def rejection_rate(self) -> int | None:
        """Not interesting ÷ decided in the period, in whole percent; None without decisions."""
        if not self.decided:
            return None
        return int((Decimal(self.turned_down * 100) / self.decided).to_integral_value(
            rounding="ROUND_HALF_UP"))

    @property
    def clients_pct(self) -> int | None:
        return _share(self.clients_won, self.plan.clients_planned)

    @property
    def value_pct(self) -> int | None:
        return _share(self.value_won, self.plan.value_planned)

    @property
    def started(self) -> bool:
        return self.plan.starts_on <= self.today

    @property
    def behind(self) -> bool:
        return self.started and (self.clients_won < self.plan.clients_planned
                                 or self.value_won < self.plan.value_planned)

    @property
    def filter_too_strict(self) -> bool:
        """Article 001: the plan is met "in any weather", so turning most prospects down
        while the plan falls behind is the filter to question, not the market."""
        rate = self.rejection_rate
        return self.behind and rate is not None and rate > self.warn_pct


def _share(actual, planned) -> int | None:
    if not planned:
        return None
    return int((Decimal(actual) * 100 / Decimal(planned)).to_integral_value(
        rounding="ROUND_HALF_UP"))


def plan_progress(plans, *, agency: Agency) -> list[PlanProgress]:
    """Plans from `sales_plan_list` with their progress."""
    warn = policy_current(agency=agency).prospect_rejection_warn_pct
    today = timezone.localtime(timezone.now(), ZoneInfo(agency.timezone)).date()
    return [PlanProgress(plan, plan.clients_won, plan.value_won, plan.decided,
                         plan.turned_down, warn, today) for plan in plans]


def sales_plan_progress(*, agency: Agency, plan: SalesPlan) -> PlanProgress:
    """Planned vs actual for one plan: clients won in the period and their value, the
    decisions made in it and the rejection rate."""
    annotated = sales_plan_list(agency=agency).get(pk=plan.pk)
    return plan_progress([annotated], agency=agency)[0]


def prospect_counts(*, agency: Agency) -> dict[str, int]:
    """How many prospects wait for a decision, and how many are interesting and not yet
    clients: the list's tabs."""
    return Prospect.objects.for_agency(agency).aggregate(
        undecided=Count("pk", filter=Q(decision="")),
        interesting=Count("pk", filter=Q(decision=Decision.INTERESTING,
                                         converted_at__isnull=True)),
    )
