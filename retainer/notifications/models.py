"""Notifications ("bad news must fly", BRIEF C11): one mechanism for the notices in the app
and by e-mail. A notification stores what it is about (kind and parameters), not finished
text, so it reads in whoever's language opens it. Each member chooses per kind whether to see
it in the app and whether to get it by e-mail; e-mails go out in the agency's working hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.core.tenancy import TenantModel


class NotificationKind(models.TextChoices):
    REPLY_NEAR = "reply_near", _("a reply is nearly due")
    REPLY_BREACHED = "reply_breached", _("a reply is overdue")
    BURN_ALERT = "burn_alert", _("retainer hours are running out")
    ESCALATION = "escalation", _("an unhappy client waits past the target")
    HEALTH_RED = "health_red", _("a client's health turned red")
    KEEP_IN_TOUCH = "keep_in_touch", _("time to get in touch with a past client")


class Notification(TenantModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    # What it is about ("interaction:42"): one notification per user, kind and subject.
    subject_key = models.CharField(max_length=100)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Kept, though hidden, when the reader turned the kind off in the app: the row is what
    # tells them once per subject, whichever way they are told.
    in_app = models.BooleanField(_("shown in the app"), default=True)
    # When the e-mail may go out (now, or the start of the next working window); empty when
    # the reader does not want this kind by e-mail.
    email_after = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "subject_key"],
                                    name="notification_once_per_subject"),
        ]
        indexes = [
            models.Index(fields=["agency", "user", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_key}"


class NotificationPreference(TenantModel):
    """How a member wants one kind of notice; without a row, both ways (the default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["agency", "user", "kind"],
                                    name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
