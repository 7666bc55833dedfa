from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


class MonthCountOut(Schema):
    month: date = Field(..., description="The month's first day.")
    count: int


class HealthMonthOut(Schema):
    month: date
    average: int | None = Field(..., description="Null when no client was scored that month.")
    scored: int


class HealthOut(Schema):
    month: date | None = Field(..., description="The latest month with scores.")
    green: int
    amber: int
    red: int
    not_scored: int = Field(..., description="Clients (not ended) without a score that month.")
    trend: list[HealthMonthOut]


class StageOut(Schema):
    stage: str
    clients: int


class BreachesOut(Schema):
    this_month: int
    months: list[MonthCountOut]


class ConcessionMonthOut(Schema):
    month: date
    cost: Decimal
    count: int


class ConcessionsOut(Schema):
    this_month: Decimal
    this_month_count: int
    acquisition_cost: Decimal = Field(..., description="Tender cost ÷ win rate, from the "
                                                       "policy.")
    months: list[ConcessionMonthOut]


class BurnerOut(Schema):
    period_id: int
    agreement_id: int
    agreement_title: str
    client_id: int
    client_name: str
    used_hours: Decimal
    available_hours: Decimal
    burn_pct: int


class BurnOut(Schema):
    periods: int
    first_alert_pct: int
    second_alert_pct: int
    past_first: int
    past_second: int
    top: list[BurnerOut]


class AttentionItemOut(Schema):
    id: int
    client_id: int
    client: str
    summary: str


class AttentionSectionOut(Schema):
    name: str
    count: int
    first: list[AttentionItemOut] = Field(..., description="The first few of the section.")


class ManagerOut(Schema):
    manager_id: int | None = Field(..., description="Null for the clients nobody manages.")
    name: str
    clients: int
    red: int
    breaches_this_month: int


class DashboardOut(Schema):
    who: str
    manager_id: int | None
    today: date
    as_of: datetime = Field(..., description="When the figures were computed: they are kept "
                                             "for a minute (DASHBOARD_CACHE_SECONDS).")
    currency: str
    clients: int
    health: HealthOut
    stages: list[StageOut]
    breaches: BreachesOut
    concessions: ConcessionsOut
    burn: BurnOut
    attention: list[AttentionSectionOut]
    managers: list[ManagerOut] = Field(..., description="Per manager, for the owner's view "
                                                        "of the whole agency.")
