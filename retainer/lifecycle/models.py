"""The relationship's lifecycle (BRIEF C6, article 003): the stages a client went through
and why, and the transitions the events suggest for the manager to accept or reject."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client, Stage
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel
from retainer.lifecycle.reasons import explain


class StageSuggestion(TenantModel):
    """A transition the events suggest (`retainer.rules.lifecycle`), with the event behind it,
    until the manager accepts or rejects it. A client has at most one pending; a rejected one
    is not suggested again until a newer event."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE,
                               related_name="stage_suggestions")
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices)
    stage = models.CharField(_("suggested stage"), max_length=20, choices=Stage.choices)
    reason_code = models.CharField(_("reason"), max_length=50)
    reason_params = models.JSONField(_("figures"), default=dict)
    event_on = models.DateField(_("event on"))
    policy_version = models.PositiveIntegerField(_("policy version"))
    suggested_at = models.DateTimeField(_("suggested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    accepted = models.BooleanField(_("accepted"), null=True, blank=True)

    history = History()

    stage_label = ChoiceLabel("stage", Stage)
    from_stage_label = ChoiceLabel("from_stage", Stage)

    class Meta:
        verbose_name = _("stage suggestion")
        verbose_name_plural = _("stage suggestions")
        constraints = [
            models.UniqueConstraint(fields=["client"], condition=Q(decided_at__isnull=True),
                                    name="stage_suggestion_one_pending"),
            # Decided means accepted or rejected, and the other way round.
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, accepted__isnull=True)
                | Q(decided_at__isnull=False, accepted__isnull=False),
                name="stage_suggestion_decided_with_answer"),
        ]
        indexes = [
            models.Index(fields=["agency", "suggested_at"], name="stage_suggestion_pending",
                         condition=Q(decided_at__isnull=True)),
            models.Index(fields=["agency", "client", "accepted"], name="stage_suggestion_client"),
        ]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.stage}"

    @property
    def is_pending(self) -> bool:
        return self.decided_at is None

    @property
    def reason_text(self) -> str:
        return explain(self.reason_code, self.reason_params)


class StageChange(TenantModel):
    """One step of the client's stage history, written once and never edited: by hand with
    the manager's reason, or from an accepted suggestion."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    # The day the new stage began: the suggestion's event, or the day the manager names.
    effective_on = models.DateField(_("since"))
    changed_at = models.DateTimeField(_("recorded at"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    suggestion = models.OneToOneField(StageSuggestion, verbose_name=_("accepted suggestion"),
                                      on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="change")

    from_stage_label = ChoiceLabel("from_stage", Stage)
    to_stage_label = ChoiceLabel("to_stage", Stage)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [
            models.Index(fields=["agency", "client", "-changed_at", "-id"],
                         name="stage_change_client"),
        ]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"

    @property
    def from_suggestion(self) -> bool:
        return self.suggestion_id is not None
