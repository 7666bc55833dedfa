from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.accounts.models import Agency
from retainer.accounts.selectors import agency_users
from retainer.clients.models import Client, Contact, Stage
from retainer.core.forms import SafeModelChoiceField


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = [
            "name",
            "language",
            "expertise",
            "segment",
            "industry",
            "acquisition_channel",
            "acquisition_cost",
            "expected_annual_value",
            "stage",
            "account_manager",
            "notes",
            "status_cadence_days",
            "keep_in_touch_days",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"account_manager": SafeModelChoiceField}

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account_manager"].queryset = agency_users(agency)
        if self.instance.pk:
            # A client's stage moves through the lifecycle (a suggestion accepted or a change
            # with its reason), which keeps the stage history.
            del self.fields["stage"]

    def clean_acquisition_cost(self):
        return _not_negative(self.cleaned_data["acquisition_cost"])

    def clean_expected_annual_value(self):
        return _not_negative(self.cleaned_data["expected_annual_value"])


def _not_negative(value):
    if value is not None and value < 0:
        raise forms.ValidationError(_("Must not be negative."), code="negative")
    return value


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "motivation", "email", "phone", "telegram",
                  "is_decision_maker"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 2})}


class ClientFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("any stage"))] + Stage.choices
    )
    manager = forms.TypedChoiceField(label=_("Manager"), required=False, coerce=int,
                                     empty_value=None)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.managers = list(agency_users(agency))
        self.fields["manager"].choices = [("", _("any manager"))] + [
            (user.pk, str(user)) for user in self.managers
        ]
