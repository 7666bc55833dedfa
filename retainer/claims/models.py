"""Claims and concessions (BRIEF C3): what the client says we got wrong, whether the claim is
founded, and whether we give the client what the claim asks."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import Agreement, Deliverable, PromisedKpi
from retainer.clients.models import Client
from retainer.conversations.models import Interaction
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel
from retainer.rules import claims as rules
from retainer.worklist.models import Task


class Target(models.TextChoices):
    DELIVERABLE = rules.DELIVERABLE, _("a deliverable")
    KPI = rules.KPI, _("a promised KPI")
    COMMUNICATION = rules.COMMUNICATION, _("our reply to a message")
    NOT_PROMISED = rules.NOT_PROMISED, _("a result not promised")
    NOTHING = rules.NOTHING, _("nothing in the agreement")


class Outcome(models.TextChoices):
    FIX_AND_ADMIT = rules.FIX_AND_ADMIT, _("fix and admit")
    CONCEDE = rules.CONCEDE, _("concede")
    REFUSE = rules.REFUSE, _("refuse")


class Claim(TenantModel):
    """A complaint of the client's, recorded by hand or from their message, pointing at a
    term of the agreement or at nothing."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="claims")
    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"),
                                  on_delete=models.CASCADE, related_name="claims")
    target = models.CharField(_("the claim is about"), max_length=20, choices=Target.choices,
                              default=Target.NOTHING)
    deliverable = models.ForeignKey(Deliverable, verbose_name=_("deliverable"),
                                    on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="claims")
    kpi = models.ForeignKey(PromisedKpi, verbose_name=_("promised KPI"),
                            on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="claims")
    message = models.ForeignKey(
        Interaction, verbose_name=_("the message we replied to late"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    result = models.CharField(_("the result not promised"), max_length=300, blank=True)
    words = models.TextField(_("the client's words"))
    ask = models.CharField(_("what the client asks for"), max_length=200, blank=True)
    asked_min = models.PositiveIntegerField(_("work asked for, minutes"), default=0)
    asked_amount = models.DecimalField(_("money asked for (a discount, a refund)"),
                                       max_digits=14, decimal_places=2, default=0,
                                       validators=[MinValueValidator(0)])
    made_at = models.DateTimeField(_("made at"))
    source = models.ForeignKey(
        Interaction, verbose_name=_("from the message"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="claims",
    )
    # What the list's search reads: the ask and the words, case-folded here because SQLite
    # folds the case of ASCII letters only.
    folded = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"))

    history = History(excluded_fields=["folded"])

    target_label = ChoiceLabel("target", Target)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["agency", "client", "-made_at"], name="claim_client")]
        constraints = [
            models.CheckConstraint(condition=Q(asked_amount__gte=0),
                                   name="claim_asked_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.ask or self.words[:80]


class Concession(TenantModel):
    """The one assessment of a claim and the concession decided on it (the one-to-one key
    makes a second impossible), with everything both were computed from."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="concession")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="concessions")
    founded = models.BooleanField(_("founded"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    computed_outcome = models.CharField(_("outcome by the rules"), max_length=20,
                                        choices=Outcome.choices)
    granted = models.BooleanField(_("what the client asks is granted"))
    computed_granted = models.BooleanField(_("granted by the rules"))
    review = models.BooleanField(_("the relationship goes for review"), default=False)
    cost = models.DecimalField(_("cost of granting it"), max_digits=14, decimal_places=2)
    trivial_cost = models.DecimalField(_("trivial cost"), max_digits=14, decimal_places=2)
    retention_value = models.DecimalField(_("retention value"), max_digits=14,
                                          decimal_places=2)
    acquisition_cost = models.DecimalField(_("acquisition cost of a new client"),
                                           max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    reasons = models.JSONField(_("reasons"), default=list)
    policy_version = models.PositiveIntegerField(_("policy version"))
    inputs = models.JSONField(_("inputs"), default=dict)
    reply = models.TextField(_("reply to the client"))
    reply_sent_at = models.DateTimeField(_("reply sent at"), null=True, blank=True)
    task = models.ForeignKey(Task, verbose_name=_("review task"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="+")
    override_reason = models.TextField(_("why the outcome was overridden"), blank=True)
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("overridden by"),
                                      on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    history = History()

    outcome_label = ChoiceLabel("outcome", Outcome)
    computed_outcome_label = ChoiceLabel("computed_outcome", Outcome)

    class Meta:
        verbose_name = _("concession")
        verbose_name_plural = _("concessions")
        indexes = [
            models.Index(fields=["agency", "client", "decided_at"], name="concession_client"),
            models.Index(fields=["agency", "overridden_by"], name="concession_overrides",
                         condition=~Q(override_reason="")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="concession_cost_not_negative"),
        ]

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)
