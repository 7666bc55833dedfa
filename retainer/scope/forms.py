from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from retainer.agreements.models import Agreement, AgreementStatus, Channel
from retainer.clients.models import Client
from retainer.core.forms import DateTimeInput, SafeModelChoiceField
from retainer.scope.models import Answer, ClientRequest, Outcome
from retainer.scope.services import OVERRIDE_REASON_MIN

ESTIMATE_MAX_MIN = 100 * 60 * 8  # a hundred working days: anything larger is a new agreement


class RequestForm(forms.ModelForm):
    estimate_min = forms.IntegerField(
        label=_("Estimate, minutes of work"), min_value=0, max_value=ESTIMATE_MAX_MIN,
        help_text=_("How long the work takes us: 30, 90, 240…"))

    class Meta:
        model = ClientRequest
        fields = ["agreement", "deliverable", "kind", "title", "details", "estimate_min"]
        field_classes = {"agreement": SafeModelChoiceField, "deliverable": SafeModelChoiceField}
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        agreements = Agreement.objects.filter(client=client).order_by("-starts_on", "-id")
        self.fields["agreement"].queryset = agreements
        current = next((a for a in agreements if a.status == AgreementStatus.ACTIVE), None)
        if current is not None and not self.initial.get("agreement"):
            self.initial["agreement"] = current.pk
        self.fields["deliverable"].queryset = (
            self.fields["deliverable"].queryset.filter(agreement__client=client)
            .select_related("agreement").order_by("planned_due", "id"))
        self.fields["deliverable"].label_from_instance = (
            lambda d: f"{d.title} ({d.agreement.title})")

    def clean(self):
        cleaned = super().clean()
        agreement, deliverable = cleaned.get("agreement"), cleaned.get("deliverable")
        if agreement and deliverable and deliverable.agreement_id != agreement.pk:
            self.add_error("deliverable", _("The deliverable belongs to another agreement."))
        return cleaned


class OverrideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    reason = forms.CharField(
        label=_("Why the rules' outcome does not fit"), min_length=OVERRIDE_REASON_MIN,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply to the client"), max_length=20_000,
                            widget=forms.Textarea(attrs={"rows": 12}))


class SendForm(forms.Form):
    """How the reply reached the client: by e-mail from here, or copied into another
    channel (then it is only logged)."""

    channel = forms.ChoiceField(label=_("Sent by"), choices=Channel.choices,
                                initial=Channel.EMAIL)
    contact = SafeModelChoiceField(label=_("To"), queryset=None, required=False)

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        contacts = client.contacts.order_by("-is_decision_maker", "name")
        self.fields["contact"].queryset = contacts
        if not self.is_bound:  # the first decision maker with an address, as a start
            self.initial.setdefault("contact", contacts.filter(is_decision_maker=True)
                                    .exclude(email="").values_list("pk", flat=True).first())

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("contact")
        if cleaned.get("channel") == Channel.EMAIL and (contact is None or not contact.email):
            self.add_error("contact", _("Choose a contact with an e-mail address."))
        return cleaned


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("The client chose"), choices=Answer.choices,
                               widget=forms.RadioSelect)
    agreed_by = SafeModelChoiceField(label=_("Who agreed"), queryset=None, required=False)
    agreed_by_name = forms.CharField(label=_("…or their name"), max_length=200,
                                     required=False)
    agreed_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput(), required=False)

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = client.contacts.order_by("-is_decision_maker",
                                                                     "name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("agreed_by") and not cleaned.get("agreed_by_name", "").strip():
            self.add_error("agreed_by", _("Say who on the client's side agreed."))
        at = cleaned.get("agreed_at")
        if at and at > timezone.now():
            self.add_error("agreed_at", _("The answer cannot come from the future."))
        return cleaned
