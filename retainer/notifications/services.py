from __future__ import annotations

from django.db import IntegrityError, transaction

from retainer.accounts.models import Agency, User
from retainer.notifications.models import Notification
from retainer.notifications.tasks import notification_email


def notify(*, agency: Agency, user: User, kind: str, subject_key: str, params: dict,
           url: str = "") -> Notification | None:
    """Notify `user` once about `subject_key`: in the app at once, by e-mail after commit.
    Returns None when they were already notified of it."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                agency=agency, user=user, kind=kind, subject_key=subject_key, params=params,
                url=url,
            )
    except IntegrityError:  # already notified, perhaps by a check running at the same time
        return None
    transaction.on_commit(lambda: notification_email.enqueue(notification.pk))
    return notification


@transaction.atomic
def notifications_read(*, agency: Agency, user: User, now) -> int:
    return Notification.objects.for_agency(agency).filter(user=user, read_at__isnull=True).update(
        read_at=now
    )
