from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from retainer.core.api import Id


class ClaimIn(Schema):
    client: Id
    agreement: Id | None = Field(None, description="The client's current agreement if omitted.")
    target: str = Field("nothing", description="deliverable, kpi, communication, not_promised "
                                               "or nothing")
    deliverable: Id | None = Field(None, description="For a claim about a deliverable.")
    kpi: Id | None = Field(None, description="For a claim about a promised KPI.")
    message: Id | None = Field(None, description="For a claim about our reply: the client's "
                                                 "message that waited.")
    result: str = Field("", description="For a claim about a result the agreement lists as "
                                        "not promised.")
    words: str = Field(..., description="What the client said.")
    ask: str = Field("", description="What the client asks for, in a few words.")
    asked_min: int = Field(0, ge=0, description="Minutes of work granting it takes.")
    asked_amount: Decimal = Field(Decimal(0), ge=0, description="Money it asks for.")
    made_at: datetime | None = Field(None, description="The source message's time, or now, "
                                                       "if omitted.")
    source: Id | None = Field(None, description="The inbound message it comes from.")


class ConcessionOut(Schema):
    id: int
    claim_id: int
    founded: bool
    outcome: str
    computed_outcome: str
    granted: bool
    computed_granted: bool
    review: bool
    cost: Decimal
    trivial_cost: Decimal
    retention_value: Decimal
    acquisition_cost: Decimal
    currency: str
    reasons: list[dict[str, Any]]
    policy_version: int
    inputs: dict[str, Any]
    reply: str
    reply_sent_at: datetime | None
    task_id: int | None
    override_reason: str
    overridden_by_id: int | None
    overridden_at: datetime | None
    decided_by_id: int | None
    decided_at: datetime


class ClaimOut(Schema):
    id: int
    client_id: int
    agreement_id: int
    target: str
    deliverable_id: int | None
    kpi_id: int | None
    message_id: int | None
    result: str
    words: str
    ask: str
    asked_min: int
    asked_amount: Decimal
    made_at: datetime
    source_id: int | None
    created_by_id: int | None
    created_at: datetime
    concession: ConcessionOut | None = None

    @staticmethod
    def resolve_concession(obj) -> Any:
        return getattr(obj, "concession", None)


class ClaimOverrideIn(Schema):
    decision: str = Field(..., description="grant or refuse what the client asks")
    reason: str = Field(..., description="Why the rules' outcome does not fit (10 characters "
                                         "or more).")


class ClaimReplyIn(Schema):
    reply: str | None = Field(None, description="The edited reply; the saved one if omitted.")
    send: bool = Field(False, description="Log the reply as sent (by e-mail, it is sent).")
    channel: str = "email"
    contact: Id | None = Field(None, description="The client's contact it goes to.")
