"""The plain values a claim assessment and a concession read and return, and the names of their
outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from retainer.rules.business_time import BusinessCalendar
from retainer.rules.scope.terms import Reason

# What a claim points at.
DELIVERABLE = "deliverable"
KPI = "kpi"
COMMUNICATION = "communication"  # how long we took to reply, against the response target
NOT_PROMISED = "not_promised"  # a result the agreement lists as not promised
NOTHING = "nothing"
TARGETS = (DELIVERABLE, KPI, COMMUNICATION, NOT_PROMISED, NOTHING)

# Which way a KPI is better.
HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)

# The outcomes of a concession.
FIX_AND_ADMIT = "fix_and_admit"
CONCEDE = "concede"
REFUSE = "refuse"
OUTCOMES = (FIX_AND_ADMIT, CONCEDE, REFUSE)

# Rule ids, shown with their figures wherever an assessment or a concession is.
RULE_DELIVERABLE_LATE = "claims.deliverable_late"
RULE_DELIVERABLE_REJECTED = "claims.deliverable_rejected"
RULE_DELIVERABLE_KEPT = "claims.deliverable_kept"
RULE_KPI_MISSED = "claims.kpi_missed"
RULE_KPI_MET = "claims.kpi_met"
RULE_KPI_NOT_MEASURED = "claims.kpi_not_measured"
RULE_REPLY_LATE = "claims.reply_late"
RULE_REPLY_ON_TIME = "claims.reply_on_time"
RULE_NOT_PROMISED = "claims.not_promised"
RULE_NO_TERM = "claims.no_term"
FOUNDED_RULES = (RULE_DELIVERABLE_LATE, RULE_DELIVERABLE_REJECTED, RULE_KPI_MISSED,
                 RULE_REPLY_LATE)

RULE_FIX_AND_ADMIT = "claims.fix_and_admit"
RULE_TOO_MANY_UNFOUNDED = "claims.too_many_unfounded"
RULE_TRIVIAL = "claims.trivial"
RULE_RETENTION = "claims.retention"
RULE_NOT_WORTH = "claims.not_worth"

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """Money to the cent, half up, the way an invoice rounds it."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def require_aware(moment: datetime, name: str) -> None:
    if moment.utcoffset() is None:
        raise ValueError(f"{name} needs a time-zone-aware datetime, got {moment!r}")


@dataclass(frozen=True)
class Claim:
    target: str  # one of TARGETS
    made_at: datetime
    target_id: int | None = None  # the deliverable or the KPI it points at
    result: str = ""  # NOT_PROMISED: the result, as the agreement lists it
    ask: str = ""  # what the client asks us to do, in a few words (quoted in the reply)
    # What granting the ask costs: work at the client's hourly rate, and money (a discount,
    # a refund). For a founded claim the fix is owed anyway, so this is the compensation.
    asked_min: int = 0
    asked_amount: Decimal = Decimal(0)
    language: str = "en"  # the client's language, for the reply

    def __post_init__(self):
        if self.target not in TARGETS:
            raise ValueError(f"Unknown claim target {self.target!r}; expected one of {TARGETS}")
        require_aware(self.made_at, "made_at")
        if self.target in (DELIVERABLE, KPI) and self.target_id is None:
            raise ValueError(f"A claim on a {self.target} needs its id.")
        if self.target == NOT_PROMISED and not self.result.strip():
            raise ValueError("A claim on a result not promised needs the result.")
        if self.asked_min < 0 or self.asked_amount < 0:
            raise ValueError("What a claim asks for cannot cost less than nothing.")


@dataclass(frozen=True)
class Deliverable:
    id: int
    title: str
    due: date  # the planned due date the agreement holds


@dataclass(frozen=True)
class PromisedKpi:
    id: int
    name: str
    target: Decimal
    tolerance_pct: Decimal = Decimal(0)  # a miss within it is no miss
    direction: str = HIGHER
    unit: str = ""

    def __post_init__(self):
        if self.direction not in DIRECTIONS:
            raise ValueError(f"Unknown KPI direction {self.direction!r}; expected {DIRECTIONS}")
        if self.tolerance_pct < 0:
            raise ValueError("A KPI's tolerance cannot be negative.")


