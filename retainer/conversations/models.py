"""The interaction log (BRIEF C8): every e-mail, message, call and meeting with a client."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import Channel
from retainer.clients.models import Client, Contact
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel

TEXT_MAX_CHARS = 20_000


class Direction(models.TextChoices):
    INBOUND = "in", _("from the client")
    OUTBOUND = "out", _("to the client")


class Source(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    TELEGRAM = "telegram", _("Telegram import")
    EMAIL = "email", _("e-mail import")
    CSV = "csv", _("CSV import")
    API = "api", _("API")


class Kind(models.TextChoices):
    MESSAGE = "message", _("message")
    EVENT = "event", _("event")


class Interaction(TenantModel):
    """One message, call or meeting. Inbound messages also carry their reply clock (BRIEF C8):
    when the reply is due, when our reply came, and how much business time the clock stood
    still while the thread waited for the client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="interactions")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("our author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("client contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    occurred_at = models.DateTimeField(_("when"))
    text = models.TextField(_("text"), max_length=TEXT_MAX_CHARS)
    thread = models.CharField(_("thread"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    sender_name = models.CharField(_("sender as imported"), max_length=200, blank=True)
    in_reply_to = models.CharField(_("in reply to (external id)"), max_length=255, blank=True)
    forwarded_from = models.CharField(_("forwarded from"), max_length=200, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Triage (BRIEF C9), stored so the log can be filtered and badges drawn without re-analysis.
    language = models.CharField(_("language"), max_length=2, blank=True)
    negativity = models.FloatField(_("negativity"), null=True, blank=True)
    flags = models.CharField(_("flags"), max_length=100, blank=True)
    triage = models.JSONField(_("triage"), null=True, blank=True)

    # The reply clock of an inbound message.
    reply_target_seconds = models.PositiveIntegerField(_("reply target, business seconds"),
                                                       null=True, blank=True)
    reply_due_at = models.DateTimeField(_("reply due"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("paused, business seconds"), default=0)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)

    channel_label = ChoiceLabel("channel", Channel)
    direction_label = ChoiceLabel("direction", Direction)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            # Agency first: every query names both, and SQLite's planner, which has no
            # statistics, then never prefers the agency-wide index for one client's log.
            models.Index(fields=["agency", "client", "-occurred_at", "-id"],
                         name="interaction_client_log"),
            models.Index(fields=["agency", "-occurred_at"], name="interaction_agency_time"),
            models.Index(
                fields=["agency", "reply_due_at"], name="interaction_awaiting_reply",
                condition=Q(direction="in", kind="message", replied_at__isnull=True),
            ),
            # Covers the reply clocks month by month (the dashboard's breaches): the range of
            # due times is read from the index alone, never from the rows and their texts.
            models.Index(fields=["agency", "direction", "kind", "reply_due_at", "replied_at",
                                 "client"], name="interaction_reply_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source", "external_id"],
                condition=~Q(external_id=""),
                name="interaction_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel_label} {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def flag_list(self) -> list[str]:
        return self.flags.split()


class Thread(TenantModel):
    """A conversation inside a client's log, named by its key (an e-mail thread's first
    Message-ID, a Telegram chat, or blank for messages logged by hand). Exists only once
    someone marks it: while it waits for the client, its reply clocks stand still."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="threads")
    key = models.CharField(_("thread"), max_length=200, blank=True)
    waiting_since = models.DateTimeField(_("waiting for the client since"), null=True, blank=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="thread_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key or str(_("main thread"))
