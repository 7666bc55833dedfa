from datetime import date, datetime

from ninja import Field, Schema


class HealthScoreOut(Schema):
    id: int
    client_id: int
    client_name: str = Field(..., alias="client.name")
    month: date
    score: int
    band: str
    stage: str
    weakest: str
    empathy: int
    personalization: int
    honesty: int
    expectations: int
    difficulties: int
    balance: int
    computed_at: datetime


class HealthFigureOut(Schema):
    key: str
    score: int | None
    values: dict[str, str]
    text: str


class HealthPartOut(Schema):
    component: str
    score: int
    measured: bool = Field(..., description="False: no data this month, counted as neutral.")
    weight: int
    points: str = Field(..., description="The most the component can contribute.")
    contribution: int
    figures: list[HealthFigureOut]


class HealthTrendOut(Schema):
    month: date
    score: int
    band: str


class ClientHealthOut(Schema):
    client_id: int
    month: date
    score: int
    band: str
    stage: str
    policy_version: int
    weakest: str
    computed_at: datetime
    parts: list[HealthPartOut]
    pulled_down: list[str]
    trend: list[HealthTrendOut] = Field(..., description="Stored scores of the last twelve "
                                                         "months, the oldest first.")
    open_task_id: int | None


class ManagerScorecardOut(Schema):
    manager_id: int | None
    manager_name: str | None
    month: date
    clients: int
    red: int
    health: float
    empathy: float
    personalization: float
    honesty: float
    expectations: float
    difficulties: float
    balance: float


class HealthRefreshIn(Schema):
    months: int = Field(1, ge=1, le=24, description="The last N months, the oldest first.")


class HealthRefreshOut(Schema):
    months: int
    scores: int
