from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.clients.models import Stage
from retainer.core.forms import DateInput


class StageSetForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    reason = forms.CharField(label=_("Why"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    effective_on = forms.DateField(label=_("Since"), required=False, widget=DateInput(),
                                   help_text=_("Leave empty for today."))


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
