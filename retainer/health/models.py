"""A client's health per month: the scorecard's score 0–100 with each component's part,
computed from the recorded history (never typed in), kept so that trends and the
portfolio's distribution are read without recomputing a year of history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel


class Band(models.TextChoices):
    GREEN = "green", _("healthy")
    AMBER = "amber", _("at risk")
    RED = "red", _("red")


class HealthScore(TenantModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="health_scores")
    # The first day of the month the score covers.
    month = models.DateField(_("month"))
    score = models.PositiveSmallIntegerField(_("health"))
    band = models.CharField(_("band"), max_length=10, choices=Band.choices)
    # The lifecycle stage whose weights applied.
    stage = models.CharField(_("lifecycle stage"), max_length=20)
    # The scorecard: each component's score, weight, contribution and the measured figures.
    parts = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    band_label = ChoiceLabel("band", Band)

    class Meta:
        verbose_name = _("health score")
        verbose_name_plural = _("health scores")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["client", "month"], name="health_once_per_month"),
        ]
        indexes = [models.Index(fields=["agency", "month", "band"], name="health_month_band")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.month:%Y-%m}: {self.score}"
