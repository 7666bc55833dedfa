from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import (
    Agreement,
    AgreementKind,
    Channel,
    Deliverable,
    KpiMeasurement,
    PromisedKpi,
    RetainerPeriod,
)
from retainer.core.forms import DateInput, LinesField, TimeInput
from retainer.rules.policy import Policy


class AgreementForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    not_promised = LinesField(
        label=_("Results explicitly not promised"),
        help_text=_("One per line: what the client might expect but we do not promise."),
    )
    kickoff_checklist = LinesField(
        label=_("Kickoff checklist"),
        help_text=_("One per line: what we agree at the first call, e.g. how changes are asked."),
    )

    class Meta:
        model = Agreement
        fields = [
            "title", "kind", "status", "starts_on", "ends_on", "response_target_hours",
            "revision_rounds", "free_change_threshold_min", "monthly_free_budget_min",
            "hourly_rate", "budget", "daily_capacity_hours", "channels", "call_hours_from",
            "call_hours_to", "not_promised", "kickoff_checklist", "included_hours",
            "period_months", "carry_over",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "call_hours_from": TimeInput(),
            "call_hours_to": TimeInput(),
        }

    @classmethod
    def initial_from_policy(cls, policy: Policy) -> dict:
        """A new agreement starts from the agency's written standard."""
        return {
            "revision_rounds": policy.revision_rounds,
            "free_change_threshold_min": policy.free_change_threshold_min,
            "monthly_free_budget_min": policy.monthly_free_budget_min,
            "response_target_hours": policy.response_target_hours,
            "daily_capacity_hours": policy.daily_capacity_hours,
            "period_months": policy.retainer_period_months,
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        call_from, call_to = cleaned.get("call_hours_from"), cleaned.get("call_hours_to")
        if (call_from is None) != (call_to is None):
            self.add_error("call_hours_to", _("Give both ends of the client's call hours."))
        elif call_from and call_to and call_to <= call_from:
            self.add_error("call_hours_to", _("Call hours must end after they start."))
        if cleaned.get("kind") == AgreementKind.RETAINER and not cleaned.get("included_hours"):
            self.add_error("included_hours", _("A retainer needs included hours per period."))
        return cleaned


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = [
            "title", "estimate_hours", "actual_hours", "planned_start", "planned_due",
            "actual_done", "status", "approval_iterations", "clarifications",
        ]
        widgets = {
            "planned_start": DateInput(),
            "planned_due": DateInput(),
            "actual_done": DateInput(),
        }

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("planned_start"), cleaned.get("planned_due")
        if start and due and due < start:
            self.add_error("planned_due", _("The due date must not be before the start date."))
        return cleaned


class KpiForm(forms.ModelForm):
    class Meta:
        model = PromisedKpi
        fields = ["name", "unit", "target", "tolerance_pct", "direction"]


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = KpiMeasurement
        fields = ["measured_on", "actual"]
        widgets = {"measured_on": DateInput()}


class PeriodUsageForm(forms.ModelForm):
    class Meta:
        model = RetainerPeriod
        fields = ["used_hours"]

    def clean_used_hours(self):
        used = self.cleaned_data["used_hours"]
        if used is not None and used < 0:
            raise forms.ValidationError(_("Must not be negative."), code="negative")
        return used
