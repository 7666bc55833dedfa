from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.accounts.models import Agency
from retainer.accounts.selectors import agency_users
from retainer.conflicts.models import ConflictCase, ConflictHandover, ConflictStep, Step
from retainer.core.forms import DateTimeInput, SafeModelChoiceField


class CaseForm(forms.ModelForm):
    class Meta:
        model = ConflictCase
        fields = ["title", "nature", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}


NOTE_LABELS = {
    Step.LISTEN: _("What the client said and felt, and how we showed we share it"),
    Step.ANALYSE: _("The causes, rationally"),
    Step.PROPOSE: _("The solution we proposed"),
}


class StepForm(forms.ModelForm):
    step = forms.ChoiceField(choices=Step.choices, required=False, widget=forms.HiddenInput)
    at = forms.DateTimeField(label=_("When"), required=False, widget=DateTimeInput(),
                             help_text=_("Leave empty for now."))

    class Meta:
        model = ConflictStep
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        step = self.initial.get("step")
        if step in NOTE_LABELS:
            self.fields["note"].label = NOTE_LABELS[step]


class CloseForm(forms.ModelForm):
    at = forms.DateTimeField(label=_("Solved at"), required=False, widget=DateTimeInput(),
                             help_text=_("Leave empty for now."))

    class Meta:
        model = ConflictCase
        fields = ["solution"]
        widgets = {"solution": forms.Textarea(attrs={"rows": 3})}
        labels = {"solution": _("How the problem was solved")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].required = True


class HandoverForm(forms.ModelForm):
    to_manager = SafeModelChoiceField(label=_("Hand over to"), queryset=None)

    class Meta:
        model = ConflictHandover
        fields = ["to_manager", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agency: Agency, current_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_manager"].queryset = agency_users(agency).exclude(pk=current_id)
