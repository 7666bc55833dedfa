
from datetime import datetime

from ninja import Field, Schema

from retainer.conversations.models import TEXT_MAX_CHARS
from retainer.core.api import Id


class InteractionOut(Schema):
    id: int
    client_id: int
    channel: str
    direction: str
    kind: str
    author_id: int | None
    contact_id: int | None
    occurred_at: datetime
    text: str
    thread: str
    subject: str
    sender_name: str
    source: str
    external_id: str
    language: str
    negativity: float | None
    flags: list[str] = Field(alias="flag_list")
    triage: dict | None
    reply_due_at: datetime | None
    replied_at: datetime | None
    paused_since: datetime | None


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


class WaitingOut(Schema):
    interaction_id: int
    client_id: int
    client_name: str
    contact_name: str | None
    sender_name: str
    channel: str
    occurred_at: datetime
    text: str
    thread: str
    flags: list[str]
    negativity: float | None
    reply_due_at: datetime | None
    state: str = Field(description="on_time, near, breached, or paused (the thread waits for "
                                    "the client)")
    business_seconds_left: int | None = Field(
        description="Business time left until the reply is due; negative once breached."
    )


class ThreadIn(Schema):
    client: Id
    thread: str = Field("", max_length=200)


class ThreadOut(Schema):
    client_id: int
    thread: str = Field(alias="key")
    waiting_since: datetime | None
