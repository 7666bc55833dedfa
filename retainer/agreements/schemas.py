
from datetime import date, time
from decimal import Decimal

from ninja import Schema

from retainer.core.api import Id


class AgreementOut(Schema):
    id: int
    client_id: int
    title: str
    kind: str
    status: str
    starts_on: date
    ends_on: date | None
    not_promised: list[str]
    channels: list[str]
    call_hours_from: time | None
    call_hours_to: time | None
    response_target_hours: Decimal
    revision_rounds: int
    free_change_threshold_min: int
    monthly_free_budget_min: int
    hourly_rate: Decimal
    budget: Decimal | None
    daily_capacity_hours: Decimal
    kickoff_checklist: list[str]
    included_hours: Decimal | None
    period_months: int
    carry_over: str


class AgreementIn(Schema):
    """Terms left out take the agency policy's defaults."""

    client: Id
    title: str
    kind: str = "project"
    status: str = "active"
    starts_on: date
    ends_on: date | None = None
    not_promised: list[str] = []
    channels: list[str] = []
    call_hours_from: time | None = None
    call_hours_to: time | None = None
    response_target_hours: Decimal | None = None
    revision_rounds: int | None = None
    free_change_threshold_min: int | None = None
    monthly_free_budget_min: int | None = None
    hourly_rate: Decimal
    budget: Decimal | None = None
    daily_capacity_hours: Decimal | None = None
    kickoff_checklist: list[str] = []
    included_hours: Decimal | None = None
    period_months: int | None = None
    carry_over: str = "none"


class AgreementPatch(Schema):
    title: str | None = None
    kind: str | None = None
    status: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    not_promised: list[str] | None = None
    channels: list[str] | None = None
    call_hours_from: time | None = None
    call_hours_to: time | None = None
    response_target_hours: Decimal | None = None
    revision_rounds: int | None = None
    free_change_threshold_min: int | None = None
    monthly_free_budget_min: int | None = None
    hourly_rate: Decimal | None = None
    budget: Decimal | None = None
    daily_capacity_hours: Decimal | None = None
    kickoff_checklist: list[str] | None = None
    included_hours: Decimal | None = None
    period_months: int | None = None
    carry_over: str | None = None


class DeliverableOut(Schema):
    id: int
    agreement_id: int
    title: str
    estimate_hours: Decimal
    actual_hours: Decimal | None
    planned_start: date | None
    planned_due: date
    actual_done: date | None
    status: str
    approval_iterations: int
    clarifications: int


class DeliverableIn(Schema):
    agreement: Id
    title: str
    estimate_hours: Decimal
    actual_hours: Decimal | None = None
    planned_start: date | None = None
    planned_due: date
    actual_done: date | None = None
    status: str = "planned"
    approval_iterations: int = 0
    clarifications: int = 0


class DeliverablePatch(Schema):
    title: str | None = None
    estimate_hours: Decimal | None = None
    actual_hours: Decimal | None = None
    planned_start: date | None = None
    planned_due: date | None = None
    actual_done: date | None = None
    status: str | None = None
    approval_iterations: int | None = None
    clarifications: int | None = None
