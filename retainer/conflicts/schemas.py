from datetime import datetime

from ninja import Field, Schema

from retainer.core.api import Id


class ConflictCaseIn(Schema):
    client: Id
    title: str
    nature: str = Field("", description="emotion, work or person; empty until clear")
    summary: str = Field(..., description="The substance for the team, without the emotion.")
    source: Id | None = Field(None, description="The client's message it started from.")


class ConflictStepIn(Schema):
    note: str
    step: str | None = Field(None, description="The step expected to be next (listen, analyse, "
                                               "propose, solve); refused if it is not.")
    at: datetime | None = Field(None, description="When it happened; now if omitted.")


class ConflictCloseIn(Schema):
    solution: str
    at: datetime | None = Field(None, description="When the problem was solved; now if "
                                                  "omitted.")


class ConflictHandoverIn(Schema):
    to_manager: Id = Field(..., description="The member (user id) who takes the case over.")
    reason: str


class ConflictStepOut(Schema):
    id: int
    step: str
    note: str
    at: datetime
    recorded_by_id: int | None


class ConflictHandoverOut(Schema):
    id: int
    from_manager_id: int | None
    to_manager_id: int | None
    reason: str
    handed_at: datetime
    handed_by_id: int | None


class ConflictSuggestionOut(Schema):
    id: str
    figures: dict[str, str]
    policy_version: int
    due: datetime | None


class ConflictCaseOut(Schema):
    id: int
    client_id: int
    title: str
    nature: str
    summary: str
    source_id: int | None
    opened_at: datetime
    opened_by_id: int | None
    manager_id: int | None
    steps_done: int
    next_step: str | None
    escalated_at: datetime | None
    closed_at: datetime | None
    solution: str


class ConflictCaseDetailOut(ConflictCaseOut):
    steps: list[ConflictStepOut]
    handovers: list[ConflictHandoverOut]
    suggestions: list[ConflictSuggestionOut]
