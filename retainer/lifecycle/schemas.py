from datetime import date, datetime

from ninja import Field, Schema


class StageSetIn(Schema):
    stage: str = Field(..., description="courtship, sale, honeymoon, storm, normalization, "
                                        "support or ended")
    reason: str = Field(..., description="Why the stage changes.")
    effective_on: date | None = Field(None, description="The day the stage began; today if "
                                                        "omitted.")


class SuggestionAcceptIn(Schema):
    note: str = ""


class StageSuggestionOut(Schema):
    id: int
    client_id: int
    from_stage: str
    stage: str
    trust: str = Field(..., description="calculated or established, in the suggested stage")
    reason_code: str
    reason_params: dict[str, str]
    reason: str = Field(..., description="The reason in the reader's language.")
    event_on: date
    policy_version: int
    suggested_at: datetime
    decided_at: datetime | None
    decided_by_id: int | None
    accepted: bool | None


class StageChangeOut(Schema):
    id: int
    client_id: int
    from_stage: str
    to_stage: str
    effective_on: date
    changed_at: datetime
    changed_by_id: int | None
    reason: str
    suggestion_id: int | None


class ClientLifecycleOut(Schema):
    client_id: int
    stage: str
    trust: str = Field(..., description="calculated before normalization, established after")
    since: date | None = Field(..., description="The day the current stage began, when "
                                                "recorded.")
    pending: StageSuggestionOut | None
    history: list[StageChangeOut] = Field(..., description="The latest changes first.")
    last_contact_on: date | None
    contact_due_on: date | None = Field(..., description="The next keep-in-touch, for a past "
                                                         "client.")


class KeepInTouchOut(Schema):
    client_id: int
    name: str
    stage: str
    account_manager_id: int | None
    last_contact_on: date | None
    contact_due_on: date
