from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.policy.labels import LABELS
from retainer.rules.policy import Policy, PolicyError


class PolicyForm(forms.Form):
    """One field per policy setting, built from the rules core's own list of settings."""

    note = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args, policy: Policy, **kwargs):
        super().__init__(*args, **kwargs)
        document = policy.to_document()
        for name, setting in Policy.settings():
            label = LABELS.get(name, name)
            if setting.kind is int:
                field: forms.Field = forms.IntegerField(
                    label=label, min_value=setting.minimum, max_value=setting.maximum
                )
            elif setting.kind is Decimal:
                field = forms.DecimalField(
                    label=label,
                    min_value=Decimal(str(setting.minimum)),
                    max_value=Decimal(str(setting.maximum)),
                    max_digits=14,
                    decimal_places=2,
                )
            else:
                field = forms.CharField(label=label, max_length=20)
            field.initial = document[name]
            self.fields[name] = field
        self.order_fields([name for name, _s in Policy.settings()] + ["note"])

    def clean(self):
        cleaned = super().clean()
        document = {}
        for name, setting in Policy.settings():
            if name not in cleaned:
                continue
            value = cleaned[name]
            document[name] = str(value) if setting.kind in (Decimal, Fraction) else value
        try:
            Policy.from_document(document)
        except PolicyError as exc:
            for name, message in exc.errors.items():
                self.add_error(name if name in self.fields else None, message)
        self.changes = document
        return cleaned
