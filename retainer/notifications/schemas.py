from datetime import datetime

from ninja import Field, Schema

from retainer.core.api import Id


class NotificationOut(Schema):
    id: int
    kind: str
    subject_key: str
    title: str = Field(..., description="In the caller's language.")
    body: str
    url: str
    params: dict
    created_at: datetime
    read_at: datetime | None
    email_after: datetime | None = Field(
        ..., description="When the e-mail goes out (the agency's working hours); empty when "
                         "the member does not want this kind by e-mail.")
    emailed_at: datetime | None


class NotificationsReadIn(Schema):
    ids: list[Id] | None = Field(None, description="The notifications to mark read; all "
                                                   "unread ones if omitted.")


class NotificationsReadOut(Schema):
    read: int


class PreferenceOut(Schema):
    kind: str
    label: str
    in_app: bool
    email: bool


class PreferencesOut(Schema):
    items: list[PreferenceOut]


class PreferenceIn(Schema):
    kind: str
    in_app: bool | None = Field(None, description="Show it in the app; unchanged if omitted.")
    email: bool | None = Field(None, description="Send it by e-mail; unchanged if omitted.")


class PreferencesIn(Schema):
    items: list[PreferenceIn] = Field(default_factory=list)
