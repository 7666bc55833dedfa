from datetime import date, datetime

from ninja import Field, Schema

from retainer.core.api import Id


class AuditFilter(Schema):
    kind: str | None = Field(None, description="decision, concession, claim, agreement, "
                                               "deliverable, kpi, member or policy")
    actor: Id | None = Field(None, description="The id of the member who acted.")
    since: date | None = Field(None, description="From this day, in the agency's time zone.")
    until: date | None = Field(None, description="Up to and including this day.")


class AuditEntryOut(Schema):
    at: datetime
    actor_id: int | None = Field(..., description="Empty for what the system did itself.")
    actor: str
    action: str = Field(..., description="+ created, ~ changed, - deleted")
    action_label: str = Field(..., description="In the caller's language.")
    kind: str
    kind_label: str
    object_id: int
    title: str
    client: str
    detail: str = Field(..., description="The object's state after the change: a decision's "
                                         "or concession's outcome, a member's role, a status.")
    reason: str = Field(..., description="An override's reason or a policy change's note.")
    changed: list[str] = Field(..., description="The fields a change touched.")
    url: str
