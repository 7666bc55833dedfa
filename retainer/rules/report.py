"""The weak spots of a monthly client report (BRIEF C7, article 003: "in the monthly reports
for our clients we try not to hide our weak spots but to lay them bare, so that next month we
draw conclusions and correct the work").

`weak_spots()` reads the month's figures and states every shortfall as a code with its
figures, heaviest first: deliverables late or not accepted, replies past the response target,
promised KPIs missed beyond their tolerance, hours or budget over the plan, requests beyond the
agreement that cost the client money or time, low ratings, claims found founded. The app words
each code in the client's language. Deterministic, and monotone: a worse figure never removes
a weak spot.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from retainer.rules.claims.assess import kpi_bound
from retainer.rules.claims.terms import HIGHER, PromisedKpi
from retainer.rules.deliverables import is_late
from retainer.rules.policy import Policy

# The codes, in order of weight: a broken promise of work first, our own rating last but one,
# and a claim the client was right about last, since each founded claim already shows above
# as the late work, late reply or missed KPI it was about.
DELIVERABLE_LATE = "deliverable_late"
DELIVERABLE_REJECTED = "deliverable_rejected"
REPLIES_LATE = "replies_late"
KPI_MISSED = "kpi_missed"
HOURS_OVER = "hours_over"
BUDGET_OVER = "budget_over"
REQUESTS_PAID = "requests_paid"
DEADLINES_SHIFTED = "deadlines_shifted"
LOW_RATING = "low_rating"
CLAIMS_FOUNDED = "claims_founded"
CODES = (DELIVERABLE_LATE, DELIVERABLE_REJECTED, REPLIES_LATE, KPI_MISSED, HOURS_OVER,
         BUDGET_OVER, REQUESTS_PAID, DEADLINES_SHIFTED, LOW_RATING, CLAIMS_FOUNDED)

_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class DeliverableFact:
    """A deliverable due in the month, delivered in it, or overdue from before it. `done` is
    the day it was delivered if that was by the month's end."""

    title: str
    due: date
    done: date | None = None
    rejected: bool = False  # the client did not accept the work

    def days_late(self, today: date) -> int:
        """Calendar days past the due date: to the delivery, or to `today` while undelivered."""
        if not is_late(self.due, self.done, today):
            return 0
        return ((self.done or today) - self.due).days


@dataclass(frozen=True)
class ReplyFact:
    """A client's message of the month: the business time the client waited for our reply
    (until `today` while unanswered), without the time the clock stood, and its target."""

    waited: timedelta
    target: timedelta
    answered: bool = True

    @property
    def breached(self) -> bool:
        return self.waited > self.target


@dataclass(frozen=True)
class ReplySummary:
    messages: int
    answered: int
    median: timedelta | None  # of the answered ones
    worst: timedelta | None  # the longest wait, answered or not
    breaches: int
    unanswered_breaches: int


def reply_summary(replies: tuple[ReplyFact, ...]) -> ReplySummary:
    answered = sorted(reply.waited for reply in replies if reply.answered)
    breached = [reply for reply in replies if reply.breached]
    return ReplySummary(
        messages=len(replies),
        answered=len(answered),
        median=statistics.median_low(answered) if answered else None,
        worst=max((reply.waited for reply in replies), default=None),
        breaches=len(breached),
        unanswered_breaches=sum(1 for reply in breached if not reply.answered),
    )


@dataclass(frozen=True)
class KpiFact:
    """A promised KPI with its latest measurement of the month (None: not measured)."""

    kpi: PromisedKpi
    actual: Decimal | None = None

    @property
    def missed(self) -> bool:
        if self.actual is None:
            return False
        bound = kpi_bound(self.kpi)
        return self.actual < bound if self.kpi.direction == HIGHER else self.actual > bound


@dataclass(frozen=True)
class HoursFact:
    """Hours planned vs used: a retainer period's available hours (an overrun of any size is
    over), or the estimate of the deliverables delivered in the month (over beyond the
    policy's profitability tolerance)."""

    label: str
    planned: Decimal
    used: Decimal
    retainer: bool = False

    def over(self, policy: Policy) -> bool:
        allowance = 0 if self.retainer else policy.profitability_tolerance_pct
        return self.used * 100 > self.planned * (100 + allowance)


@dataclass(frozen=True)
class BudgetFact:
    """A project's agreed budget vs the work delivered on it so far, at the hourly rate."""

    label: str
    budget: Decimal
    spent: Decimal

    def over(self, policy: Policy) -> bool:
        return self.spent * 100 > self.budget * (100 + policy.profitability_tolerance_pct)


@dataclass(frozen=True)
class RatingFact:
    title: str
    score: int  # 1–5


