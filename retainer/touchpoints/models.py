"""Statuses and retrospectives held with a client: the cadence the relationship runs on
(article 003). A status is due every `status_cadence_days`; a retrospective after each
milestone (an approved deliverable). Each records its notes and the feedback asked and
received, which the scorecard counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import Deliverable
from retainer.clients.models import Client
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel


class TouchpointKind(models.TextChoices):
    STATUS = "status", _("status")
    RETROSPECTIVE = "retrospective", _("retrospective")


class Touchpoint(TenantModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="touchpoints")
    kind = models.CharField(_("kind"), max_length=20, choices=TouchpointKind.choices)
    # The milestone a retrospective looks back on.
    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("milestone"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    held_on = models.DateField(_("held on"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("held by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    feedback_requested = models.BooleanField(_("feedback asked for"), default=False)
    feedback = models.TextField(_("feedback received"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    history = History()

    kind_label = ChoiceLabel("kind", TouchpointKind)

    class Meta:
        verbose_name = _("status or retrospective")
        verbose_name_plural = _("statuses and retrospectives")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable"], condition=Q(kind="retrospective"),
                name="touchpoint_one_retrospective_per_milestone",
                violation_error_message=_("This milestone already has its retrospective."),
            ),
            # A status looks at the relationship as a whole; only a retrospective names a
            # milestone (a deleted milestone leaves its retrospective without one).
            models.CheckConstraint(
                condition=Q(kind="retrospective") | Q(deliverable__isnull=True),
                name="touchpoint_status_without_milestone",
                violation_error_message=_("A status is not about one milestone: record a "
                                          "retrospective for it."),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "client", "kind", "held_on"],
                         name="touchpoint_client_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.held_on}"
