"""A client's health per month: the scorecard's score 0–100 with each component's part,
computed from the recorded history (never typed in), kept so that trends and the
portfolio's distribution are read without recomputing a year of history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel
from retainer.health.reasons import component_label


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
    # Each component's score 0–100 again as a column, so that averages per manager and
    # month are one GROUP BY in the database.
    empathy = models.PositiveSmallIntegerField(_("empathy"), default=50)
    personalization = models.PositiveSmallIntegerField(_("personalization"), default=50)
    honesty = models.PositiveSmallIntegerField(_("honesty"), default=50)
    expectations = models.PositiveSmallIntegerField(_("expectation management"), default=50)
    difficulties = models.PositiveSmallIntegerField(_("resolving difficulties"), default=50)
    balance = models.PositiveSmallIntegerField(_("time/effort balance"), default=50)
    # The component that pulled the score down most ("" when none did).
    weakest = models.CharField(_("weakest component"), max_length=20, blank=True)

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

    @property
    def weakest_label(self) -> str:
        return component_label(self.weakest) if self.weakest else ""
