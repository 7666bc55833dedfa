from datetime import date, datetime

from ninja import Field, Schema

from retainer.core.api import Id


class TouchpointIn(Schema):
    client: Id
    kind: str = Field("status", description="status or retrospective")
    deliverable: Id | None = Field(None, description="A retrospective's milestone: an "
                                                     "approved deliverable of the client.")
    held_on: date
    notes: str = Field(..., description="What was discussed.")
    feedback_requested: bool = False
    feedback: str = Field("", description="What the client said about our work.")


class TouchpointPatch(Schema):
    held_on: date | None = None
    notes: str | None = None
    feedback_requested: bool | None = None
    feedback: str | None = Field(None, description="The feedback, often received later.")


class TouchpointOut(Schema):
    id: int
    client_id: int
    kind: str
    deliverable_id: int | None
    held_on: date
    held_by_id: int | None
    notes: str
    feedback_requested: bool
    feedback: str
    created_at: datetime


class MissedStatusOut(Schema):
    client_id: int = Field(..., alias="pk")
    client: str = Field(..., alias="name")
    account_manager_id: int | None
    cadence_days: int
    last_status_on: date | None
    status_due_on: date


class MissedRetrospectiveOut(Schema):
    deliverable_id: int = Field(..., alias="pk")
    title: str
    agreement_id: int
    client_id: int = Field(..., alias="agreement.client_id")
    client: str = Field(..., alias="agreement.client.name")
    actual_done: date
