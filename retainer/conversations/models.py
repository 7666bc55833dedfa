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


class Interaction(TenantModel):
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
    created_at = models.DateTimeField(auto_now_add=True)

    channel_label = ChoiceLabel("channel", Channel)
    direction_label = ChoiceLabel("direction", Direction)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["client", "-occurred_at", "-id"], name="interaction_client_time"),
            models.Index(fields=["agency", "-occurred_at"], name="interaction_agency_time"),
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
