from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import Deliverable, DeliverableStatus
from retainer.clients.models import Client
from retainer.core.forms import DateInput, SafeModelChoiceField
from retainer.touchpoints.models import Touchpoint

WIDGETS = {
    "held_on": DateInput(),
    "notes": forms.Textarea(attrs={"rows": 4}),
    "feedback": forms.Textarea(attrs={"rows": 3}),
}
HELP = {
    "feedback": _("What the client said about our work, in their words. It may come later: "
                  "add it then."),
}


class TouchpointForm(forms.ModelForm):
    deliverable = SafeModelChoiceField(
        label=_("Milestone"), queryset=None, required=False,
        help_text=_("For a retrospective: the approved milestone it looks back on."))

    class Meta:
        model = Touchpoint
        fields = ["kind", "deliverable", "held_on", "notes", "feedback_requested", "feedback"]
        widgets = WIDGETS
        help_texts = HELP

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].queryset = (
            Deliverable.objects.filter(agreement__client=client,
                                       status=DeliverableStatus.APPROVED,
                                       actual_done__isnull=False)
            .order_by("-actual_done", "-id"))


class TouchpointEditForm(forms.ModelForm):
    class Meta:
        model = Touchpoint
        fields = ["held_on", "notes", "feedback_requested", "feedback"]
        widgets = WIDGETS
        help_texts = HELP
