
from datetime import datetime

from ninja import Field, Schema

from retainer.conversations.models import TEXT_MAX_CHARS
from retainer.core.api import Id


class InteractionOut(Schema):
    id: int
    client_id: int
    channel: str
    direction: str
    author_id: int | None
    contact_id: int | None
    occurred_at: datetime
    text: str
    thread: str
    source: str
    external_id: str


class InteractionIn(Schema):
    client: Id
    channel: str
    direction: str
    occurred_at: datetime
    text: str = Field(max_length=TEXT_MAX_CHARS)
    contact: Id | None = None
    author: Id | None = None
    thread: str = ""


class InteractionPatch(Schema):
    channel: str | None = None
    direction: str | None = None
    occurred_at: datetime | None = None
    text: str | None = Field(None, max_length=TEXT_MAX_CHARS)
    contact: Id | None = None
    author: Id | None = None
    thread: str | None = None
