from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from retainer.core.api import Id


class ContributionOut(Schema):
    signal: str
    observed: str = Field(..., description="The mean negativity, yes/no, or minutes of silence.")
    weight: int
    points: Decimal


class DissatisfactionOut(Schema):
    client_id: int
    group: str = Field(..., description="A, B or C; empty when the client is content.")
    score: Decimal
    contributions: list[ContributionOut]
    reasons: list[dict[str, Any]]
    policy_version: int
    assessed_at: datetime
    assessed_by_id: int | None


class UnhappyOut(Schema):
    client_id: int
    client_name: str
    group: str
    score: Decimal
    assessed_at: datetime
    planned: bool = Field(..., description="A recovery plan is in progress.")

    @staticmethod
    def resolve_client_name(obj) -> str:
        return obj.client.name


class StepOut(Schema):
    id: int
    action: str
    strategy: str
    position: int
    work_min: int
    cost: Decimal
    owner_id: int | None
    due_on: date | None
    done_at: datetime | None
    done_by_id: int | None
    note: str


class PlanOut(Schema):
    id: int
    client_id: int
    group: str
    strategies: list[str]
    status: str
    score: Decimal
    total_cost: Decimal
    start_over_cost: Decimal
    promising: bool
    currency: str
    reasons: list[dict[str, Any]]
    policy_version: int
    faulty_work_min: int
    our_fault: bool
    created_by_id: int | None
    created_at: datetime
    closed_at: datetime | None
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.all())


class PlanIn(Schema):
    faulty_work_min: int = Field(0, description="Work to redo at our cost, minutes.")
    our_fault: bool = False


class StepPatch(Schema):
    done: bool | None = None
    owner: Id | None = Field(None, description="A member of the agency (user id).")
    due_on: date | None = None
    cost: Decimal | None = None
    note: str | None = None
