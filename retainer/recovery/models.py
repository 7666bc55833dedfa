"""Unhappy clients and their recovery plans (BRIEF C4, article 004).

What the app keeps: the client's latest dissatisfaction assessment (group, score and every
signal's contribution, with the policy version it used); what each inbound message says
beyond triage's flags (a discount demand, their management brought in, a wish to settle,
payments held), read once per message so that the signals of every client are a few
aggregate queries; the payments a manager records as overdue or frozen; and the recovery
plan, a checklist of costed steps with an owner, a due date and who ticked them done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client
from retainer.conversations.models import Interaction
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel
from retainer.core.tenancy import TenantModel
from retainer.rules import recovery as rules


class Group(models.TextChoices):
    A = rules.GROUP_A, _("A: the death group")
    B = rules.GROUP_B, _("B: will negotiate for a gain")
    C = rules.GROUP_C, _("C: wants to make peace")


class Signal(models.TextChoices):
    NEGATIVITY = rules.NEGATIVITY, _("negativity of recent messages")
    THREAT = rules.THREAT, _("threats: court, reviews, penalties")
    PAYMENTS_HELD = rules.PAYMENTS_HELD, _("payments overdue or frozen")
    DISCOUNT_DEMAND = rules.DISCOUNT_DEMAND, _("demands a discount")
    SILENCE = rules.SILENCE, _("silence after our message")
    ESCALATION = rules.ESCALATION, _("took it to their management")
    WISH_TO_SETTLE = rules.WISH_TO_SETTLE, _("wants to settle")


class Strategy(models.TextChoices):
    SOFTEN_THE_BLOW = rules.SOFTEN_THE_BLOW, _("soften the blow")
    START_OVER = rules.START_OVER, _("start over")


class Action(models.TextChoices):
    APOLOGY_LETTER = rules.APOLOGY_LETTER, _("formal apology letter signed by management")
    REDO_AT_OUR_COST = rules.REDO_AT_OUR_COST, _("redo the faulty work at our cost")
    FUTURE_DISCOUNT = rules.FUTURE_DISCOUNT, _("discount on a future project")
    CLOSE_ANOTHER_NEED = rules.CLOSE_ANOTHER_NEED, _("find and close another need")
    GIFT_TO_WORK_ADDRESS = rules.GIFT_TO_WORK_ADDRESS, _("gift to the work address")
    PERSONAL_MEETING = rules.PERSONAL_MEETING, _("personal meeting")
    ADMIT_FAULT_IN_WRITING = rules.ADMIT_FAULT_IN_WRITING, _("admit the fault plainly in writing")
    NEUTRAL_COLLEAGUE = rules.NEUTRAL_COLLEAGUE, _("hand the case to a more neutral colleague")


class DissatisfactionAssessment(TenantModel):
    """The client's latest assessment: refreshed, never accumulated (the plan keeps the group
    it was made for)."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE,
                                  related_name="dissatisfaction")
    group = models.CharField(_("group"), max_length=1, choices=Group.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    contributions = models.JSONField(_("signals"), default=list)
    reasons = models.JSONField(_("reasons"), default=list)
    policy_version = models.PositiveIntegerField(_("policy version"))
    assessed_at = models.DateTimeField(_("assessed at"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    group_label = ChoiceLabel("group", Group)

    class Meta:
        verbose_name = _("dissatisfaction assessment")
        verbose_name_plural = _("dissatisfaction assessments")
        indexes = [models.Index(fields=["agency", "group", "-score"], name="unhappy_by_group",
                                condition=~Q(group=""))]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.group or '-'} ({self.score})"


class MessageCues(TenantModel):
    """What one inbound message says about the client's mood beyond triage's flags. A row
    exists for every message read, with or without cues, so unread messages are those
    without one. `cues` is stored with a space on each side, like triage's flags, so that
    `cues__contains=" escalation "` finds one cue on every database."""

    interaction = models.OneToOneField(Interaction, on_delete=models.CASCADE,
                                       related_name="recovery_cues")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    occurred_at = models.DateTimeField()
    cues = models.CharField(max_length=100, blank=True)
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("message cues")
        verbose_name_plural = _("message cues")
        indexes = [models.Index(fields=["agency", "client", "occurred_at"],
                                name="cues_client_time", condition=~Q(cues=""))]


class HoldKind(models.TextChoices):
    OVERDUE = "overdue", _("an invoice is overdue")
    FROZEN = "frozen", _("payments are frozen")
    PROJECT_FROZEN = "project_frozen", _("the project is frozen")


class PaymentHold(TenantModel):
    """Payments the client holds back, as the manager knows it: nothing else in Retainer
    records invoices. Open until released; one open hold per client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="payment_holds")
    kind = models.CharField(_("what is held"), max_length=20, choices=HoldKind.choices)
    since = models.DateField(_("since"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    history = History()

    kind_label = ChoiceLabel("kind", HoldKind)

    class Meta:
        verbose_name = _("payment hold")
        verbose_name_plural = _("payment holds")
        constraints = [
            models.UniqueConstraint(fields=["client"], condition=Q(released_at__isnull=True),
                                    name="payment_hold_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} ({self.since})"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("in progress")
    DONE = "done", _("done")
    REPLACED = "replaced", _("replaced by a newer plan")


class RecoveryPlan(TenantModel):
    """The plan `rules.recovery.plan` made for the client, with the inputs it used. One plan
    in progress per client: a new one replaces it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="recovery_plans")
    group = models.CharField(_("group"), max_length=1, choices=Group.choices)
    strategies = models.JSONField(_("strategies"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.ACTIVE)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    total_cost = models.DecimalField(_("total cost"), max_digits=14, decimal_places=2)
    start_over_cost = models.DecimalField(_("cost of starting over"), max_digits=14,
                                          decimal_places=2)
    promising = models.BooleanField(_("financially promising"))
    currency = models.CharField(_("currency"), max_length=3)
    reasons = models.JSONField(_("reasons"), default=list)
    inputs = models.JSONField(_("inputs"), default=dict)
    policy_version = models.PositiveIntegerField(_("policy version"))
    faulty_work_min = models.PositiveIntegerField(_("work to redo, minutes"), default=0)
    our_fault = models.BooleanField(_("the fault is ours"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = History()

    group_label = ChoiceLabel("group", Group)
    status_label = ChoiceLabel("status", PlanStatus)

    class Meta:
        verbose_name = _("recovery plan")
        verbose_name_plural = _("recovery plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client"], condition=Q(status="active"),
                                    name="recovery_plan_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.group} ({self.status})"

    @property
    def strategy_labels(self) -> list[str]:
        return [str(Strategy(code).label) for code in self.strategies if code in Strategy]


class RecoveryStep(TenantModel):
    """One item of the checklist: what to do, what it costs, who does it by when, done."""

    plan = models.ForeignKey(RecoveryPlan, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("step"), max_length=30, choices=Action.choices)
    strategy = models.CharField(_("strategy"), max_length=20, choices=Strategy.choices)
    position = models.PositiveSmallIntegerField()
    work_min = models.PositiveIntegerField(_("work, minutes"), default=0)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"),
                              on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=2000)

    history = History()

    action_label = ChoiceLabel("action", Action)
    strategy_label = ChoiceLabel("strategy", Strategy)

    class Meta:
        verbose_name = _("recovery step")
        verbose_name_plural = _("recovery steps")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "action"], name="recovery_step_once"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="recovery_step_cost"),
        ]

    def __str__(self) -> str:
        return str(self.action_label)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
