"""Statuses and retrospectives held with a client: the cadence the relationship runs on
(article 003). A status is due every `status_cadence_days`; a retrospective after each
milestone (an approved deliverable). Each records its notes and the feedback asked and
received, which the scorecard counts.

The client's last status and a milestone's retrospective day are kept on the client and the
milestone (`Client.last_status_on`, `Deliverable.retrospective_on`) by every save and delete
of a touchpoint, in the same transaction: the attention lists read them for thousands of
clients and milestones at once. A touchpoint is recorded once held, never ahead, so the last
one recorded is the last one held."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _keep_on_subject(self)

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        _keep_on_subject(self)
        return deleted


def _keep_on_subject(touchpoint: Touchpoint) -> None:
    """Read again from the touchpoints themselves, so that an edited day or a deletion is
    kept as surely as a new touchpoint."""
    if touchpoint.kind == TouchpointKind.STATUS:
        last = Touchpoint.objects.filter(
            agency_id=OuterRef("agency_id"), client=OuterRef("pk"), kind=TouchpointKind.STATUS,
        ).order_by("-held_on").values("held_on")[:1]
        Client.objects.filter(pk=touchpoint.client_id).update(last_status_on=Subquery(last))
    elif touchpoint.deliverable_id is not None:
        held = Touchpoint.objects.filter(
            deliverable=OuterRef("pk"), kind=TouchpointKind.RETROSPECTIVE).values("held_on")[:1]
        Deliverable.objects.filter(pk=touchpoint.deliverable_id).update(
            retrospective_on=Subquery(held))