@dataclass(frozen=True)
class ReportFacts:
    today: date  # the day the month is judged on: the day after it, or today while it runs
    deliverables: tuple[DeliverableFact, ...] = ()
    replies: tuple[ReplyFact, ...] = ()
    kpis: tuple[KpiFact, ...] = ()
    hours: tuple[HoursFact, ...] = ()
    budgets: tuple[BudgetFact, ...] = ()
    paid_requests: int = 0  # the client chose to pay for work beyond the agreement
    paid_amount: Decimal = Decimal(0)
    shifted_requests: int = 0  # … or to move a deadline for it
    shift_days: int = 0  # business days the deadlines moved, in all
    ratings: tuple[RatingFact, ...] = ()
    founded_claims: int = 0


@dataclass(frozen=True)
class WeakSpot:
    code: str
    params: tuple[tuple[str, int | str], ...] = field(default=())

    @classmethod
    def of(cls, code: str, **params: int | str) -> WeakSpot:
        return cls(code, tuple(params.items()))

    def as_dict(self) -> dict[str, int | str]:
        return dict(self.params)


def _minutes(span: timedelta) -> int:
    return int(span // _MINUTE)


def _number(value: Decimal) -> str:
    """A figure as plain digits, without trailing zeros: 12.5, 100."""
    return format(value.normalize(), "f")


def weak_spots(facts: ReportFacts, policy: Policy) -> list[WeakSpot]:
    """Every shortfall of the month, in the order of CODES; within a code the worst first."""
    spots: list[WeakSpot] = []
    late = sorted(((item.days_late(facts.today), item) for item in facts.deliverables),
                  key=lambda pair: (-pair[0], pair[1].due, pair[1].title))
    spots += [WeakSpot.of(DELIVERABLE_LATE, title=item.title, due=item.due.isoformat(),
                          done=item.done.isoformat() if item.done else "", days_late=days)
              for days, item in late if days > 0]
    spots += [WeakSpot.of(DELIVERABLE_REJECTED, title=item.title)
              for item in sorted(facts.deliverables, key=lambda each: (each.due, each.title))
              if item.rejected]

    replies = reply_summary(facts.replies)
    if replies.breaches:
        worst = max((reply for reply in facts.replies if reply.breached),
                    key=lambda reply: reply.waited - reply.target)
        spots.append(WeakSpot.of(
            REPLIES_LATE, breaches=replies.breaches, messages=replies.messages,
            unanswered=replies.unanswered_breaches, worst_minutes=_minutes(worst.waited),
            target_minutes=_minutes(worst.target)))

    missed = sorted(((_shortfall(fact.kpi, fact.actual), fact.kpi, fact.actual)
                     for fact in facts.kpis if fact.actual is not None and fact.missed),
                    key=lambda row: (-row[0], row[1].name))
    spots += [WeakSpot.of(KPI_MISSED, kpi=kpi.name, unit=kpi.unit, target=_number(kpi.target),
                          actual=_number(actual), direction=kpi.direction)
              for _gap, kpi, actual in missed]

    spots += [WeakSpot.of(HOURS_OVER, label=fact.label, planned=_number(fact.planned),
                          used=_number(fact.used), over=_number(fact.used - fact.planned),
                          retainer=int(fact.retainer))
              for fact in sorted(facts.hours, key=lambda each: each.planned - each.used)
              if fact.over(policy)]
    spots += [WeakSpot.of(BUDGET_OVER, label=fact.label, budget=_number(fact.budget),
                          spent=_number(fact.spent))
              for fact in sorted(facts.budgets, key=lambda each: each.budget - each.spent)
              if fact.over(policy)]

    if facts.paid_requests:
        spots.append(WeakSpot.of(REQUESTS_PAID, count=facts.paid_requests,
                                 amount=_number(facts.paid_amount)))
    if facts.shifted_requests:
        spots.append(WeakSpot.of(DEADLINES_SHIFTED, count=facts.shifted_requests,
                                 days=facts.shift_days))

    spots += [WeakSpot.of(LOW_RATING, title=rating.title, score=rating.score)
              for rating in sorted(facts.ratings, key=lambda each: (each.score, each.title))
              if rating.score <= policy.low_rating_at_most]
    if facts.founded_claims:
        spots.append(WeakSpot.of(CLAIMS_FOUNDED, count=facts.founded_claims))
    return spots


def _shortfall(kpi: PromisedKpi, actual: Decimal) -> Decimal:
    """How far past its tolerance a missed KPI is, as a share of the target."""
    gap = abs(actual - kpi_bound(kpi))
    return gap / abs(kpi.target) if kpi.target else gap