@dataclass(frozen=True)
class ClaimTerms:
    """The agreement, as far as claims need it."""

    deliverables: tuple[Deliverable, ...]
    kpis: tuple[PromisedKpi, ...]
    not_promised: tuple[str, ...]  # results explicitly not promised, as written
    response_target_hours: Decimal | None  # None: the policy's target applies
    calendar: BusinessCalendar


@dataclass(frozen=True)
class DeliverableProgress:
    done_on: date | None = None
    rejected: bool = False  # the client did not accept the work


@dataclass(frozen=True)
class KpiMeasurement:
    actual: Decimal
    measured_on: date


@dataclass(frozen=True)
class ReplyWait:
    """The client's message a claim on our communication is about, and our reply to it."""

    received_at: datetime
    replied_at: datetime | None = None
    first_in_thread: bool = False
    paused: timedelta = timedelta(0)  # business time the clock stood while we waited for them

    def __post_init__(self):
        require_aware(self.received_at, "received_at")
        if self.replied_at is not None:
            require_aware(self.replied_at, "replied_at")


@dataclass(frozen=True)
class ClaimFacts:
    """What is known about the thing the claim points at; only its own part is read."""

    progress: DeliverableProgress | None = None
    measurement: KpiMeasurement | None = None  # the latest of the KPI, if any
    reply: ReplyWait | None = None


@dataclass(frozen=True)
class ClaimAssessment:
    claim: Claim
    founded: bool
    made_on: date  # the claim's day in the agency's calendar
    reasons: tuple[Reason, ...]
    policy_version: int

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(reason.rule for reason in self.reasons)


@dataclass(frozen=True)
class ClientEconomics:
    """What the client is worth to the agency, in the agreement's currency.

    `expected_margin_12m` is the margin (revenue less the cost of the work) expected from the
    client over the next 12 months; `churn_risk` the chance, 0 to 1, that the client leaves
    within them if we do not give way. Their product, the **retention value**, is the margin
    a refusal is expected to cost: giving way is worth it while it costs less."""

    expected_margin_12m: Decimal
    churn_risk: Decimal
    hourly_rate: Decimal  # what an hour of our work for this client is worth
    currency: str
    typical_project_value: Decimal = Decimal(0)  # a usual project (or retainer month), billed

    def __post_init__(self):
        if not 0 <= self.churn_risk <= 1:
            raise ValueError("The churn risk is a chance from 0 to 1.")
        if self.hourly_rate < 0 or self.typical_project_value < 0:
            raise ValueError("A rate or a project value cannot be negative.")

    @property
    def retention_value(self) -> Decimal:
        return cents(self.expected_margin_12m * self.churn_risk)

    def work_cost(self, minutes: int) -> Decimal:
        return cents(Decimal(minutes) * self.hourly_rate / 60)


@dataclass(frozen=True)
class ClaimHistory:
    unfounded_on: tuple[date, ...] = ()  # the days of the client's earlier unfounded claims


@dataclass(frozen=True)
class Concession:
    outcome: str  # FIX_AND_ADMIT for a founded claim, else CONCEDE or REFUSE
    granted: bool  # the ask is granted (for a founded claim: the compensation, on top of the fix)
    review: bool  # the relationship is flagged for review
    cost: Decimal  # of granting the ask
    trivial_cost: Decimal  # the policy's trivial minutes at the client's rate
    retention_value: Decimal
    acquisition_cost: Decimal  # of a new client, in the agency's currency, shown beside it
    currency: str
    reasons: tuple[Reason, ...]  # the assessment's, then the concession's
    policy_version: int
    reply: str = ""  # the draft reply to the client, in the client's language

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(reason.rule for reason in self.reasons)
