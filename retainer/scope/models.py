"""Client requests, their decisions and the discrepancy register (BRIEF C2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import Agreement, Deliverable
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Interaction
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel
from retainer.rules import scope as rules


class RequestKind(models.TextChoices):
    NEW_WORK = rules.NEW_WORK, _("new work")
    CHANGE = rules.CHANGE, _("change to agreed work")
    REVISION = rules.REVISION, _("revision")


class Outcome(models.TextChoices):
    INCLUDED = rules.INCLUDED, _("included")
    BONUS = rules.BONUS, _("bonus")
    CHOICE = rules.CHOICE, _("client's choice")


class Classification(models.TextChoices):
    IN_SCOPE = rules.IN_SCOPE, _("within the agreement")
    OVER_ROUNDS = rules.OVER_ROUNDS, _("revision over the limit")
    OUT_OF_SCOPE = rules.OUT_OF_SCOPE, _("out of scope")


class Answer(models.TextChoices):
    PAY = rules.PAY, _("pay")
    SHIFT = rules.SHIFT, _("shift the deadline")
    DEFER = rules.DEFER, _("defer")


class ClientRequest(TenantModel):
    """Something the client asked for, recorded by hand or from a message."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="requests")
    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"),
                                  on_delete=models.CASCADE, related_name="requests")
    deliverable = models.ForeignKey(
        Deliverable, verbose_name=_("deliverable"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="requests",
        help_text=_("Leave empty when the request concerns none of the agreed deliverables."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices,
                            default=RequestKind.CHANGE)
    title = models.CharField(_("what the client asks for"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    estimate_min = models.PositiveIntegerField(_("estimate, minutes of work"))
    source = models.ForeignKey(
        Interaction, verbose_name=_("from the message"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="requests",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"))

    history = History()

    kind_label = ChoiceLabel("kind", RequestKind)

    class Meta:
        verbose_name = _("client request")
        verbose_name_plural = _("client requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "client", "-created_at"], name="request_client")]

    def __str__(self) -> str:
        return self.title


class Decision(TenantModel):
    """The one decision on a request (the OneToOne key makes a second one impossible), with
    everything it was computed from, so that it can be explained and reproduced."""

    request = models.OneToOneField(ClientRequest, on_delete=models.CASCADE,
                                   related_name="decision")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    computed_outcome = models.CharField(_("outcome by the rules"), max_length=20,
                                        choices=Outcome.choices)
    classification = models.CharField(_("classification"), max_length=20,
                                      choices=Classification.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    policy_version = models.PositiveIntegerField(_("policy version"))
    inputs = models.JSONField(_("inputs"), default=dict)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, null=True,
                                blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    shift_days = models.PositiveIntegerField(_("deadline shift, business days"), null=True,
                                             blank=True)
    shifts = models.JSONField(_("deadline shifts"), default=list, blank=True)
    free_minutes_charged = models.PositiveIntegerField(_("free minutes charged"), default=0)
    budget_period = models.DateField(_("free-budget month"))
    renegotiate = models.BooleanField(_("renegotiate"), default=False)
    reply = models.TextField(_("reply to the client"))
    reply_sent_at = models.DateTimeField(_("reply sent at"), null=True, blank=True)
    override_reason = models.TextField(_("why the outcome was overridden"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    answer = models.CharField(_("client's answer"), max_length=10, choices=Answer.choices,
                              blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = History()

    outcome_label = ChoiceLabel("outcome", Outcome)
    computed_outcome_label = ChoiceLabel("computed_outcome", Outcome)
    classification_label = ChoiceLabel("classification", Classification)
    answer_label = ChoiceLabel("answer", Answer)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [
            models.Index(fields=["agency", "client", "budget_period"], name="decision_budget"),
            models.Index(fields=["agency", "decided_by"], name="decision_overrides",
                         condition=~Q(override_reason="")),
        ]

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)

    @property
    def beyond_agreement(self) -> bool:
        return self.outcome != Outcome.INCLUDED


class DiscrepancyKind(models.TextChoices):
    SCOPE = "scope", _("scope")
    DEADLINE = "deadline", _("deadline")
    BUDGET = "budget", _("budget")
    KPI = "kpi", _("KPI")


class Discrepancy(TenantModel):
    """One departure from the agreement that both sides can see: a bonus, or what the client
    chose when offered pay / shift / defer."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE,
                                  related_name="discrepancies")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="discrepancies")
    kind = models.CharField(_("type"), max_length=10, choices=DiscrepancyKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    before = models.CharField(_("before"), max_length=300, blank=True)
    after = models.CharField(_("after"), max_length=300)
    agreed_by = models.ForeignKey(Contact, verbose_name=_("agreed by (client side)"),
                                  on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    agreed_by_name = models.CharField(_("agreed by"), max_length=200, blank=True)
    agreed_at = models.DateTimeField(_("agreed at"))
    request = models.ForeignKey(ClientRequest, verbose_name=_("source request"),
                                on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="discrepancies")
    deliverable = models.ForeignKey(Deliverable, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    is_bonus = models.BooleanField(_("bonus"), default=False)
    communicated = models.BooleanField(_("communicated to the client"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    history = History()

    kind_label = ChoiceLabel("kind", DiscrepancyKind)

    class Meta:
        verbose_name = _("discrepancy")
        verbose_name_plural = _("discrepancy register")
        ordering = ["agreed_at", "id"]
        indexes = [models.Index(fields=["agreement", "agreed_at", "id"], name="register_order")]

    def __str__(self) -> str:
        return self.subject

    @property
    def agreed_by_display(self) -> str:
        return self.agreed_by_name or (self.agreed_by.name if self.agreed_by_id else "")
