from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


class WeakSpotOut(Schema):
    code: str
    params: dict[str, int | str]
    text: str = Field(..., description="The weak spot in words, in the client's language.")


class DeliveryRowOut(Schema):
    title: str
    agreement: str
    due: date
    done: date | None = Field(..., description="Delivered by the month's end, if it was.")
    status: str
    due_in_month: bool
    days_late: int


class DeliveryOut(Schema):
    planned: int
    delivered: int
    on_time: int
    late: int
    not_delivered: int
    rows: list[DeliveryRowOut]


class RepliesOut(Schema):
    messages: int
    answered: int
    median_minutes: int | None = Field(..., description="Business minutes.")
    worst_minutes: int | None = Field(..., description="Business minutes.")
    target_minutes: int
    breaches: int
    unanswered_breaches: int


class KpiOut(Schema):
    name: str
    unit: str
    target: Decimal
    tolerance_pct: Decimal
    direction: str
    actual: Decimal | None
    measured_on: date | None
    missed: bool


class HoursOut(Schema):
    label: str
    planned: Decimal
    used: Decimal
    retainer: bool
    over: bool


class BudgetOut(Schema):
    label: str
    budget: Decimal
    spent: Decimal
    over: bool


class RegisterEntryOut(Schema):
    id: int
    agreement_id: int
    kind: str
    subject: str
    before: str
    after: str
    agreed_at: datetime
    is_bonus: bool
    communicated: bool


class RequestCostsOut(Schema):
    paid: int
    paid_amount: Decimal
    shifted: int
    shift_days: int


class RatingOut(Schema):
    title: str
    score: int
    comment: str
    low: bool


class MonthlyReportOut(Schema):
    client_id: int
    month: str = Field(..., description="YYYY-MM")
    language: str
    currency: str
    running: bool = Field(..., description="The month is not over: the figures are so far.")
    before_client: bool = Field(..., description="The month ended before the client was ours.")
    agreements: list[str]
    weak_spots: list[WeakSpotOut]
    delivery: DeliveryOut
    replies: RepliesOut
    kpis: list[KpiOut]
    hours: list[HoursOut]
    budgets: list[BudgetOut]
    register_entries: list[RegisterEntryOut] = Field(
        ..., description="The discrepancy register's entries agreed in the month.")
    requests: RequestCostsOut
    ratings: list[RatingOut]
    founded_claims: int
    policy_version: int
