from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from retainer.notifications.models import Notification, NotificationPreference
from retainer.notifications.texts import describe


@task()
def notification_email(notification_id: int) -> None:
    """Send one notification by e-mail, exactly once: the row is locked while sending and
    marked sent in the same transaction, so two workers never both send it. A notice queued
    for the morning is not sent if its reader has turned e-mails of its kind off meanwhile."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user", "agency")
            .filter(pk=notification_id, emailed_at__isnull=True, email_after__isnull=False)
            .first()
        )
        if notification is None:
            return
        if NotificationPreference.objects.filter(
                agency_id=notification.agency_id, user_id=notification.user_id,
                kind=notification.kind, by_email=False).exists():
            return
        user = notification.user
        with translation.override(user.language or settings.LANGUAGE_CODE), \
                timezone.override(notification.agency.timezone):
            title, body = describe(notification)
            link = settings.RETAINER_BASE_URL.rstrip("/") + notification.url
            EmailMessage(title, f"{body}\n\n{link}\n", None, [user.email],
                         headers={"Message-ID": message_id(notification)}).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


def message_id(notification: Notification) -> str:
    """One Message-ID per notification: should a worker die between handing the e-mail to
    the mail server and recording it sent, the copy sent again is recognisably the same
    message, which mail clients show once."""
    host = urlsplit(settings.RETAINER_BASE_URL).hostname or "localhost"
    return f"<notification-{notification.pk}@{host}>"
