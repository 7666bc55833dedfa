"""What the client sees (BRIEF C1): a read-only status page of one agreement, opened by a
secret link, where the client also rates each approved deliverable."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import Agreement, Deliverable
from retainer.core.tenancy import TenantModel


class StatusLink(TenantModel):
    """The token is long and random and only its SHA-256 is stored (as for calendar feeds):
    the lookup compares hashes, so it gives no timing hint, and a leaked database leaks no
    working link. Revoking keeps the row (who shared what, when) and stops the link."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE,
                                  related_name="status_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("status link")
        verbose_name_plural = _("status links")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement"], condition=Q(revoked_at__isnull=True),
                                    name="status_link_one_active"),
        ]


class Rating(TenantModel):
    """The client's one-click rating of an approved deliverable (1–5, an optional comment);
    rating again replaces it."""

    deliverable = models.OneToOneField(Deliverable, on_delete=models.CASCADE,
                                       related_name="rating")
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5),
                                   name="rating_score_1_to_5"),
        ]
