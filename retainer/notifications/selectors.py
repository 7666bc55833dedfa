from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from retainer.accounts.models import Agency, User
from retainer.core.labels import label
from retainer.notifications.models import Notification, NotificationKind, NotificationPreference


def notification_list(*, agency: Agency, user: User, unread: bool = False
                      ) -> QuerySet[Notification]:
    """The member's notices shown in the app, the newest first (those of a kind they turned
    off in the app are kept but not shown)."""
    notifications = Notification.objects.for_agency(agency).filter(user=user, in_app=True)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def unread_count(*, agency: Agency, user: User) -> int:
    return notification_list(agency=agency, user=user, unread=True).count()


@dataclass(frozen=True)
class Preference:
    kind: str
    in_app: bool
    email: bool

    @property
    def label(self) -> str:
        return label(NotificationKind, self.kind)


def notification_preferences(*, agency: Agency, user: User) -> list[Preference]:
    """The member's choice for every kind of notice, the default (both ways) where they made
    none."""
    stored = {kind: (in_app, by_email) for kind, in_app, by_email in
              NotificationPreference.objects.for_agency(agency).filter(user=user)
              .values_list("kind", "in_app", "by_email")}
    return [Preference(kind, *stored.get(kind, (True, True))) for kind in NotificationKind.values]


def notification_preference(*, agency: Agency, user: User, kind: str) -> Preference:
    stored = (NotificationPreference.objects.for_agency(agency).filter(user=user, kind=kind)
              .values_list("in_app", "by_email").first())
    return Preference(kind, *(stored or (True, True)))
