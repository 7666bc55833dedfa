"""Retainer periods: included hours per period, carry-over of unused or overrun hours, and
burn alerts (BRIEF C1)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CARRY_NONE = "none"
CARRY_UNUSED = "unused"
CARRY_BOTH = "both"


@dataclass(frozen=True)
class PeriodPlan:
    starts_on: date
    ends_on: date
    included_hours: Decimal
    carried_over_hours: Decimal
    used_hours: Decimal

    @property
    def available_hours(self) -> Decimal:
        return self.included_hours + self.carried_over_hours

    @property
    def balance(self) -> Decimal:
        return self.available_hours - self.used_hours


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plan_periods(
    *,
    starts_on: date,
    until: date,
    period_months: int,
    included_hours: Decimal,
    carry_over: str,
    used_hours: dict[date, Decimal],
) -> list[PeriodPlan]:
    """Every period from the agreement's start up to the one containing `until`, with what
    each carries over from the one before: unused hours (CARRY_UNUSED, CARRY_BOTH) and an
    overrun as a negative carry (CARRY_BOTH only)."""
    if period_months < 1:
        raise ValueError("A period lasts at least one month.")
    plans: list[PeriodPlan] = []
    carried = Decimal(0)
    index = 0
    while True:
        start = add_months(starts_on, period_months * index)
        if start > until:
            break
        end = date.fromordinal(add_months(starts_on, period_months * (index + 1)).toordinal() - 1)
        used = used_hours.get(start, Decimal(0))
        plan = PeriodPlan(start, end, included_hours, carried, used)
        plans.append(plan)
        balance = plan.balance
        if carry_over == CARRY_BOTH or (carry_over == CARRY_UNUSED and balance > 0):
            carried = balance
        else:
            carried = Decimal(0)
        index += 1
    return plans


def burn_pct(plan: PeriodPlan) -> int:
    """How much of the period's available hours is used, in whole percent (rounded down, so
    an alert fires only once a threshold is really reached)."""
    if plan.available_hours <= 0:
        return 100 if plan.used_hours > 0 else 0
    return int(plan.used_hours * 100 / plan.available_hours)


def burn_alerts(plan: PeriodPlan, thresholds_pct: tuple[int, ...]) -> list[int]:
    """The alert thresholds (in %) the period's usage has reached."""
    if plan.available_hours <= 0:
        return list(thresholds_pct) if plan.used_hours > 0 else []
    burn = plan.used_hours * 100 / plan.available_hours
    return [t for t in thresholds_pct if burn >= t]
