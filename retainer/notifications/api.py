"""The caller's own notifications and notification preferences over the API."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from retainer.accounts.roles import Perm
from retainer.core.api import ERRORS, LazyItems, Pagination
from retainer.core.permissions import authorize
from retainer.notifications.schemas import (
    NotificationOut,
    NotificationsReadIn,
    NotificationsReadOut,
    PreferencesIn,
    PreferencesOut,
)
from retainer.notifications.selectors import notification_list, notification_preferences
from retainer.notifications.services import notification_preferences_set, notifications_read
from retainer.notifications.texts import describe

notifications_router = Router(tags=["notifications"])


class NotificationFilter(Schema):
    unread: bool = False


def _with_text(notifications: list) -> list[dict]:
    rows = []
    for notification in notifications:
        title, body = describe(notification)
        rows.append({"id": notification.pk, "kind": notification.kind,
                     "subject_key": notification.subject_key, "title": title, "body": body,
                     "url": notification.url, "params": notification.params,
                     "created_at": notification.created_at, "read_at": notification.read_at,
                     "email_after": notification.email_after,
                     "emailed_at": notification.emailed_at})
    return rows


@notifications_router.get("", response={200: list[NotificationOut], **ERRORS})
@paginate(Pagination)
def list_notifications(request: HttpRequest, filters: Query[NotificationFilter]):
    """The caller's notifications shown in the app, the newest first, each with its title
    and text in the caller's language; `unread=true` for the unread ones only."""
    authorize(request, Perm.VIEW)
    return LazyItems(notification_list(agency=request.agency, user=request.user,
                                       unread=filters.unread), _with_text)


@notifications_router.post("/read", response={200: NotificationsReadOut, **ERRORS})
def read_notifications(request: HttpRequest, payload: NotificationsReadIn):
    """Mark the caller's notifications read: those listed, or every unread one."""
    authorize(request, Perm.VIEW)
    return {"read": notifications_read(agency=request.agency, user=request.user,
                                       now=timezone.now(), ids=payload.ids)}


def _preferences(request: HttpRequest) -> dict:
    return {"items": [{"kind": p.kind, "label": p.label, "in_app": p.in_app, "email": p.email}
                      for p in notification_preferences(agency=request.agency,
                                                        user=request.user)]}


@notifications_router.get("/preferences", response={200: PreferencesOut, **ERRORS})
def get_notification_preferences(request: HttpRequest):
    """For every kind of notification, whether the caller sees it in the app and gets it by
    e-mail (both, unless they chose otherwise)."""
    authorize(request, Perm.VIEW)
    return _preferences(request)


@notifications_router.patch("/preferences", response={200: PreferencesOut, **ERRORS})
def update_notification_preferences(request: HttpRequest, payload: PreferencesIn):
    """Change the caller's choice for the kinds listed; the others keep theirs. An unknown
    kind is refused (422) and nothing is changed."""
    authorize(request, Perm.VIEW)
    choices = {item.kind: {way: value for way, value in
                           (("in_app", item.in_app), ("email", item.email)) if value is not None}
               for item in payload.items}
    notification_preferences_set(agency=request.agency, user=request.user, choices=choices)
    return _preferences(request)
