"""Agreements (BRIEF C1): terms, deliverables, promised KPIs and retainer periods."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Client
from retainer.core.history import History
from retainer.core.labels import ChoiceLabel, label
from retainer.core.models import KeepsDerived
from retainer.core.tenancy import TenantModel
from retainer.rules.retainer import PeriodPlan


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    TELEGRAM = "telegram", _("Telegram")
    CALL = "call", _("call")
    MEETING = "meeting", _("meeting")
    CHAT = "chat", _("chat")


class AgreementKind(models.TextChoices):
    PROJECT = "project", _("project")
    RETAINER = "retainer", _("retainer")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


class CarryOver(models.TextChoices):
    NONE = "none", _("no carry-over")
    UNUSED = "unused", _("unused hours carry over")
    BOTH = "both", _("unused and overrun hours carry over")


def _positive(value):
    return MinValueValidator(value)


class Agreement(TenantModel):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgreementKind.choices, default=AgreementKind.PROJECT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    not_promised = models.JSONField(_("results explicitly not promised"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    call_hours_from = models.TimeField(_("client's call hours from"), null=True, blank=True)
    call_hours_to = models.TimeField(_("client's call hours to"), null=True, blank=True)
    response_target_hours = models.DecimalField(
        _("response target, business hours"),
        max_digits=6,
        decimal_places=2,
        validators=[_positive(0.25)],
    )
    revision_rounds = models.PositiveSmallIntegerField(_("revision rounds per deliverable"))
    free_change_threshold_min = models.PositiveIntegerField(
        _("free-change threshold, minutes per request")
    )
    monthly_free_budget_min = models.PositiveIntegerField(
        _("monthly free-change budget, minutes")
    )
    hourly_rate = models.DecimalField(
        _("hourly rate for extra work"), max_digits=12, decimal_places=2,
        validators=[_positive(0)],
    )
    daily_capacity_hours = models.DecimalField(
        _("daily capacity, hours"), max_digits=5, decimal_places=2,
        validators=[_positive(0.5)],
    )
    kickoff_checklist = models.JSONField(_("kickoff checklist"), default=list, blank=True)
    budget = models.DecimalField(
        _("agreed budget"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[_positive(0)],
        help_text=_("What the client pays for the agreed work; extra work the client pays "
                    "for is added to it."),
    )

    included_hours = models.DecimalField(
        _("included hours per period"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[_positive(0)],
    )
    period_months = models.PositiveSmallIntegerField(_("period, months"), default=1)
    carry_over = models.CharField(
        _("carry-over"), max_length=10, choices=CarryOver.choices, default=CarryOver.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = History()

    kind_label = ChoiceLabel("kind", AgreementKind)
    status_label = ChoiceLabel("status", AgreementStatus)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [
            models.Index(fields=["client", "status", "-starts_on"], name="agreement_current"),
            # Which clients have an agreement over, or one still running (the past clients to
            # keep in touch with), read from the index alone rather than from the wide rows.
            models.Index(fields=["agency", "status", "ends_on", "client"],
                         name="agreement_agency_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def channel_labels(self) -> str:
        return ", ".join(label(Channel, code) for code in self.channels if code in Channel)


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    IN_REVIEW = "in_review", _("with the client for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Deliverable(KeepsDerived, TenantModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("title"), max_length=200)
    estimate_hours = models.DecimalField(
        _("estimate, hours"), max_digits=8, decimal_places=2, validators=[_positive(0)]
    )
    actual_hours = models.DecimalField(
        _("actual, hours"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[_positive(0)],
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_due = models.DateField(_("planned due date"))
    actual_done = models.DateField(_("actually done"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliverableStatus.choices,
        default=DeliverableStatus.PLANNED,
    )
    approval_iterations = models.PositiveSmallIntegerField(_("approval iterations"), default=0)
    clarifications = models.PositiveSmallIntegerField(_("clarifications"), default=0)
    # The day of its retrospective, kept by `touchpoints.models.Touchpoint`: missed
    # retrospectives are read among thousands of approved milestones on every attention view.
    retrospective_on = models.DateField(_("retrospective held on"), null=True, blank=True,
                                        editable=False)

    history = History()

    DERIVED = ("retrospective_on",)

    status_label = ChoiceLabel("status", DeliverableStatus)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["planned_due", "id"]
        indexes = [
            # Milestones still waiting for their retrospective, found from their agreements.
            models.Index(fields=["agreement"], name="deliverable_awaiting_retro",
                         condition=models.Q(status="approved", retrospective_on__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title


class KpiDirection(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class PromisedKpi(TenantModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=3)
    tolerance_pct = models.DecimalField(
        _("tolerance, %"), max_digits=5, decimal_places=2, default=0, validators=[_positive(0)]
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=KpiDirection.choices, default=KpiDirection.HIGHER
    )

    history = History()

    class Meta:
        verbose_name = _("promised KPI")
        verbose_name_plural = _("promised KPIs")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class KpiMeasurement(TenantModel):
    kpi = models.ForeignKey(PromisedKpi, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    actual = models.DecimalField(_("actual value"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("KPI measurement")
        ordering = ["-measured_on", "-id"]


class RetainerPeriod(TenantModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="periods")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    included_hours = models.DecimalField(_("included hours"), max_digits=8, decimal_places=2)
    carried_over_hours = models.DecimalField(
        _("carried over, hours"), max_digits=8, decimal_places=2, default=0
    )
    used_hours = models.DecimalField(_("used, hours"), max_digits=8, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("retainer period")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "starts_on"], name="period_unique_start"),
        ]

    def as_plan(self) -> PeriodPlan:
        return PeriodPlan(self.starts_on, self.ends_on, self.included_hours,
                          self.carried_over_hours, self.used_hours)


class DueDateChange(TenantModel):
    """A deliverable's planned due date moved. The client must hear of it: a change with no
    message to the client logged within the policy's notice time (one business day) and not
    agreed by the client in the register is an *unannounced shift* (article 002)."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE,
                                    related_name="due_changes")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    before = models.DateField(_("was due"))
    after = models.DateField(_("now due"))
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    notice_due_at = models.DateTimeField(_("the client to be told by"))
    agreed_by_client = models.BooleanField(_("agreed by the client"), default=False)

    class Meta:
        verbose_name = _("due date change")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "client", "-changed_at"], name="due_change_client"),
            models.Index(fields=["agency", "notice_due_at"], name="due_change_unagreed",
                         condition=models.Q(agreed_by_client=False)),
        ]
