from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from retainer.core.api import Id


class ProspectIn(Schema):
    company: str
    language: str = Field(..., description="ru, uk or en")
    name: str = Field("", description="What they ask for, in a few words.")
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    segment: str = Field("", description="small_business, mid_market, enterprise, startup, "
                                         "nonprofit; empty when not known")
    budget: Decimal | None = Field(None, description="Annual budget in the agency's currency.")
    industry: str = ""
    decision_days: int | None = Field(None, description="Days they usually take to decide.")
    region: str = ""
    source: str = Field("", description="referral, tender, inbound, outbound, repeat, other")
    decision_maker: bool | None = Field(None, description="We speak with the person who "
                                                          "decides; null when not known.")
    notes: str = ""


class ProspectPatch(Schema):
    company: str | None = None
    language: str | None = None
    name: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    segment: str | None = None
    budget: Decimal | None = None
    industry: str | None = None
    decision_days: int | None = None
    region: str | None = None
    source: str | None = None
    decision_maker: bool | None = None
    notes: str | None = None


class ReasonOut(Schema):
    rule: str
    figures: dict[str, str]


class ContributionOut(Schema):
    attribute: str
    weight: int
    points: int
    reason: ReasonOut


class ProspectOut(Schema):
    id: int
    company: str
    name: str
    contact_name: str
    contact_email: str
    contact_phone: str
    language: str
    segment: str
    budget: Decimal | None
    industry: str
    decision_days: int | None
    region: str
    source: str
    decision_maker: bool | None
    notes: str
    created_by_id: int | None
    created_at: datetime
    score: int
    portrait_version: int
    decision: str
    decision_reason: str
    decided_by_id: int | None
    decided_at: datetime | None
    decided_score: int | None
    client_id: int | None
    converted_at: datetime | None


class ProspectDetailOut(ProspectOut):
    contributions: list[ContributionOut]


class DecisionIn(Schema):
    decision: str = Field(..., description="interesting or not_interesting")
    reason: str = Field("", description="Needed to turn a prospect down and to change a "
                                        "decision.")


class ConvertIn(Schema):
    account_manager: Id | None = Field(None, description="The member (user id) who takes "
                                                         "the new client over.")


class ConvertedOut(ProspectOut):
    agreement_id: int


class CriterionIn(Schema):
    attribute: str = Field(..., description="segment, budget, industry, decision_days, "
                                            "region, source, language or decision_maker")
    weight: int = Field(..., description="1–100; each criterion is worth its weight's share "
                                         "of the score's 100.")
    values: list[str] | None = Field(None, description="segment, industry, region, source, "
                                                       "language: the values that are ours")
    low: Decimal | None = Field(None, description="budget, decision_days: the range's low end")
    high: Decimal | None = Field(None, description="budget, decision_days: its high end")
    partial_within: Decimal | None = Field(
        None, description="budget, decision_days: how far outside the range a value still "
                          "counts in part, fading to nothing")
    expected: bool | None = Field(None, description="decision_maker: the answer that is ours")


class PortraitIn(Schema):
    criteria: list[CriterionIn]
    note: str = Field("", description="Why the portrait changes.")


class CriterionOut(Schema):
    attribute: str
    weight: int
    values: list[str] | None = None
    low: str | None = None
    high: str | None = None
    partial_within: str | None = None
    expected: bool | None = None


class PortraitOut(Schema):
    version: int
    changed_at: datetime
    changed_by_id: int | None
    note: str
    count: int
    items: list[CriterionOut] = Field(..., description="The criteria, in their order.")


class SalesPlanIn(Schema):
    starts_on: date
    ends_on: date
    clients_planned: int = Field(..., description="New clients planned in the period.")
    value_planned: Decimal = Field(..., description="Their annual value planned.")
    note: str = ""


class SalesPlanPatch(Schema):
    starts_on: date | None = None
    ends_on: date | None = None
    clients_planned: int | None = None
    value_planned: Decimal | None = None
    note: str | None = None


class SalesPlanOut(Schema):
    id: int
    starts_on: date
    ends_on: date
    clients_planned: int
    value_planned: Decimal
    note: str


class PlanProgressOut(Schema):
    plan: SalesPlanOut
    clients_won: int
    value_won: Decimal
    decided: int
    turned_down: int
    rejection_rate: int | None = Field(..., description="Not interesting ÷ decided in the "
                                                        "period, whole percent.")
    clients_pct: int | None
    value_pct: int | None
    filter_too_strict: bool = Field(..., description="The plan is behind while the "
                                                     "rejection rate exceeds the policy's.")
