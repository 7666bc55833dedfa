"""Writes for notifications: `notify`, which every capability calls, reading and preferences.

`notify` tells a member once per kind and subject (a unique key settles two checks running at
the same moment). It honours the member's preference for the kind: a notice they turned off in
the app is still recorded, hidden, so that it is neither shown later nor sent twice; one they
turned off by e-mail gets no e-mail. The e-mail goes after commit, at once inside the agency's
working hours, otherwise queued for the start of the next working window — on a task backend
that can wait (the database one); the immediate backend of the demo and tests cannot, and sends
at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from retainer.accounts.models import Agency, User
from retainer.core.calendar import business_calendar
from retainer.notifications.delivery import email_send_at
from retainer.notifications.models import Notification, NotificationKind, NotificationPreference
from retainer.notifications.selectors import (
    Preference,
    notification_preference,
    notification_preferences,
)
from retainer.notifications.tasks import notification_email


def notify(*, agency: Agency, user: User, kind: str, subject_key: str, params: dict,
           url: str = "", now: datetime | None = None) -> Notification | None:
    """Notify `user` once about `subject_key`, as they chose for `kind`: in the app at once,
    by e-mail after commit within working hours (`now`, the moment of the news, decides when).
    Returns None when they were already notified of it."""
    now = now or timezone.now()
    preference = notification_preference(agency=agency, user=user, kind=kind)
    email_after = email_send_at(business_calendar(agency), now) if preference.email else None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                agency=agency, user=user, kind=kind, subject_key=subject_key, params=params,
                url=url, in_app=preference.in_app, email_after=email_after,
            )
    except IntegrityError:  # already notified, perhaps by a check running at the same time
        return None
    if email_after is not None:
        transaction.on_commit(lambda: notification_email_enqueue(notification))
    return notification


def notification_email_enqueue(notification: Notification) -> None:
    task = notification_email
    if notification.email_after > timezone.now() and task.get_backend().supports_defer:
        task = task.using(run_after=notification.email_after)
    task.enqueue(notification.pk)


@transaction.atomic
def notifications_read(*, agency: Agency, user: User, now: datetime,
                       ids: Iterable[int] | None = None) -> int:
    """Mark the member's unread notices read: those of `ids`, or all. Returns how many."""
    unread = Notification.objects.for_agency(agency).filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=now)


@transaction.atomic
def notification_preferences_set(*, agency: Agency, user: User,
                                 choices: dict[str, dict[str, bool]]) -> list[Preference]:
    """Store the member's choice per kind: `{kind: {"in_app": bool, "email": bool}}`; a way
    left out keeps its current choice. An unknown kind is refused and nothing is stored."""
    unknown = sorted(set(choices) - set(NotificationKind.values))
    if unknown:
        raise ValidationError(_("Unknown kind of notification: %(kinds)s.")
                              % {"kinds": ", ".join(unknown)})
    current = {p.kind: p for p in notification_preferences(agency=agency, user=user)}
    rows = [
        NotificationPreference(
            agency=agency, user=user, kind=kind,
            in_app=choice.get("in_app", current[kind].in_app),
            by_email=choice.get("email", current[kind].email),
        )
        for kind, choice in choices.items()
    ]
    NotificationPreference.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["agency", "user", "kind"],
        update_fields=["in_app", "by_email"])
    return notification_preferences(agency=agency, user=user)
