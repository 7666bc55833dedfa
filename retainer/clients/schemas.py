
from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from retainer.clients.models import AcquisitionChannel, Expertise, Language, Segment, Stage
from retainer.core.api import Id


class ClientOut(Schema):
    id: int
    name: str
    language: Language
    expertise: Expertise
    segment: Segment
    industry: str
    acquisition_channel: AcquisitionChannel
    acquisition_cost: Decimal
    expected_annual_value: Decimal
    stage: Stage
    account_manager_id: int | None
    notes: str
    status_cadence_days: int | None
    keep_in_touch_days: int | None
    created_at: datetime
    updated_at: datetime


class ClientIn(Schema):
    name: str = Field(max_length=200)
    language: str
    expertise: str = Expertise.KNOWLEDGEABLE
    segment: str = Segment.SMALL_BUSINESS
    industry: str = ""
    acquisition_channel: str = AcquisitionChannel.REFERRAL
    acquisition_cost: Decimal = Decimal(0)
    expected_annual_value: Decimal = Decimal(0)
    stage: str = Stage.COURTSHIP
    account_manager: Id | None = None
    notes: str = ""
    status_cadence_days: int | None = None
    keep_in_touch_days: int | None = None


class ClientPatch(Schema):
    name: str | None = None
    language: str | None = None
    expertise: str | None = None
    segment: str | None = None
    industry: str | None = None
    acquisition_channel: str | None = None
    acquisition_cost: Decimal | None = None
    expected_annual_value: Decimal | None = None
    stage: str | None = None
    account_manager: Id | None = None
    notes: str | None = None
    status_cadence_days: int | None = None
    keep_in_touch_days: int | None = None


class ContactOut(Schema):
    id: int
    client_id: int
    name: str
    position: str
    motivation: str
    email: str
    phone: str
    telegram: str
    is_decision_maker: bool


class ContactIn(Schema):
    client: Id
    name: str
    position: str = ""
    motivation: str = ""
    email: str = ""
    phone: str = ""
    telegram: str = ""
    is_decision_maker: bool = False


class ContactPatch(Schema):
    name: str | None = None
    position: str | None = None
    motivation: str | None = None
    email: str | None = None
    phone: str | None = None
    telegram: str | None = None
    is_decision_maker: bool | None = None
