from __future__ import annotations

from django.db.models import QuerySet

from retainer.accounts.models import Agency, User
from retainer.notifications.models import Notification


def notification_list(*, agency: Agency, user: User) -> QuerySet[Notification]:
    return Notification.objects.for_agency(agency).filter(user=user).order_by("-created_at", "-id")


def unread_count(*, agency: Agency, user: User) -> int:
    return notification_list(agency=agency, user=user).filter(read_at__isnull=True).count()
