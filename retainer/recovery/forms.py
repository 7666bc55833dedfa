from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.accounts.models import Agency, User
from retainer.core.forms import DateInput, SafeModelChoiceField
from retainer.recovery.models import HoldKind, RecoveryStep
from retainer.recovery.services import FAULTY_WORK_MAX_MIN

COST_MAX = 10**12


class PlanForm(forms.Form):
    faulty_work_min = forms.IntegerField(
        label=_("Work to redo at our cost, minutes"), min_value=0, max_value=FAULTY_WORK_MAX_MIN,
        required=False, help_text=_("Leave empty when there is nothing to redo."))
    our_fault = forms.BooleanField(label=_("The fault is ours"), required=False,
                                   help_text=_("The plan then admits it plainly in writing."))

    def clean_faulty_work_min(self):
        return self.cleaned_data["faulty_work_min"] or 0


class HoldForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the client holds back"), choices=HoldKind.choices)
    since = forms.DateField(label=_("Since"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class StepForm(forms.ModelForm):
    """A step's owner, due date, cost and note; the owner is a member of the agency."""

    cost = forms.DecimalField(label=_("Cost"), min_value=0, max_value=COST_MAX,
                              decimal_places=2, max_digits=14)

    class Meta:
        model = RecoveryStep
        fields = ["owner", "due_on", "cost", "note"]
        field_classes = {"owner": SafeModelChoiceField}
        widgets = {"due_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": _("For the apology letter: what we apologise for, as the letter "
                                "should say it (\"the delay of the spring campaign\").")}

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (User.objects.filter(memberships__agency=agency)
                                         .order_by("full_name", "email"))
