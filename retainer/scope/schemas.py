
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from retainer.core.api import Id


class RequestIn(Schema):
    client: Id
    agreement: Id | None = Field(None, description="The client's current agreement if omitted.")
    deliverable: Id | None = None
    kind: str = Field("change", description="new_work, change or revision")
    title: str
    details: str = ""
    estimate_min: int = Field(..., ge=0)
    source: Id | None = Field(None, description="The inbound message it comes from.")


class DecisionOut(Schema):
    id: int
    request_id: int
    outcome: str
    computed_outcome: str
    classification: str
    reasons: list[dict[str, Any]]
    policy_version: int
    price: Decimal | None
    currency: str
    shift_days: int | None
    shifts: list[dict[str, Any]]
    free_minutes_charged: int
    budget_period: date
    renegotiate: bool
    reply: str
    reply_sent_at: datetime | None
    override_reason: str
    decided_by_id: int | None
    decided_at: datetime
    answer: str
    answered_at: datetime | None


class RequestOut(Schema):
    id: int
    client_id: int
    agreement_id: int
    deliverable_id: int | None
    kind: str
    title: str
    details: str
    estimate_min: int
    source_id: int | None
    created_by_id: int | None
    created_at: datetime
    decision: DecisionOut | None = None

    @staticmethod
    def resolve_decision(obj) -> Any:
        return getattr(obj, "decision", None)


class OverrideIn(Schema):
    outcome: str
    reason: str


class AnswerIn(Schema):
    answer: str = Field(..., description="pay, shift or defer")
    agreed_by: Id | None = Field(None, description="The client's contact who agreed.")
    agreed_by_name: str = ""
    agreed_at: datetime | None = None


class DiscrepancyOut(Schema):
    id: int
    agreement_id: int
    client_id: int
    kind: str
    subject: str
    before: str
    after: str
    agreed_by_id: int | None
    agreed_by_name: str
    agreed_at: datetime
    request_id: int | None
    deliverable_id: int | None
    is_bonus: bool
    communicated: bool
    recorded_at: datetime
