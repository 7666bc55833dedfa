"""The plain values a scope decision reads and returns, and the names of its outcomes."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal

from retainer.rules.business_time import BusinessCalendar

# What the request asks for.
NEW_WORK = "new_work"
CHANGE = "change"
REVISION = "revision"
KINDS = (NEW_WORK, CHANGE, REVISION)

# How it relates to the agreement.
IN_SCOPE = "in_scope"
OVER_ROUNDS = "over_rounds"
OUT_OF_SCOPE = "out_of_scope"

# The outcomes.
INCLUDED = "included"
BONUS = "bonus"
CHOICE = "choice"
OUTCOMES = (INCLUDED, BONUS, CHOICE)

# The client's answers to a choice.
PAY = "pay"
SHIFT = "shift"
DEFER = "defer"
ANSWERS = (PAY, SHIFT, DEFER)

# Rule ids, shown with their figures wherever a decision is.
RULE_IN_SCOPE = "scope.in_scope"
RULE_NO_DELIVERABLE = "scope.no_deliverable"
RULE_CHANGE = "scope.change"
RULE_OVER_ROUNDS = "scope.over_rounds"
RULE_WITHIN_ROUNDS = "scope.within_rounds"
RULE_BONUS = "scope.bonus"
RULE_OVER_THRESHOLD = "scope.over_threshold"
RULE_BUDGET_SPENT = "scope.budget_spent"
RULE_PRICE = "scope.price"
RULE_SHIFT = "scope.shift"
RULE_RENEGOTIATE = "scope.renegotiate"


@dataclass(frozen=True)
class ScopeRequest:
    kind: str  # NEW_WORK, CHANGE or REVISION
    estimate_min: int
    deliverable_id: int | None = None  # the scope item it concerns, if any
    title: str = ""  # what the client asked for, in a few words (quoted in the reply)
    language: str = "en"  # the client's language, for the reply

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown request kind {self.kind!r}; expected one of {KINDS}")
        if self.estimate_min < 0:
            raise ValueError("An estimate cannot be negative.")


@dataclass(frozen=True)
class ScopeItem:
    """A deliverable of the agreement, as far as decisions need it."""

    id: int
    title: str
    due: date
    open: bool = True  # not yet approved: its due date can still move


@dataclass(frozen=True)
class AgreementTerms:
    items: tuple[ScopeItem, ...]
    revision_rounds: int
    free_change_threshold_min: int
    monthly_free_budget_min: int
    hourly_rate: Decimal
    daily_capacity_hours: Decimal
    currency: str
    calendar: BusinessCalendar

    def item(self, deliverable_id: int | None) -> ScopeItem | None:
        return next((item for item in self.items if item.id == deliverable_id), None)


@dataclass(frozen=True)
class Usage:
    revision_rounds_used: int = 0  # on the request's deliverable
    free_minutes_used: int = 0  # of this period's free budget
    beyond_agreement_recent: int = 0  # bonuses and choices in the policy's window, before this


@dataclass(frozen=True)
class Reason:
    rule: str
    figures: tuple[tuple[str, str], ...] = ()  # (name, value) pairs, values as written

    @classmethod
    def of(cls, rule: str, **figures: object) -> Reason:
        return cls(rule, tuple([(name, str(value)) for name, value in figures.items()]))

    def as_dict(self) -> dict:
        return {"rule": self.rule, "figures": dict(self.figures)}


@dataclass(frozen=True)
class Shift:
    deliverable_id: int
    title: str
    before: date
    after: date


@dataclass(frozen=True)
class RequestDecision:
    outcome: str
    classification: str
    reasons: tuple[Reason, ...]
    policy_version: int
    currency: str
    price: Decimal | None = None  # only for a choice
    shift_days: int | None = None  # only for a choice
    shifts: tuple[Shift, ...] = ()  # only for a choice
    free_minutes_charged: int = 0  # only for a bonus
    free_minutes_left: int = 0  # of the period's budget, after this decision
    renegotiate: bool = False
    reply: str = ""  # the draft reply to the client, in the client's language

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(reason.rule for reason in self.reasons)


def as_record(value) -> dict:
    """A decision's input as JSON-ready data, kept with the decision as what it read: dates
    and amounts as text, the calendar (settings, not data of the request) left out."""
    return {f.name: _recorded(getattr(value, f.name)) for f in fields(value)
            if f.name != "calendar"}


def _recorded(value):
    if is_dataclass(value):
        return as_record(value)
    if isinstance(value, list | tuple):
        return [_recorded(item) for item in value]
    if isinstance(value, Decimal | date):
        return str(value)
    return value
